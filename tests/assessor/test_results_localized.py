"""German and French write 2,5 where English writes 2.5. On a page that is
what people read; in an SVG width, a coordinate, a data-* attribute or an
input's value it would break a meter or a chart. The results page in German
shows localized figures and keeps every machine-read number unlocalized."""

import re

import pytest
from django.urls import reverse

from assessor import services
from assessor.models import Answer

# Attributes whose value a browser or a script reads as a number.
NUMERIC_ATTRIBUTE = re.compile(
    r"\s(width|height|x|y|x1|x2|y1|y2|dx|dy|cx|cy|r|viewBox|points|d|transform"
    r'|aria-value(?:now|min|max)|value|data-[\w-]+)="([^"]*)"'
)
DECIMAL_COMMA = re.compile(r"\d,\d")
NUMBER = r"-?\d+(?:\.\d+)?"
# An SVG point list or path: "x,y" pairs, so one comma per pair at most.
POINT = re.compile(rf"{NUMBER}(?:,{NUMBER})?")


def machine_readable(name: str, value: str) -> bool:
    if name in ("points", "d"):
        tokens = re.sub(r"[A-Za-z]", " ", value).split()
        return all(POINT.fullmatch(token) for token in tokens)
    return not DECIMAL_COMMA.search(value)


@pytest.fixture
def half_answered(personas, framework):
    assessment = services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Lokalisiert",
        scope="both",
        targets={},
        user=personas.alice,
    )
    # Alternate levels 2 and 3 so the indices and percentages have decimals.
    for n, question in enumerate(framework.parsed.scored_questions):
        Answer.objects.create(
            assessment=assessment,
            question_key=question.key,
            state="answered",
            level=2 + n % 2,
            answered_by=personas.alice,
            version=1,
        )
    return assessment


@pytest.mark.parametrize("language", ["de", "fr"])
def test_results_show_decimal_commas_but_attributes_keep_points(
    personas, half_answered, login, language
):
    # Assessment pages speak the assessment's language, whatever the reader's.
    half_answered.language = language
    half_answered.save(update_fields=["language"])
    url = reverse("assessor:results", args=["acme", half_answered.code])

    page = login(personas.alice).get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    # People read the indices the local way ("2,5 / 4")...
    stat_values = re.findall(r'<div class="stat-value">([^<]*)<', page)
    assert stat_values and all(DECIMAL_COMMA.search(v) for v in stat_values), stat_values
    # ...and no number a machine reads carries a decimal comma.
    wrong = [
        (name, value)
        for name, value in NUMERIC_ATTRIBUTE.findall(page)
        if not machine_readable(name, value)
    ]
    assert not wrong
    widths = re.findall(r'<rect width="([^"]*)" height="4" class="meter-fill"', page)
    assert widths and all(re.fullmatch(r"\d+", w) for w in widths), widths
