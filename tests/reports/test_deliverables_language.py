"""Every deliverable in German and in French, read back: the PDF with
pdftotext, the Word report with python-docx, the deck with python-pptx.

Each is rendered the way the worker renders it (reports.rendering, in the
snapshot's language) from snapshots of the same assessment taken in English,
German and French. The translated documents carry their translated headings
and advice, and none of our own English sentences is left in them (what the
bank and the people wrote is theirs, see tests/reports/language.py); the
English render of the same assessment does contain those sentences, so the
check is able to fail.
"""

import re

import pytest

from reports.models import Report
from reports.rendering import render_document
from tests.reports.conftest import pdftotext
from tests.reports.language import (
    docx_text,
    left_in_english,
    normalized,
    our_english,
    pptx_text,
    pptx_titles,
    snapshot_in,
    theirs,
)

HEADINGS = {
    "de": ["Management Summary", "Lückenanalyse", "Roadmap in Phasen", "Anhang: Methodik"],
    "fr": [
        "Synthèse",
        "Analyse des écarts",
        "Feuille de route par phases",
        "Annexe : méthodologie",
    ],
}
SLIDES = {
    "de": [
        "Unsere Empfehlung",
        "Warum dieser Entscheidungspfad",
        "Die Roadmap",
        "Nächste Schritte",
    ],
    "fr": ["Notre recommandation", "Pourquoi cette trajectoire", "La feuille de route"],
}
# Fewer of our English fragments than this in the English render would mean
# the fragment check looks for nothing.
ENGLISH_FOUND_AT_LEAST = 40


@pytest.fixture
def snapshots(db, assessment):
    return {language: snapshot_in(assessment, language) for language in ("en", "de", "fr")}


def pdf_text(snapshot, tmp_path) -> str:
    path = tmp_path / f"report-{snapshot['language']}.pdf"
    path.write_bytes(render_document(snapshot, Report.Variant.STANDARD))
    return pdftotext(path)


def test_the_snapshot_records_its_language_and_the_figures_do_not_change(snapshots):
    english = snapshots["en"]
    for language in ("de", "fr"):
        snapshot = snapshots[language]
        assert snapshot["language"] == language
        assert [a["index"] for a in snapshot["scorecard"]["areas"]] == [
            a["index"] for a in english["scorecard"]["areas"]
        ]
        assert snapshot["advice"]["path"]["outcome"] == english["advice"]["path"]["outcome"]
        assert [(g["dimension"], g["gap"]) for g in snapshot["advice"]["gaps"]] == [
            (g["dimension"], g["gap"]) for g in english["advice"]["gaps"]
        ]
        assert snapshot["advice"]["path"]["title"] != english["advice"]["path"]["title"]


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_pdf_reads_in_the_language_with_no_english_of_ours_left(snapshots, language, tmp_path):
    snapshot = snapshots[language]
    fragments = our_english(snapshot)
    english = pdf_text(snapshots["en"], tmp_path)
    assert len(left_in_english(english, fragments)) >= ENGLISH_FOUND_AT_LEAST

    text = pdf_text(snapshot, tmp_path)
    flat = normalized(text)
    for heading in HEADINGS[language]:
        assert heading in flat
    assert normalized(snapshot["advice"]["path"]["title"]) in flat
    assert normalized(snapshot["advice"]["phases"][0]["title"]) in flat
    assert left_in_english(text, fragments) == []
    # Line by line: a line the English render has too is made of the bank's or
    # the people's words (or of figures and names such as DevOps), never of ours.
    english_lines = {normalized(line) for line in english.splitlines()}
    other = theirs(snapshot)
    same = [
        raw
        for raw in text.splitlines()
        if normalized(raw) in english_lines
        and sum(word.isalpha() for word in raw.split()) >= 4
        and not all(_theirs(cell, other) for cell in re.split(r"\s{2,}", raw.strip()))
    ]
    assert same == []


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_word_report_reads_in_the_language(snapshots, language):
    snapshot = snapshots[language]
    fragments = our_english(snapshot)
    english = docx_text(render_document(snapshots["en"], Report.Variant.DOCX))
    assert len(left_in_english(english, fragments)) >= ENGLISH_FOUND_AT_LEAST

    text = docx_text(render_document(snapshot, Report.Variant.DOCX))
    flat = normalized(text)
    for heading in HEADINGS[language]:
        assert heading in flat
    assert normalized(snapshot["advice"]["path"]["summary"]) in flat
    assert left_in_english(text, fragments) == []


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_deck_reads_in_the_language(snapshots, language):
    snapshot = snapshots[language]
    fragments = our_english(snapshot)
    english = pptx_text(render_document(snapshots["en"], Report.Variant.PPTX))
    assert len(left_in_english(english, fragments)) >= ENGLISH_FOUND_AT_LEAST

    deck = render_document(snapshot, Report.Variant.PPTX)
    titles = [normalized(title) for title in pptx_titles(deck)]
    for title in SLIDES[language]:
        assert title in titles
    assert normalized(snapshot["advice"]["path"]["title"]) in normalized(pptx_text(deck))
    assert left_in_english(pptx_text(deck), fragments) == []


def _theirs(cell: str, other: str) -> bool:
    """A cell of a pdftotext line found in the bank's or the people's words
    (a list bullet and a word broken at the line end aside)."""
    cell = normalized(cell).lstrip("•◦– ").rstrip("-")
    # a quick win reads "practice area: next step", both the bank's
    return cell in other or all(part in other for part in cell.split(": "))
