from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.audit.models import ORGANIZATION_KINDS, AuditEventQuerySet


class LogFilterForm(forms.Form):
    """The filters of an organization's log page and of its CSV export.

    A filter left empty does not narrow. A bad value (a hand-edited URL, an
    end before the start) is shown as an error beside its field, and the
    list is narrowed by the valid filters only.
    """

    kind = forms.ChoiceField(
        label=_("Event"),
        required=False,
        choices=[("", _("All events"))] + [(k.value, k.label) for k in ORGANIZATION_KINDS],
    )
    # Who acted, or whom it concerned.
    who = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=254,
        widget=forms.TextInput({"placeholder": _("part of an email address")}),
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", gettext("The end date is before the start date."))
        return data

    def apply(self, events: AuditEventQuerySet) -> AuditEventQuerySet:
        """`events` narrowed by every valid filter."""
        data = self._valid_part()
        if data.get("kind"):
            events = events.filter(kind=data["kind"])
        if data.get("who"):
            who = data["who"].strip()
            events = events.filter(Q(actor_email__icontains=who) | Q(target__icontains=who))
        if data.get("since"):
            events = events.filter(at__gte=_start_of(data["since"]))
        # The calendar's last day has no next day to end before: nothing to narrow.
        if data.get("until") and data["until"] < date.max:
            events = events.filter(at__lt=_start_of(data["until"] + timedelta(days=1)))
        return events

    def _valid_part(self) -> dict:
        self.is_valid()  # runs the validation once
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}

    def filters(self) -> dict[str, str]:
        """The valid filters in use, as text (for the pager, the export link
        and the export's own audit entry)."""
        return {name: str(value) for name, value in self._valid_part().items() if value}

    def query(self) -> str:
        return urlencode(self.filters())


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
