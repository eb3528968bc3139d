"""`{% load advice_words %}`: names from the brain and the bank, in the reader's language.

List pages show figures stored with each assessment (`Assessment.headline`),
saved in whatever language was active at the time; a path is shown from its
key instead, and a bank's title from its stored translation.
"""

import time

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from assessor import advice
from assessor.brain import i18n as brain_words
from assessor.models import FrameworkTranslation, language_code

register = template.Library()

# A list page names the same bank on every row: one query per bank and
# language per minute and process, not one per row. A corrected translation
# shows within the minute.
TITLE_TTL = 60.0
_titles: dict[tuple[int, str, str], tuple[float, str | None]] = {}


@register.filter
def path_title(headline) -> str:
    """`{{ assessment.headline|path_title }}`: the recommended path's title."""
    headline = headline or {}
    outcome = headline.get("path")
    if outcome in advice.PATHS:
        return advice.path_title(outcome)
    return headline.get("path_title", "")


@register.filter(needs_autoescape=True)
def reasons(items, autoescape=True) -> str:
    """`{{ summary.reasons|reasons }}`: "a; b", spaced as the language wants (French " ; ")."""
    escape = conditional_escape if autoescape else str
    return mark_safe(brain_words.reasons(escape(item) for item in items))  # noqa: S308 - items escaped


@register.filter
def bank_title(framework) -> str:
    """`{{ assessment.framework|bank_title }}`: the bank's title in the active language."""
    code = language_code(get_language())
    if code == "en":
        return framework.title
    key = (framework.pk, framework.sha256, code)
    cached = _titles.get(key)
    if cached is None or time.monotonic() - cached[0] > TITLE_TTL:
        title = (
            FrameworkTranslation.objects.filter(framework_id=framework.pk, language=code)
            .values_list("document__title", flat=True)
            .first()
        )
        cached = _titles[key] = (time.monotonic(), title)
    return cached[1] or framework.title
