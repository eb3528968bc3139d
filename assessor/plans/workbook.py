"""The whole assessment as an Excel workbook (openpyxl): answers, scores,
roadmap and plan, one sheet each, made for people who live in spreadsheets:
a bold frozen header, column widths that fit, real numbers and dates, text
wrapped where it is long, an autofilter, and a status column on the plan
that only takes the plan's statuses.

Every text cell is written as a string and neutralized like the CSV exports
(accounts/spreadsheets.py): a note reading =HYPERLINK(...) stays text.
"""

import datetime
import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from accounts.spreadsheets import neutralized
from assessor import vocabulary
from assessor.models import Answer, Assessment
from assessor.plans.exports import labels_of, plan_actions
from assessor.plans.models import Action

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B1F3A")
EXPIRED_FILL = PatternFill("solid", fgColor="FEF3C7")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
DATE_FORMAT = "yyyy-mm-dd"


def assessment_workbook(assessment: Assessment) -> bytes:
    answers = list(assessment.answers.select_related("answered_by", "evidence_owner"))
    today = timezone.localdate()
    results = assessment.results(answers, today=today)
    book = Workbook()
    _answers_sheet(book.active, assessment, answers, today)
    _scores_sheet(book.create_sheet(), results)
    _roadmap_sheet(book.create_sheet(), results)
    _plan_sheet(book.create_sheet(), assessment)
    book.properties.title = _xml_text(f"{assessment.organization.name}: {assessment.title}")[:250]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# (header, width, wrap) per column
Column = tuple[str, int, bool]


def _sheet(ws: Worksheet, title: str, columns: list[Column], rows: list[list[Any]]) -> None:
    ws.title = title
    ws.append([header for header, _width, _wrap in columns])
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, TOP
    for row in rows:
        ws.append([_cell(value) for value in row])
    for index, (_header, width, wrap) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = width
        for cell in ws[letter][1:]:
            cell.alignment = WRAP if wrap else TOP
            if isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(rows) + 1)}"
    # Text cells are strings, whatever they start with.
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def _cell(value: Any) -> Any:
    return neutralized(_xml_text(value)) if isinstance(value, str) else value


