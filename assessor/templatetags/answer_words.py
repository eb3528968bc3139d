"""`{% load answer_words %}`: the answer vocabulary's words in templates.

Templates used to spell "Don't know", "N/A" and "level N" by hand; these
filters take them from assessor.vocabulary, so each has one translated source.
"""

from django import template
from django.utils.translation import pgettext_lazy

from assessor import vocabulary

register = template.Library()

# DORA clusters are keys (CSS classes, stored values); these are their names on screen.
CLUSTER_NAMES = {
    "low": pgettext_lazy("DORA cluster", "Low"),
    "medium": pgettext_lazy("DORA cluster", "Medium"),
    "high": pgettext_lazy("DORA cluster", "High"),
    "elite": pgettext_lazy("DORA cluster", "Elite"),
}


@register.simple_tag
def state_label(state: str) -> str:
    """`{% state_label "unknown" %}`: "Don't know", "N/A", "Not answered" in the active language."""
    return str(vocabulary.STATE_LABELS.get(state, vocabulary.STATE_LABELS[vocabulary.UNANSWERED]))


@register.filter
def level_label(level) -> str:
    """`{{ 3|level_label }}`: "Level 3" in the active language."""
    return str(vocabulary.level_label(level))


@register.filter
def cluster_name(cluster: str) -> str:
    """`{{ "elite"|cluster_name }}`: a DORA cluster's name in the active language."""
    return str(CLUSTER_NAMES.get(cluster, cluster))
