"""Forms of the plan: an action, and the plan page's filters.

Practice areas and questions are the ones of the bank the action's
assessment pinned, so an action links only questions that exist there.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.models import Membership
from assessor import vocabulary
from assessor.frameworks import Framework as ParsedFramework
from assessor.frameworks.schema import MAX_LEVEL
from assessor.plans.models import EARLIEST_DUE, LATEST_DUE, Action

DROPPED_NEEDS_REASON = gettext_lazy("Say why the action is dropped.")
ONE_OWNER = gettext_lazy("Choose a member or type a name, not both.")
# What a participant may change on an action they own; the rest is the facilitator's.
OWNER_FIELDS = ("status", "dropped_reason", "description", "due_date")


class ActionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
    dimension = forms.ChoiceField(label=gettext_lazy("Practice area"))
    question_keys = forms.MultipleChoiceField(
        label=gettext_lazy("Questions it should move"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("All of the practice area chosen above."),
    )
    owner = forms.ChoiceField(label=pgettext_lazy("action owner", "Owner"), required=False)
    owner_name = forms.CharField(
        label=gettext_lazy("…or someone without an account"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("A name, for an owner who does not sign in here."),
    )
    due_date = forms.DateField(
        label=gettext_lazy("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=Action.Status.choices, initial=Action.Status.TODO
    )
    dropped_reason = forms.CharField(
        label=gettext_lazy("Why dropped"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Needed when dropped."),
    )
    target_level = forms.TypedChoiceField(
        label=gettext_lazy("Target level"),
        choices=[("", gettext_lazy("Not set"))] + [(str(n), str(n)) for n in range(MAX_LEVEL + 1)],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(
        self,
        *args,
        framework: ParsedFramework,
        areas: tuple[str, ...],
        members: list[Membership],
        limited: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.members = {str(m.code): m for m in members}
        dimensions = [d for d in framework.dimensions if d.area in areas]
        self.fields["dimension"].choices = [(d.key, d.title) for d in dimensions]
        # The chosen practice area's questions first: the ones to tick are in view.
        chosen = self.data.get("dimension") or self.initial.get("dimension")
        grouped = sorted(dimensions, key=lambda d: d.key != chosen)
        self.fields["question_keys"].choices = [
            (d.title, [(q.key, q.text) for q in d.questions]) for d in grouped
        ]
        self.fields["owner"].choices = [("", _("Nobody yet"))] + [
            (code, m.user.display_name) for code, m in self.members.items()
        ]
        # "Level 3" in the language of this request.
        self.fields["target_level"].choices = [("", _("Not set"))] + [
            (str(n), vocabulary.level_label(n)) for n in range(MAX_LEVEL + 1)
        ]
        if limited:
            for name in list(self.fields):
                if name not in OWNER_FIELDS:
                    del self.fields[name]

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due is not None and not EARLIEST_DUE <= due <= LATEST_DUE:
            raise ValidationError(
                _("Choose a date between %(first)s and %(last)s.")
                % {"first": EARLIEST_DUE.year, "last": LATEST_DUE.year}
            )
        return due

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == Action.Status.DROPPED
            and not data.get("dropped_reason", "").strip()
        ):
            self.add_error("dropped_reason", DROPPED_NEEDS_REASON)
        if data.get("owner") and data.get("owner_name", "").strip():
            self.add_error("owner_name", ONE_OWNER)
        dimension = data.get("dimension")
        if dimension and data.get("question_keys"):
            own = {q.key for q in self.framework.questions_of(dimension)}
            other = [k for k in data["question_keys"] if k not in own]
            if other:
                self.add_error(
                    "question_keys",
                    _("These questions are of another practice area: %(questions)s")
                    % {"questions": "; ".join(self.framework.question(k).text for k in other)},
                )
        return data

    def changes(self) -> dict:
        """The cleaned values as the plan services take them."""
        data = dict(self.cleaned_data)
        if "owner" in data:
            member = self.members.get(data["owner"])
            data["owner"] = member.user if member else None
            data["owner_name"] = data["owner_name"].strip()
        if "dropped_reason" in data:
            data["dropped_reason"] = data["dropped_reason"].strip()
        return data


def initial_values(action: Action, members: list[Membership]) -> dict:
    """An action as its form shows it (the owner as their membership's code)."""
    owner = next((m for m in members if m.user_id == action.owner_id), None)
    return {
        "title": action.title,
        "description": action.description,
        "dimension": action.dimension,
        "question_keys": action.question_keys,
        "owner": str(owner.code) if owner else "",
        "owner_name": action.owner_name,
        "due_date": action.due_date,
        "status": action.status,
        "dropped_reason": action.dropped_reason,
        "target_level": action.target_level,
    }


class PlanFilterForm(forms.Form):
    """The plan page's filters; every one is optional and an unknown value is
    ignored rather than refused, as a shared link may outlive a member."""

    OVERDUE = "overdue"
    OPEN = "open"

    assessment = forms.ChoiceField(label=gettext_lazy("Assessment"), required=False)
    area = forms.ChoiceField(label=gettext_lazy("Practice area"), required=False)
    owner = forms.ChoiceField(label=pgettext_lazy("action owner", "Owner"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, *args, assessments, areas, members, named, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].choices = [("", _("All assessments"))] + [
            (str(a.code), a.title) for a in assessments
        ]
        self.fields["area"].choices = [("", _("All practice areas"))] + list(areas)
        self.fields["owner"].choices = (
            [("", _("Anyone")), ("none", _("Nobody yet"))]
            + [(str(m.code), m.user.display_name) for m in members]
            + [(f"name:{name}", name) for name in named]
        )
        self.fields["status"].choices = [
            ("", _("Any status")),
            (self.OPEN, _("Open (to do or doing)")),
            (self.OVERDUE, _("Overdue")),
            *Action.Status.choices,
        ]

    def chosen(self) -> dict[str, str]:
        """Each filter's value; "" for none or one that names nothing here."""
        chosen = {}
        for name, field in self.fields.items():
            value = str(self.data.get(name, ""))
            valid = {str(key) for key, _ in field.choices}
            chosen[name] = value if value in valid else ""
        return chosen
