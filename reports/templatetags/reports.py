"""Template helpers of the report pages."""

from django import template

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
