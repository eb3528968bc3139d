"""No template of ours holds inline script, inline style or an inline event
handler: the Content-Security-Policy (no 'unsafe-inline', no 'unsafe-eval')
would block them in the browser. Behaviour goes into static/js, looks into
static/css classes; SVG presentation attributes (fill=, width=) are fine."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines

RULES = {
    "inline <script>": re.compile(
        r"<script\b(?![^>]*\bsrc=)(?![^>]*type=[\"']application/(?:ld\+)?json)[^>]*>", re.I
    ),
    "<style> element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"[\s\"']style\s*=", re.I),
    "inline event handler": re.compile(r"\son[a-z]+\s*=\s*[\"'{]", re.I),
    "hx-on attribute": re.compile(r"\b(?:data-)?hx-on\b", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    # htmx evaluates these with Function(): refused under the policy.
    "htmx event filter": re.compile(r"hx-trigger=[\"'](?:[^\"']*,\s*)?\s*[\w:.-]+\[", re.I),
    "htmx js: value": re.compile(r"hx-(?:vals|headers)=[\"']\s*js:|hx-vars=", re.I),
}


# Template comments are never sent to the browser; blanked out (newlines
# kept, so line numbers still match) before the scan.
COMMENTS = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)


def problems_in(text: str) -> list[str]:
    text = COMMENTS.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    found = []
    for rule, pattern in RULES.items():
        for m in pattern.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            found.append(f"line {line}: {rule}: {m.group(0)[:60]}")
    return found


def our_templates() -> list[Path]:
    """Every template file the project's engines load from our own code."""
    root = Path(settings.BASE_DIR).resolve()
    dirs = set()
    for engine in engines.all():
        for d in engine.template_dirs:
            d = Path(d).resolve()
            if d.is_relative_to(root) and ".venv" not in d.parts:
                dirs.add(d)
    return sorted(p for d in dirs for p in d.rglob("*") if p.is_file())


def test_the_scan_sees_every_template():
    files = our_templates()
    assert Path(settings.BASE_DIR, "templates", "base.html").resolve() in files
    assert len(files) > 40


@pytest.mark.parametrize(
    "bad",
    [
        "<script>alert(1)</script>",
        "<script type='module'>x()</script>",
        "<style>p{}</style>",
        '<div class="card" style="max-width:40rem">',
        "<svg><rect style='fill:red'/></svg>",
        '<input onclick="this.select()">',
        "<select onchange='this.form.submit()'>",
        '<button hx-on:click="go()">',
        '<button hx-on::after-request="go()">',
        '<a href="javascript:go()">',
        """<form hx-trigger="submit, change[target.name=='choice']">""",
        """<form hx-trigger="keyup[key=='Enter']">""",
        """<div hx-vals='js:{a: 1}'>""",
    ],
)
def test_the_scan_catches(bad):
    assert problems_in(bad), bad


@pytest.mark.parametrize(
    "good",
    [
        '<script src="/static/js/app.js" defer></script>',
        '<script id="data" type="application/json">{"a": 1}</script>',
        '<rect width="40" height="1" fill="#1d4ed8"/>',
        '<form hx-trigger="submit, change, input changed delay:800ms from:find input[type=url]">',
        "<p>Decide on: the style of the roadmap</p>",
        '<input data-select-all value="x">',
        '{# a bar as SVG, not style="width: 3%" #}<svg></svg>',
        "{% comment %}no <script> here{% endcomment %}",
    ],
)
def test_the_scan_lets_through(good):
    assert problems_in(good) == []


def test_no_template_has_inline_script_style_or_handlers():
    found = {
        str(path.relative_to(settings.BASE_DIR)): problems
        for path in our_templates()
        if (problems := problems_in(path.read_text(encoding="utf-8", errors="replace")))
    }
    assert found == {}
