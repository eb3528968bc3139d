"""Helpers of the deliverable language tests: a snapshot in a language, the
text of each format read back, and our own English sentences to look for.

"Our own" English is every message of the catalogue that the brain and the
report formats mark (reports/, templates/reports/, the brain's modules): its
fixed words between placeholders and tags, three words or more. The bank's
texts and the user's data are not ours to translate here (the bank ships its
own translations), so a fragment that also occurs in them is not looked for.
"""

import datetime
import io
import re
from pathlib import Path

import polib
from django.conf import settings
from docx import Document
from pptx import Presentation

from reports.snapshot import take_snapshot

ROOT = Path(settings.BASE_DIR)
REQUESTED_AT = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=datetime.UTC)
# Where the messages of the advice and the deliverables are marked.
OURS = (
    "reports/",
    "templates/reports/",
    "assessor/advice.py",
    "assessor/scoring.py",
    "assessor/brain/",
    "assessor/charts.py",
    "assessor/vocabulary.py",
    "assessor/evidence.py",
)
PLACEHOLDER = re.compile(r"%\(\w+\)s|%%|<[^>]+>|\{\{[^}]*\}\}")


def snapshot_in(assessment, language: str) -> dict:
    """The report snapshot the assessment would take now, worded in `language`."""
    assessment.language = language
    answers = list(assessment.answers.select_related("answered_by", "evidence_owner"))
    return take_snapshot(
        assessment=assessment,
        answers=answers,
        number=1,
        requested_by=assessment.created_by,
        requested_at=REQUESTED_AT,
    )


def normalized(text: str) -> str:
    """One line, single spaces: no-break spaces and line ends are spaces."""
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def theirs(snapshot: dict) -> str:
    """The bank's texts and the user's data in a snapshot, as one string."""
    found: list[str] = []

    def walk(value, keys, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, keys, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, keys, key)
        elif isinstance(value, str) and key in keys:
            found.append(value)

    ours = ("advice", "scorecard", "method")
    walk({k: v for k, v in snapshot.items() if k not in ours}, BANK_AND_USER_KEYS)
    walk(snapshot["method"]["na_guidance"], {"question", "guidance"})
    # the advice quotes the bank's questions and next steps
    walk(snapshot["advice"], {"text", "next_step", "question_text", "questions", "answer"})
    return normalized(" | ".join(found))


# Snapshot keys whose strings come from the bank or from people, not from us.
BANK_AND_USER_KEYS = {
    "name", "title", "description", "text", "level_text", "note", "evidence", "question",
    "answer", "na_guidance", "guidance", "scoring_rule", "industry", "size", "facilitator",
    "requested_by", "answered_by", "evidence_owner", "owner", "reason", "footer_text",
    "contact_line", "cover_statement", "section", "since_title", "area", "questions",
}  # fmt: skip


def our_english(snapshot: dict) -> set[str]:
    """Our English fragments (three words or more) that the bank and the user
    data of `snapshot` do not also contain."""
    po = polib.pofile(str(ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po"))
    other = theirs(snapshot).lower()
    fragments = set()
    for entry in po:
        if not any(path.startswith(OURS) for path, _line in entry.occurrences):
            continue
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            for piece in PLACEHOLDER.split(msgid.replace("&amp;", "&")):
                piece = normalized(piece).strip(" ,.;:()“”")
                if len(piece.split()) >= 3 and piece.lower() not in other:
                    fragments.add(piece)
    return fragments


def left_in_english(text: str, fragments: set[str]) -> list[str]:
    text = normalized(text)
    return sorted(fragment for fragment in fragments if fragment in text)


def docx_text(document: bytes) -> str:
    doc = Document(io.BytesIO(document))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def pptx_text(deck: bytes) -> str:
    prs = Presentation(io.BytesIO(deck))
    parts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                parts += [series.name for plot in shape.chart.plots for series in plot.series]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


def pptx_titles(deck: bytes) -> list[str]:
    prs = Presentation(io.BytesIO(deck))
    return [slide.shapes.title.text for slide in prs.slides if slide.shapes.title is not None]