def _xml_text(text: str) -> str:
    """`text` without the control characters XML cannot hold (forms take a
    pasted vertical tab or escape; openpyxl refuses the whole workbook)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _answers_sheet(ws, assessment: Assessment, answers: list[Answer], today) -> None:
    framework = assessment.framework.parsed
    by_key = {a.question_key: a for a in answers}
    rows = []
    expired_rows = []
    for key in assessment.question_keys():
        ref = vocabulary.question(framework, key)
        answer = by_key.get(key)
        level = answer.level if answer and answer.state == Answer.State.ANSWERED else None
        expired = bool(answer) and answer.evidence_expired(today)
        rows.append(
            [
                ref.section,
                key,
                ref.text,
                level,
                answer.label(framework) if answer else vocabulary.state_label("unanswered"),
                answer.note if answer else "",
                answer.evidence if answer else "",
                answer.evidence_owner.display_name if answer and answer.evidence_owner else "",
                answer.evidence_valid_until if answer else None,
                _("expired") if expired else "",
                answer.answered_by.display_name if answer and answer.answered_by else "",
            ]
        )
        if expired:
            expired_rows.append(len(rows) + 1)
    columns = [
        (_("Practice area"), 26, True),
        (_("Question key"), 18, False),
        (_("Question"), 60, True),
        (pgettext("answer level", "Level"), 7, False),
        (_("Answer"), 16, False),
        (_("Note"), 48, True),
        (_("Evidence"), 40, True),
        (_("Evidence kept by"), 20, False),
        (_("Valid until"), 12, False),
        (_("Evidence state"), 14, False),
        (_("Answered by"), 20, False),
    ]
    _sheet(ws, _("Answers"), columns, rows)
    for row in expired_rows:
        for column in ("I", "J"):
            ws[f"{column}{row}"].fill = EXPIRED_FILL


def _scores_sheet(ws, results) -> None:
    scorecard = results.scorecard
    targets = {t.dimension: t.target for t in results.advice.targets}
    areas = {a.key: a.title for a in scorecard.areas}
    rows = [
        [
            _("Index"),
            area.title,
            area.title,
            area.score,
            _one(area.raw_index),
            area.label or "",
            area.percent,
            _percent(area.confidence),
            None,
            None,
            None,
        ]
        for area in scorecard.areas
    ]
    for d in scorecard.dimensions:
        target = targets.get(d.key)
        gap = None if target is None else max(0.0, round(target - (d.gated or 0.0), 1))
        rows.append(
            [
                _("Practice area") if d.is_practice else _("Profile"),
                areas.get(d.area, d.area),
                d.title,
                d.score,
                d.raw_score,
                d.label or "",
                d.percent,
                _percent(d.confidence),
                target,
                gap,
                len(d.expired_evidence),
            ]
        )
    columns = [
        (_("Kind"), 14, False),
        (_("Area"), 12, False),
        (_("Name"), 40, True),
        (_("Score (0-4)"), 12, False),
        (_("Before caps"), 12, False),
        (_("Maturity"), 12, False),
        (_("Percent"), 9, False),
        (_("Confidence %"), 13, False),
        (_("Target"), 8, False),
        (_("Gap"), 7, False),
        (_("Expired evidence"), 16, False),
    ]
    _sheet(ws, _("Scores"), columns, rows)


def _roadmap_sheet(ws, results) -> None:
    advice = results.advice
    rows = []
    for phase in advice.phases:
        for item in phase.items:
            rows.append(
                [
                    _("Phase %(number)s: %(title)s")
                    % {"number": phase.number, "title": phase.title},
                    f"{phase.start_month}–{phase.end_month}",
                    item.title,
                    _one(item.current) if item.current is not None else 0.0,
                    _one(item.target),
                    "\n".join(step.text for step in item.next_steps),
                ]
            )
    for win in advice.quick_wins:
        rows.append([_("Quick win"), "", win.question_text, win.level, None, win.next_step])
    columns = [
        (_("Phase"), 34, True),
        (_("Months"), 9, False),
        (_("Practice area"), 34, True),
        (pgettext("level", "From"), 7, False),
        (pgettext("level", "To"), 7, False),
        (_("Next steps"), 80, True),
    ]
    _sheet(ws, _("Roadmap"), columns, rows)


def _plan_sheet(ws, assessment: Assessment) -> None:
    actions = list(plan_actions(assessment.organization, assessment))
    framework = assessment.framework.parsed
    area_of = {d.key: d.area for d in framework.dimensions}
    titles = {d.key: d.title for d in framework.dimensions}
    rows = [
        [
            a.title,
            a.description,
            a.owner.email if a.owner_id else "",
            a.owner_label,
            a.due_date,
            a.get_status_display(),
            a.dropped_reason,
            titles.get(a.dimension, a.dimension),
            a.target_level,
            labels_of(a, area_of),
            str(a.code),
        ]
        for a in actions
    ]
    columns = [
        (_("Summary"), 40, True),
        (_("Description"), 50, True),
        (_("Assignee"), 26, False),
        (_("Owner"), 20, False),
        (_("Due date"), 12, False),
        (_("Status"), 10, False),
        (_("Why dropped"), 30, True),
        (_("Practice area"), 30, True),
        (_("Target level"), 12, False),
        (_("Labels"), 30, False),
        (_("Action id"), 38, False),
    ]
    _sheet(ws, pgettext("noun", "Plan"), columns, rows)
    # The status column takes the plan's statuses only; room for rows people add.
    statuses = [str(label) for label in Action.Status.labels]
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(statuses) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Status"),
        error=_("Pick one of: %(statuses)s") % {"statuses": ", ".join(statuses)},
    )
    validation.add(f"F2:F{max(len(rows) + 1, 1000)}")
    ws.add_data_validation(validation)


def _one(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _percent(confidence: float | None) -> int | None:
    return None if confidence is None else round(confidence * 100)
