"""Template helpers of the report pages."""

import datetime

from django import template

from reports.models import Report

register = template.Library()


@register.simple_tag
def report_variants() -> list[tuple[str, str]]:
    """(value, label) of every format a report can be generated in, PDF first."""
    return list(Report.Variant.choices)


@register.filter
def isodate(value: str | None) -> datetime.date | None:
    """A snapshot's ISO day ("2026-12-31") as a date, for the `date` filter to
    print in the active language."""
    return datetime.date.fromisoformat(value) if value else None
