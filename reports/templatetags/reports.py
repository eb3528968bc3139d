"""Template helpers of the report pages."""

from django import template

from reports.models import Report

register = template.Library()


@register.simple_tag
def report_variants() -> list[tuple[str, str]]:
    """(value, label) of every format a report can be generated in, PDF first."""
    return list(Report.Variant.choices)
