"""`{% load plans %}`: a question's plan from the dict beside.question_plans made."""

from django import template

register = template.Library()


@register.filter
def plan_of(plans: dict | None, key: str):
    """`plans|plan_of:q.key`: that question's QuestionPlan, or None."""
    return (plans or {}).get(key)
