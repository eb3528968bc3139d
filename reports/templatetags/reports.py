"""Template helpers of the report pages."""

import datetime

from django import template

from reports import wording
from reports.models import Report
from reports.services import error_in_words

register = template.Library()


@register.filter
def report_error(error: str) -> str:
    """A failed report's error in the reader's language (reports/services.py)."""
    return error_in_words(error)


@register.simple_tag
def report_variants() -> list[tuple[str, str]]:
    """(value, label) of every format a report can be generated in, PDF first."""
    return list(Report.Variant.choices)


@register.filter
def day(value) -> str:
    """A day in the report's language (reports.wording.day)."""
    return wording.day(value)


@register.filter
def moment(value) -> str:
    return wording.moment(value)


@register.filter
def short_day(value) -> str:
    return wording.short_day(value)


@register.filter
def isodate(value: str | None) -> datetime.date | None:
    """A snapshot's ISO day ("2026-12-31") as a date, for the `date` filter to
    print in the active language."""
    return datetime.date.fromisoformat(value) if value else None
