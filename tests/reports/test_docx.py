"""The Word report read back with python-docx: its headings, tables, pictures,
brand and escaping match the snapshot it was rendered from."""

import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from reports import content, rendering
from reports.docx import render_docx
from reports.models import Report
from tests.reports.office import (
    BRAND,
    HOSTILE_SHOWN,
    PLAN,
    full_report,
    internal_keys,
    keys_in,
)


@pytest.fixture
def report(assessment, personas):
    return full_report(assessment, personas, Report.Variant.DOCX)


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    section = document.sections[0]
    parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_the_sections_are_word_headings(report):
    document = open_docx(render_docx(report.snapshot))

    assert headings(document, 1) == [
        "Executive summary",
        f"Progress since {content.document_content(report.snapshot)['progress_since']:%-d %B %Y}",
        "What the plan achieved",
        "Where you stand: DevOps and MLOps",
        "Gap analysis",
        "Delivery performance profile",
        "Phased roadmap",
        "Answers by practice area",
        "Expired evidence",
        "Appendix: where the team disagreed",
        "Appendix: methodology",
    ]
    # The navigation pane shows every practice area under its area.
    level_2 = headings(document, 2)
    assert {area["title"] for area in report.snapshot["areas"]} <= set(level_2)
    level_3 = headings(document, 3)
    for dimension in report.snapshot["dimensions"]:
        assert dimension["title"] in level_3
    # A real table-of-contents field Word fills in, over 1-2 heading levels.
    body = document.element.body.xml
    assert 'TOC \\o "1-2" \\h \\z \\u' in body
    assert document.settings.element.find(qn("w:updateFields")) is not None


def test_the_tables_hold_the_snapshots_figures(report):
    snapshot = report.snapshot
    document = open_docx(render_docx(snapshot))
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]

    gaps = next(t for t in tables if t[0][:2] == ["#", "Practice area"])
    assert [row[1] for row in gaps[1:]] == [g["title"] for g in snapshot["advice"]["gaps"]]
    for row, gap in zip(gaps[1:], snapshot["advice"]["gaps"], strict=True):
        assert row[4] == f"{gap['target']:.1f}" and row[5] == f"{gap['gap']:.1f}"
    # Every answer, with its level in words.
    head = ["Question", "Answer", "Notes and evidence"]
    answers = [row for t in tables if t[0] == head for row in t[1:]]
    questions = [q for d in snapshot["dimensions"] for q in d["questions"]]
    assert [row[0] for row in answers] == [q["text"] for q in questions]
    for row, question in zip(answers, questions, strict=True):
        assert row[1].startswith(question["state_label"])
    # Evidence past its valid-until day is flagged with its answer and listed.
    # the day as people write it in the report's language, not the ISO key
    assert "Evidence expired (valid until 31 January 2025)" in answers[0][2]
    expired = next(t for t in tables if t[0][:2] == ["Question", "Answer"] and len(t[0]) == 5)
    assert [row[4] for row in expired[1:]] == ["31 Jan 2025"]
    # The roadmap, phase by phase.
    plans = [t for t in tables if t[0][:2] == ["Practice area", "From → to"]]
    assert [[row[0] for row in t[1:]] for t in plans] == [
        [item["title"] for item in phase["items"]]
        for phase in snapshot["advice"]["phases"]
        if phase["items"]
    ]


def test_no_row_breaks_across_pages_and_headers_repeat(report):
    document = open_docx(render_docx(report.snapshot))

    assert len(document.tables) > 20
    for table in document.tables:
        for row in table.rows:
            tr_pr = row._tr.trPr
            assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None
        first = table.rows[0]._tr.trPr
        if len(table.columns) > 1 and table.rows[0].cells[0].text in ("Question", "#"):
            assert first.find(qn("w:tblHeader")) is not None


def test_the_charts_are_pictures(report):
    data = render_docx(report.snapshot)
    document = open_docx(data)

    # Trend, radar, bars and the roadmap's time line, plus the logo on the cover.
    assert len(document.inline_shapes) == 5
    media = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/media/")]
    assert len(media) == 5 and all(n.endswith(".png") for n in media)


def test_the_brand_dresses_the_document(report):
    snapshot = {**report.snapshot, "brand": BRAND}
    document = open_docx(render_docx(snapshot))

    assert document.core_properties.author == BRAND["name"]
    text = all_text(document)
    for value in (BRAND["name"], BRAND["footer_text"], BRAND["contact_line"]):
        assert value in text
    assert BRAND["cover_statement"] in text
    primary = BRAND["primary"].lstrip("#").upper()
    assert str(document.styles["Heading 1"].font.color.rgb) == primary
    scores = next(t for t in document.tables if t.rows[0].cells[0].text == "Index")
    head_cell = scores.rows[0].cells[0]._tc
    assert head_cell.tcPr.find(qn("w:shd")).get(qn("w:fill")) == primary


def test_user_text_stays_text(report):
    data = render_docx(report.snapshot)
    document = open_docx(data)

    text = all_text(document)
    assert HOSTILE_SHOWN in text
    # The note is one run of text in one cell: it made no paragraph of its own.
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "Break &lt;w:p&gt;&lt;w:r&gt;&lt;w:t&gt;out&lt;/w:t&gt;" in xml
    assert "]]&gt; &amp; &amp;amp;" in xml
    assert "<w:t>out</w:t>" not in xml


def test_no_internal_key_reaches_the_reader(report):
    text = all_text(open_docx(render_docx(report.snapshot)))
    assert keys_in(text, internal_keys(report.snapshot)) == set()


def test_the_worker_side_renders_the_docx_variant(report):
    assert rendering.render_document(report.snapshot, report.variant)[:2] == b"PK"
    assert report.download_name().endswith(f"-v{report.number}.docx")
    assert report.storage_name.endswith(".docx")


def test_what_the_plan_achieved_has_its_chapter(report):
    document = open_docx(render_docx({**report.snapshot, "plan": PLAN}))

    assert headings(document, 1)[2] == "What the plan achieved"
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    outcome = next(t for t in tables if t[0][:2] == ["Practice area", "Actions done"])
    assert outcome[1] == [PLAN["moved"][0]["title"], "1", "2.0", "3.1", "moved ▲ +1.1"]
    done = next(t for t in tables if t[0] == ["Action", "Practice area", "Owner", "Done on"])
    assert done[1][0].startswith("Pipeline for the pricing service")
    dropped = next(t for t in tables if t[0] == ["Action", "Practice area", "Why", "Dropped on"])
    assert dropped[1][2] == "A managed service replaced it"
