"""Forms of the assessment wizard.

The answer form validates against the assessment's pinned framework, so a
level out of range, an unknown question or a choice from another question is
refused with a message a workshop room understands.
"""

import datetime

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from assessor import vocabulary
from assessor.assessment_language import language_choices
from assessor.frameworks import Framework as ParsedFramework
from assessor.frameworks.schema import MAX_LEVEL
from assessor.models import Assessment, Framework
from assessor.services import UNCHANGED

NOTE_MAX = 4000
EVIDENCE_MAX = 500
# A valid-until day outside these is a typo (20226), not a plan.
EVIDENCE_UNTIL_EARLIEST = datetime.date(2000, 1, 1)
EVIDENCE_UNTIL_LATEST = datetime.date(2100, 12, 31)


class StartForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        help_text=gettext_lazy("For example “Readiness baseline, spring 2027”."),
    )
    framework = forms.ModelChoiceField(
        queryset=Framework.objects.none(), empty_label=None, label=gettext_lazy("Question bank")
    )
    scope = forms.ChoiceField(
        label=pgettext_lazy("assessment scope", "Scope"),
        choices=Assessment.Scope.choices,
        initial=Assessment.Scope.BOTH,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        banks = Framework.objects.order_by("key", "-version").defer("document")
        self.fields["framework"].queryset = banks
        self.fields["framework"].initial = _latest_builtin(banks)

    def add_target_fields(self, framework: ParsedFramework) -> None:
        """One optional target per practice dimension; blank means the path's default.
        A profile dimension (the DORA keys) describes, so it takes no target."""
        for dimension in framework.dimensions:
            if dimension.is_profile:
                continue
            self.fields[f"target_{dimension.key}"] = forms.TypedChoiceField(
                label=dimension.title,
                choices=[("", _("Default for the path"))] + [(str(n), str(n)) for n in range(5)],
                coerce=int,
                empty_value=None,
                required=False,
            )

    def add_language_field(self, framework: Framework, initial: str) -> None:
        """The assessment's language: English or one the bank has a translation into."""
        self.fields["language"] = language_field(framework, initial)

    def target_fields(self):
        return [self[name] for name in self.fields if name.startswith("target_")]

    def targets(self) -> dict[str, int]:
        return {
            name.removeprefix("target_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("target_") and value is not None
        }


def language_field(framework: Framework, initial: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=gettext_lazy("Language of the assessment"),
        choices=language_choices(framework.languages()),
        initial=initial,
        # Left out (an older form, a script): the creator's language when the bank has it.
        required=False,
        help_text=gettext_lazy(
            "The wizard, the workshop screens, the results and the reports use it, "
            "question bank included. It can be changed later."
        ),
    )


class FollowUpForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)


def _latest_builtin(banks) -> Framework | None:
    builtin = [fw for fw in banks if fw.builtin]
    return max(builtin, key=lambda fw: fw.version, default=None)


class AnswerForm(forms.Form):
    """One answer to one question, as posted by the wizard (htmx or plain).

    A note or evidence that cannot be stored holds back only itself: the form
    stays valid, `held` names the field and what to fix, and its cleaned value
    is None (keep what is stored), so the level and the other fields save.
    """

    question = forms.CharField(max_length=80)
    value = forms.CharField(max_length=40, required=False)
    note = forms.CharField(required=False, strip=True)
    # A link, or where to find it ("Confluence > Planning").
    evidence = forms.CharField(required=False, strip=True)
    # Who keeps the evidence current (a member's membership code) and the last
    # day it holds. A form that does not send them keeps what is stored.
    evidence_owner = forms.CharField(required=False, max_length=40)
    evidence_until = forms.CharField(required=False, max_length=20)
    version = forms.IntegerField(min_value=0)
    # "Keep mine" after a conflict: save over the newer version the user has now seen.
    resolve_version = forms.IntegerField(min_value=0, required=False)
    client = forms.CharField(max_length=40, required=False)

    def __init__(
        self,
        *args,
        framework: ParsedFramework,
        areas: tuple[str, ...],
        members: dict | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.areas = areas
        # Membership code (str) -> user: whom evidence can belong to.
        self.members = members or {}
        self.held: dict[str, str] = {}

    def clean_evidence_owner(self):
        if "evidence_owner" not in self.data:
            return UNCHANGED
        code = self.cleaned_data["evidence_owner"].strip()
        if not code:
            return None
        if code not in self.members:
            self.held["evidence_owner"] = _("Not saved: pick a member of this organization.")
            return UNCHANGED
        return self.members[code]

    def clean_evidence_until(self):
        if "evidence_until" not in self.data:
            return UNCHANGED
        text = self.cleaned_data["evidence_until"].strip()
        if not text:
            return None
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            day = None
        if day is None or not EVIDENCE_UNTIL_EARLIEST <= day <= EVIDENCE_UNTIL_LATEST:
            self.held["evidence_until"] = _(
                "Not saved: give the valid-until day as a date (YYYY-MM-DD) between 2000 and 2100."
            )
            return UNCHANGED
        return day

    def clean_question(self) -> str:
        key = self.cleaned_data["question"]
        fw = self.framework
        in_scope = fw.has_context_question(key) or (
            key in {q.key for q in fw.scored_questions}
            and fw.dimension(fw.question(key).dimension).area in self.areas
        )
        if not in_scope:
            raise forms.ValidationError(
                _("There is no question “%(key)s” in this assessment.") % {"key": key}
            )
        return key

    def clean_note(self) -> str | None:
        note = self.cleaned_data["note"]
        if len(note) > NOTE_MAX:
            self.held["note"] = _(
                "Not saved: keep the note under %(max)s characters (it has %(count)s)."
            ) % {
                "max": number_format(NOTE_MAX, force_grouping=True),
                "count": number_format(len(note), force_grouping=True),
            }
            return None
        return note

    def clean_evidence(self) -> str | None:
        evidence = self.cleaned_data["evidence"]
        if len(evidence) > EVIDENCE_MAX:
            self.held["evidence"] = _(
                "Not saved: keep the evidence under %(max)s characters "
                "(it has %(count)s); link to a longer text instead."
            ) % {
                "max": number_format(EVIDENCE_MAX, force_grouping=True),
                "count": number_format(len(evidence), force_grouping=True),
            }
            return None
        return evidence

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("resolve_version") is not None:
            cleaned["version"] = cleaned["resolve_version"]
        key, value = cleaned.get("question"), cleaned.get("value", "")
        if key is None:
            return cleaned
        ref = vocabulary.question(self.framework, key)
        parsed = vocabulary.parse_value(ref, value)
        if parsed is None:
            self.add_error(
                "value",
                _("Pick one of the listed answers, or “don’t know”.")
                if ref.is_context
                else _("Choose a level from 0 to %(max)s, N/A or “don’t know”.")
                % {"max": MAX_LEVEL},
            )
            return cleaned
        state, level, choice = parsed
        cleaned["state"], cleaned["level"], cleaned["choice"] = state, level, choice
        note = cleaned.get("note") or ""  # None: held back, so no note for N/A
        problems = vocabulary.answer_problems(self.framework, key, state, level, choice, note)
        for field, message in problems.items():
            if field == "note":
                self.held.pop("note", None)  # the rule's message says it better
            self.add_error("note" if field == "note" else "value", message)
        return cleaned
