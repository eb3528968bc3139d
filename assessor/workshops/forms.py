from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessor import vocabulary
from assessor.frameworks.schema import MAX_LEVEL
from assessor.workshops.models import JOIN_CODE_LENGTH, normalize_join_code
from assessor.workshops.slides import UNKNOWN

COMMENT_MAX = 500
LEVEL_CHOICES = [(str(n), vocabulary.level_label(n)) for n in range(MAX_LEVEL + 1)]


class JoinForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Workshop code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    # Members join with their account's name; guests must give one.
    name = forms.CharField(
        label=gettext_lazy("Your name"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("Shown only to the facilitator, next to your votes."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean_code(self) -> str:
        code = normalize_join_code(self.cleaned_data["code"])
        if len(code) != JOIN_CODE_LENGTH:
            raise forms.ValidationError(
                _("The code has %(count)d letters and digits.") % {"count": JOIN_CODE_LENGTH}
            )
        return code

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())


class VoteForm(forms.Form):
    """A vote on the question on screen: a level, a context question's choice,
    or "don't know". The question is checked against the workshop later (it
    must still be on screen), so any key is accepted here."""

    question = forms.CharField(max_length=80)
    choice = forms.CharField(
        max_length=40,
        error_messages={"required": gettext_lazy("Pick an answer, or “don’t know”.")},
    )
    comment = forms.CharField(required=False, strip=True)

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework
        # A comment too long to store holds back only itself, never the vote.
        self.comment_problem = ""

    def clean_comment(self) -> str | None:
        comment = self.cleaned_data["comment"]
        if len(comment) > COMMENT_MAX:
            self.comment_problem = _(
                "Comment not saved: keep it under %(max)s characters "
                "(it has %(count)s). Your vote is saved."
            ) % {
                "max": number_format(COMMENT_MAX, force_grouping=True),
                "count": number_format(len(comment), force_grouping=True),
            }
            return None
        return comment

    def clean(self):
        data = super().clean()
        key, choice = data.get("question"), data.get("choice")
        if key is None or choice is None:
            return data
        if self.framework.has_context_question(key):
            allowed = (*self.framework.context_question(key).choice_keys, UNKNOWN)
        else:
            allowed = (*(value for value, _ in LEVEL_CHOICES), UNKNOWN)
        if choice not in allowed:
            self.add_error("choice", _("Pick one of the answers, or “don’t know”."))
        return data

    @property
    def level(self) -> int | None:
        choice = self.cleaned_data["choice"]
        return int(choice) if choice.isdigit() else None

    @property
    def context_choice(self) -> str:
        choice = self.cleaned_data["choice"]
        return "" if choice.isdigit() or choice == UNKNOWN else choice


class GoForm(forms.Form):
    # A question key, or "join" for the join slide.
    to = forms.CharField(max_length=80)


class ConsensusForm(forms.Form):
    """The facilitator's decision: "median", a level, "na" (scored questions),
    a choice key (context questions) or "unknown". "median_anyway" accepts a
    median that the board flagged as a level nobody voted for."""

    decision = forms.CharField(max_length=40)
    note = forms.CharField(max_length=2000, required=False, strip=True)

    def __init__(self, *args, slide=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.slide = slide

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision is None or self.slide is None:
            return data
        if self.slide.context:
            allowed = (*self.slide.values, UNKNOWN)
        else:
            allowed = ("median", "median_anyway", *self.slide.values, "na", UNKNOWN)
        if decision not in allowed:
            self.add_error("decision", _("Pick one of the answers."))
        if decision == "na" and not data.get("note"):
            self.add_error("note", _(vocabulary.NA_NEEDS_NOTE))
        return data
