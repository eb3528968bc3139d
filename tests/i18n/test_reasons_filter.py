"""Reasons the room disagrees on are listed the way each language punctuates a list."""

from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template("{% load advice_words %}{{ items|reasons }}")


def render(language: str, items: list[str]) -> str:
    with translation.override(language):
        return TEMPLATE.render(Context({"items": items}))


def test_french_puts_a_narrow_no_break_space_before_the_semicolon():
    assert render("en", ["spread of 3 levels", "2 don't know"]) == (
        "spread of 3 levels; 2 don&#x27;t know"
    )
    assert render("fr", ["écart de 3 niveaux", "2 ne savent pas"]) == (
        "écart de 3 niveaux\u202f; 2 ne savent pas"
    )


def test_each_reason_is_escaped():
    assert render("de", ["<b>x</b>"]) == "&lt;b&gt;x&lt;/b&gt;"
