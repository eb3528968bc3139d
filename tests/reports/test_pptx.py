"""The readout deck read back with python-pptx: native charts whose series
are the snapshot's figures, speaker notes on every slide, the brand, and
user text kept as text."""

import io
import zipfile

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from reports import content, rendering, services
from reports.models import Report
from reports.pptx import render_pptx
from tests.reports.office import (
    BRAND,
    HOSTILE,
    HOSTILE_SHOWN,
    PLAN,
    full_report,
    internal_keys,
    keys_in,
)


@pytest.fixture
def report(assessment, personas):
    return full_report(assessment, personas, Report.Variant.PPTX)


def open_pptx(data: bytes):
    return Presentation(io.BytesIO(data))


def titles(deck) -> list[str]:
    return [slide.shapes.title.text if slide.shapes.title else "" for slide in deck.slides]


def charts(deck) -> dict[str, object]:
    """Each slide's chart by the slide's title."""
    found = {}
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                found[slide.shapes.title.text] = shape.chart
    return found


def slide_text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_deck_tells_the_story_in_10_to_14_slides(report):
    deck = open_pptx(render_pptx(report.snapshot))
    since = content.document_content(report.snapshot)["progress_since"]

    assert 10 <= len(deck.slides) <= 14
    assert titles(deck)[1:] == [
        "Our recommendation",
        "Why this path",
        "Where you stand: practice areas",
        "Current and target maturity",
        "Delivery performance profile",
        f"Progress since {since:%-d %B %Y}",
        "What the plan achieved",
        "Top gaps to close",
        "The roadmap",
        "Quick wins",
        "Where the team disagreed",
        "Next steps",
        "",  # the closing slide
    ]
    assert report.snapshot["organization"]["name"] in slide_text(deck.slides[0])
    path = report.snapshot["advice"]["path"]
    assert path["title"] in slide_text(deck.slides[1])
    # Every slide has the detail behind it in its speaker notes.
    for slide in deck.slides:
        assert len(slide.notes_slide.notes_text_frame.text) > 40


def test_a_first_assessment_without_workshop_still_has_ten_slides(assessment, personas):
    report = services.report_request(
        assessment=assessment, user=personas.alice, variant=Report.Variant.PPTX
    )
    deck = open_pptx(render_pptx(report.snapshot))

    assert len(deck.slides) == 11  # no progress, no disagreements; the delivery profile
    assert "Where the team disagreed" not in titles(deck)


def test_the_charts_are_native_and_carry_the_snapshots_values(report):
    snapshot = report.snapshot
    found = charts(open_pptx(render_pptx(snapshot)))
    practices = content.practice_scores(content.document_content(snapshot))

    radar = found["Where you stand: practice areas"]
    assert radar.chart_type == XL_CHART_TYPE.RADAR_MARKERS
    shown = [label.replace("\n", " ") for label in radar.plots[0].categories]
    assert shown == [p["title"] for p in practices]
    current, target = radar.plots[0].series
    assert list(current.values) == [p["score"] for p in practices]
    assert list(target.values) == [p["target"] for p in practices]

    bars = found["Current and target maturity"]
    assert bars.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert [s.name for s in bars.plots[0].series] == ["Current", "Target"]
    assert list(bars.plots[0].series[0].values) == [p["score"] for p in practices]

    dora = found["Delivery performance profile"]
    metrics = snapshot["advice"]["dora"]["metrics"]
    assert list(dora.plots[0].categories) == [m["title"] for m in metrics]
    assert list(dora.plots[0].series[0].values) == [
        content.dora_rank(m["cluster"]) for m in metrics
    ]

    since = content.document_content(snapshot)["progress_since"]
    trend = found[f"Progress since {since:%-d %B %Y}"]
    assert trend.chart_type == XL_CHART_TYPE.LINE_MARKERS
    assert list(trend.plots[0].categories) == snapshot["progress"]["trend"]["labels"]
    assert list(trend.plots[0].series[0].values) == snapshot["progress"]["trend"]["devops"]
    assert list(trend.plots[0].series[1].values) == snapshot["progress"]["trend"]["mlops"]

    votes = found["Where the team disagreed"]
    assert votes.chart_type == XL_CHART_TYPE.BAR_STACKED
    bars_of_votes = snapshot["disagreements"][0]["bars"]
    assert [s.values[0] for s in votes.plots[0].series] == [b["count"] for b in bars_of_votes]


