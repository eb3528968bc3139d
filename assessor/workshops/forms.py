from django import forms

from assessor import vocabulary
from assessor.frameworks.schema import MAX_LEVEL
from assessor.workshops.models import JOIN_CODE_LENGTH, normalize_join_code

LEVEL_CHOICES = [(str(n), vocabulary.level_label(n)) for n in range(MAX_LEVEL + 1)]


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Workshop code",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    # Members join with their account's name; guests must give one.
    name = forms.CharField(
        label="Your name",
        max_length=40,
        required=False,
        help_text="Shown only to the facilitator, next to your votes.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean_code(self) -> str:
        code = normalize_join_code(self.cleaned_data["code"])
        if len(code) != JOIN_CODE_LENGTH:
            raise forms.ValidationError(f"The code has {JOIN_CODE_LENGTH} letters and digits.")
        return code

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())


class VoteForm(forms.Form):
    question = forms.CharField(max_length=80)
    choice = forms.ChoiceField(
        choices=[*LEVEL_CHOICES, ("unknown", vocabulary.STATE_LABELS["unknown"])]
    )
    comment = forms.CharField(max_length=500, required=False, strip=True)

    @property
    def level(self) -> int | None:
        choice = self.cleaned_data["choice"]
        return None if choice == "unknown" else int(choice)


class GoForm(forms.Form):
    # A question key, or "join" for the join slide.
    to = forms.CharField(max_length=80)


class ConsensusForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("median", "Accept the median"),
            *LEVEL_CHOICES,
            ("na", vocabulary.STATE_LABELS["na"]),
        ]
    )
    note = forms.CharField(max_length=2000, required=False, strip=True)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "na" and not data.get("note"):
            self.add_error("note", vocabulary.NA_NEEDS_NOTE)
        return data