def test_the_charts_carry_their_data_for_editing(report):
    data = render_pptx(report.snapshot)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    # Each chart embeds the workbook PowerPoint opens on "Edit data".
    assert len([n for n in names if n.startswith("ppt/embeddings/")]) == 5


def test_the_roadmap_is_a_timeline_of_shapes(report):
    deck = open_pptx(render_pptx(report.snapshot))
    slide = deck.slides[titles(deck).index("The roadmap")]
    text = slide_text(slide)

    for phase in report.snapshot["advice"]["phases"]:
        assert f"Phase {phase['number']}: {phase['title']}" in text
        assert f"months {phase['start_month']}–{phase['end_month']}" in text
        for item in phase["items"][:6]:
            assert item["title"] in text


def test_the_brand_dresses_the_deck(report):
    deck = open_pptx(render_pptx({**report.snapshot, "brand": BRAND}))

    cover = deck.slides[0]
    band = cover.shapes[0]
    assert str(band.fill.fore_color.rgb) == BRAND["primary"].lstrip("#").upper()
    assert BRAND["name"] in slide_text(cover)
    assert BRAND["cover_statement"] in slide_text(cover)
    assert BRAND["contact_line"] in slide_text(deck.slides[-1])
    assert all(BRAND["name"] in slide_text(slide) for slide in deck.slides)
    assert deck.core_properties.author == BRAND["name"]
    radar = charts(deck)["Where you stand: practice areas"]
    line = radar.plots[0].series[0].format.line
    assert str(line.color.rgb) == BRAND["primary"].lstrip("#").upper()
    # Every content slide carries the logo (our mark here: no logo in the brand).
    for slide in deck.slides:
        assert any(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in slide.shapes)


def test_user_text_stays_text(assessment, personas):
    assessment.title = "Readout " + HOSTILE.replace("done", "end")
    assessment.save()
    report = services.report_request(
        assessment=assessment, user=personas.alice, variant=Report.Variant.PPTX
    )
    data = render_pptx(report.snapshot)
    deck = open_pptx(data)

    assert "Readout " + HOSTILE_SHOWN.replace("done", "end") in slide_text(deck.slides[0])
    xml = zipfile.ZipFile(io.BytesIO(data)).read("ppt/slides/slide1.xml").decode()
    assert "&lt;w:p&gt;&lt;w:r&gt;" in xml and "]]&gt; &amp; &amp;amp;" in xml


def test_no_internal_key_reaches_the_reader(report):
    deck = open_pptx(render_pptx(report.snapshot))
    text = "\n".join(
        slide_text(slide) + slide.notes_slide.notes_text_frame.text for slide in deck.slides
    )
    for chart in charts(deck).values():
        text += "\n".join(str(c).replace("\n", " ") for c in chart.plots[0].categories)
    assert keys_in(text, internal_keys(report.snapshot)) == set()


def test_the_worker_side_renders_the_pptx_variant(report):
    assert rendering.render_document(report.snapshot, report.variant)[:2] == b"PK"
    assert report.download_name().endswith(f"-v{report.number}.pptx")


def test_what_the_plan_achieved_gets_a_slide(report):
    deck = open_pptx(render_pptx({**report.snapshot, "plan": PLAN}))

    assert len(deck.slides) == 14
    slide = deck.slides[titles(deck).index("What the plan achieved")]
    text = slide_text(slide)
    assert "1\naction done" in text and "2\nactions still open" in text
    assert "CI/CD pipelines and release automation: 2.0 → 3.1 (1 done)" in text
    assert "Own GPU cluster" in slide.notes_slide.notes_text_frame.text
