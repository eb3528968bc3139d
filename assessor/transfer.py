"""Exports and imports of assessments.

CSV is for people: one row per question, opening cleanly in a spreadsheet.
JSON is for machines: a whole assessment that another installation (or
another organization here) can import and score exactly the same, because
it names the framework version and that version's sha256.

An import is checked completely before anything is written, and every
problem is reported with its place in the file (``answers[12].level``), so a
consultant can fix a hand-edited file in one go. A bad file writes nothing.
"""

import csv
import io
import json
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.models import Membership, Organization, User
from accounts.spreadsheets import safe_cells
from assessor import moments, services, vocabulary
from assessor.forms import (
    EVIDENCE_MAX,
    EVIDENCE_UNTIL_EARLIEST,
    EVIDENCE_UNTIL_LATEST,
    NOTE_MAX,
)
from assessor.frameworks.schema import MAX_LEVEL
from assessor.models import Answer, Assessment, Framework

FORMAT = "readiness-assessment"
FORMAT_VERSION = 1
# A full export of the built-in bank with every note at its limit is ~1 MB.
MAX_IMPORT_BYTES = 2 * 1024 * 1024
TITLE_MAX = Assessment._meta.get_field("title").max_length
MAX_ERRORS = 50

# The columns (English names as keys) and what the file calls them: in the
# language of the export, since the CSV is for people (nothing reads it back).
CSV_COLUMNS = {
    "Area": gettext_lazy("Area"),
    "Dimension": gettext_lazy("Dimension"),
    "Question key": gettext_lazy("Question key"),
    "Question": gettext_lazy("Question"),
    "Level": pgettext_lazy("answer level", "Level"),
    "State": gettext_lazy("State"),
    "Answer": gettext_lazy("Answer"),
    "Note": gettext_lazy("Note"),
    "Evidence": gettext_lazy("Evidence"),
    "Answered by": gettext_lazy("Answered by"),
    "Answered at": gettext_lazy("Answered at"),
}
CSV_HEADER = list(CSV_COLUMNS)


# -- CSV ----------------------------------------------------------------------------------


def assessment_to_csv(assessment: Assessment) -> bytes:
    """Every question of the assessment in framework order, UTF-8 with a BOM for Excel."""
    framework = assessment.framework.parsed
    answers = {a.question_key: a for a in assessment.answers.select_related("answered_by")}
    areas = {area.key: area.title for area in framework.areas}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(name) for name in CSV_COLUMNS.values()])
    for question in framework.context_questions:
        answer = answers.get(question.key)
        choice = answer.choice if answer else ""
        labels = {c.key: c.label for c in question.choices}
        row = [areas.get("context", _("Context")), "", question.key, question.text, ""]
        writer.writerow(safe_cells(row + _answer_cells(answer, labels.get(choice, choice))))
    for dimension in framework.dimensions:
        if dimension.area not in assessment.areas:
            continue
        for question in dimension.questions:
            answer = answers.get(question.key)
            level = answer.level if answer and answer.state == Answer.State.ANSWERED else None
            rubric = next((lv.text for lv in question.levels if lv.level == level), "")
            row = [areas[dimension.area], dimension.title, question.key, question.text]
            row.append("" if level is None else str(level))
            writer.writerow(safe_cells(row + _answer_cells(answer, rubric)))
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def _answer_cells(answer: Answer | None, text: str) -> list[str]:
    if answer is None:
        return [vocabulary.state_label(vocabulary.UNANSWERED), "", "", "", "", ""]
    saved = answer.version > 0
    return [
        vocabulary.state_label(answer.state),
        text,
        answer.note,
        answer.evidence,
        answer.answered_by.display_name if answer.answered_by else "",
        timezone.localtime(answer.updated_at).strftime("%Y-%m-%d %H:%M") if saved else "",
    ]


# -- JSON export --------------------------------------------------------------------------


def assessment_to_json(assessment: Assessment) -> dict[str, Any]:
    """The whole assessment as plain JSON data; `assessment_import` reads it back."""
    keys = assessment.question_keys()
    order = {key: n for n, key in enumerate(keys)}
    answers = sorted(
        (
            a
            for a in assessment.answers.select_related("answered_by", "evidence_owner")
            if a.question_key in order
            and (a.state != Answer.State.UNANSWERED or a.note or a.evidence)
        ),
        key=lambda a: order[a.question_key],
    )
    fw = assessment.framework
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": _iso(timezone.now()),
        "framework": {"key": fw.key, "version": fw.version, "sha256": fw.sha256},
        # Only informative: the importing organization's own settings apply.
        "organization": {
            "name": assessment.organization.name,
            "regulated": assessment.organization.regulated,
        },
        "title": assessment.title,
        "scope": assessment.scope,
        "language": assessment.language,
        "status": assessment.status,
        "targets": assessment.targets or {},
        "created_at": _iso(assessment.created_at),
        "completed_at": _iso(assessment.completed_at),
        "answers": [
            {
                "question": a.question_key,
                "state": a.state,
                "level": a.level if a.state == Answer.State.ANSWERED else None,
                "choice": a.choice,
                "note": a.note,
                "evidence": a.evidence,
                "evidence_owner": a.evidence_owner.email if a.evidence_owner else None,
                "evidence_valid_until": a.evidence_valid_until.isoformat()
                if a.evidence_valid_until
                else None,
                "answered_by": a.answered_by.email if a.answered_by else None,
                "answered_at": _iso(a.updated_at),
            }
            for a in answers
        ],
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


# -- JSON import --------------------------------------------------------------------------


class ImportInvalid(Exception):
    """The file cannot be imported; `errors` says every reason found, with its place."""

    def __init__(self, errors: list[str]) -> None:
        if len(errors) > MAX_ERRORS:
            errors = errors[:MAX_ERRORS] + [f"… and {len(errors) - MAX_ERRORS} more problems."]
        self.errors = errors
        super().__init__("\n".join(errors))


TOP_FIELDS = {
    # name: required
    "format": True,
    "format_version": True,
    "framework": True,
    "title": True,
    "scope": True,
    "status": True,
    "answers": True,
    "targets": False,
    # Files exported before assessments had a language get the default.
    "language": False,
    "created_at": False,
    "completed_at": False,
    "exported_at": False,
    "organization": False,
}
FRAMEWORK_FIELDS = {"key": True, "version": True, "sha256": True}
ANSWER_FIELDS = {
    "question": True,
    "state": True,
    "level": False,
    "choice": False,
    "note": False,
    "evidence": False,
    "evidence_owner": False,
    "evidence_valid_until": False,
    "answered_by": False,
    "answered_at": False,
}


def assessment_import(*, organization: Organization, user: User, data: bytes) -> Assessment:
    """Create an assessment in `organization` from an exported JSON file.

    Raises ImportInvalid listing every problem; then nothing has been written.
    """
    document = _parse(data)
    checker = _Checker()
    framework = checker.header(document)
    if framework is None:  # without the bank the answers cannot be checked
        checker.raise_if_errors()
    assessment = checker.assessment(document, framework)
    answers = checker.answers(document.get("answers", []), assessment)
    checker.raise_if_errors()

    members = {
        m.user.email: m.user
        for m in Membership.objects.filter(organization=organization).select_related("user")
    }
    return services.assessment_create(
        organization=organization,
        framework=assessment.framework,
        title=assessment.title,
        scope=assessment.scope,
        language=assessment.language or None,
        targets=assessment.targets,
        status=assessment.status,
        user=user,
        created_at=assessment.created_at,
        completed_at=assessment.completed_at,
        answers=[
            Answer(
                question_key=a["question"],
                state=a["state"],
                level=a.get("level"),
                choice=a.get("choice", ""),
                note=a.get("note", ""),
                evidence=a.get("evidence", ""),
                # Like answered_by: only a member here keeps evidence current.
                evidence_owner=members.get((a.get("evidence_owner") or "").lower()),
                evidence_valid_until=a.get("evidence_valid_until"),
                # Credit the answer only to someone who belongs here; an email
                # in a file must not attach answers to a stranger's account.
                answered_by=members.get((a.get("answered_by") or "").lower()),
                updated_at=a.get("answered_at") or timezone.now(),
            )
            for a in answers
        ],
    )


def _parse(data: bytes) -> dict[str, Any]:
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportInvalid(
            [
                _(
                    "The file is larger than %(size)s MB; "
                    "an exported assessment is far smaller. Is it the right file?"
                )
                % {"size": MAX_IMPORT_BYTES // (1024 * 1024)}
            ]
        )
    if not data.strip():
        raise ImportInvalid([_("The file is empty.")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ImportInvalid(
            [
                _("The file is not UTF-8 text (byte %(byte)s at position %(position)s).")
                % {"byte": f"{data[e.start]:#04x}", "position": e.start}
            ]
        ) from None
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except json.JSONDecodeError as e:
        cut = not text[e.pos :].strip() or e.msg.startswith("Unterminated string")
        hint = " " + _("The file looks cut short.") if cut else ""
        what = e.msg.removesuffix(" at")
        raise ImportInvalid(
            [
                _("The file is not valid JSON: %(problem)s at line %(line)s, column %(column)s.")
                % {"problem": what, "line": e.lineno, "column": e.colno}
                + hint
            ]
        ) from None
    except _Refused as e:
        raise ImportInvalid([str(e)]) from None
    except (ValueError, RecursionError):
        # Integers of thousands of digits, nesting thousands deep: nothing we export.
        raise ImportInvalid(
            [_("The file is not valid JSON (it is nested or sized oddly).")]
        ) from None
    if not isinstance(document, dict):
        raise ImportInvalid(
            [
                _("The file must hold one JSON object (an exported assessment), not %(got)s.")
                % {"got": _kind(document)}
            ]
        )
    return document


class _Refused(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(
                _("The file names the field “%(field)s” twice in one object.") % {"field": key}
            )
        result[key] = value
    return result


def _no_constants(name: str) -> None:
    raise _Refused(
        _("The file contains %(name)s, which is not a number JSON allows.") % {"name": name}
    )


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _("the number %(value)s") % {"value": value}
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:40] + "…"
        return _("the text %(text)s") % {"text": json.dumps(shown, ensure_ascii=False)}
    if isinstance(value, list):
        return _("a list")
    return _("an object")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ImportInvalid(self.errors)

    def fields(self, node: dict[str, Any], allowed: dict[str, bool], path: str) -> None:
        for name in node:
            if name not in allowed:
                self.error(_at(path, name), _("unknown field; remove it."))
        for name, required in allowed.items():
            if required and name not in node:
                self.error(_at(path, name), _("is missing."))

    def text(self, node: dict[str, Any], name: str, path: str, limit: int, what: str) -> str:
        value = node.get(name, "")
        if not isinstance(value, str):
            self.error(_at(path, name), _expected_text(value))
            return ""
        if len(value) > limit:
            self.error(
                _at(path, name),
                LIMIT_MESSAGES[what]
                % {
                    "max": number_format(limit, force_grouping=True),
                    "count": number_format(len(value), force_grouping=True),
                },
            )
        if "\x00" in value:
            self.error(_at(path, name), _("contains a NUL character."))
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate such as "\ud800" that no database stores
            self.error(_at(path, name), _("contains an invalid character escape."))
        return value

    def moment(self, node: dict[str, Any], name: str, path: str) -> datetime | None:
        value = node.get(name)
        if value is None:
            return None
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                parsed = None
            if parsed is not None and timezone.is_aware(parsed):
                return self.in_range(parsed, _at(path, name), value)
        self.error(
            _at(path, name),
            _(
                "expected a date and time with a time zone such as "
                "“2026-03-01T14:30:00+00:00”, got %(got)s."
            )
            % {"got": _kind(value)},
        )
        return None

    def day(self, node: dict[str, Any], name: str, path: str) -> date | None:
        value = node.get(name)
        if value is None:
            return None
        day = _day(value)
        if day is None:
            self.error(
                _at(path, name),
                _(
                    "expected a date such as “2027-03-31” between %(first)s and %(last)s, "
                    "got %(got)s."
                )
                % {
                    "first": EVIDENCE_UNTIL_EARLIEST.year,
                    "last": EVIDENCE_UNTIL_LATEST.year,
                    "got": _kind(value),
                },
            )
        return day

    def in_range(self, moment: datetime, path: str, value: str) -> datetime | None:
        """`moment` if it is a sane assessment date: not before 2000, at most a
        day ahead. Others could not even be read back (see assessor/moments.py)."""
        earliest, latest = moments.import_range()
        if earliest <= moment <= latest:
            return moment
        self.error(
            path,
            _("expected a date between %(first)s and %(last)s (UTC), got %(got)s.")
            % {
                "first": date_format(earliest, "DATE_FORMAT"),
                "last": date_format(latest, "DATE_FORMAT"),
                "got": _kind(value),
            },
        )
        return None

    # -- the file as a whole ------------------------------------------------------------

    def header(self, document: dict[str, Any]) -> Framework | None:
        """Format, version and framework: without them nothing else can be checked."""
        if document.get("format") != FORMAT:
            self.errors.append(
                _(
                    "This is not an exported assessment: “format” should be “%(format)s”, "
                    "got %(got)s."
                )
                % {"format": FORMAT, "got": _kind(document.get("format"))}
            )
            return None
        version = document.get("format_version")
        if version != FORMAT_VERSION or not _is_int(version):
            self.errors.append(
                _(
                    "format_version: this installation reads version %(version)s, "
                    "the file has %(got)s."
                )
                % {"version": FORMAT_VERSION, "got": _kind(version)}
            )
            return None
        self.fields(document, TOP_FIELDS, "")
        node = document.get("framework")
        if not isinstance(node, dict):
            if "framework" in document:
                self.error("framework", _expected_object(node))
            return None
        self.fields(node, FRAMEWORK_FIELDS, "framework")
        key, version, sha = node.get("key"), node.get("version"), node.get("sha256")
        if not isinstance(key, str):
            self.error("framework.key", _expected_text(key))
        if not _is_int(version):
            self.error(
                "framework.version",
                _("expected a whole number, got %(got)s.") % {"got": _kind(version)},
            )
        if not isinstance(sha, str):
            self.error("framework.sha256", _expected_text(sha))
        if not (isinstance(key, str) and _is_int(version) and isinstance(sha, str)):
            return None
        framework = Framework.objects.filter(key=key, version=version).first()
        if framework is None:
            installed = ", ".join(
                f"{k} v{v}" for k, v in Framework.objects.values_list("key", "version")
            )
            self.error(
                "framework",
                _(
                    "this installation has no question bank “%(key)s” version %(version)s "
                    "(installed: %(installed)s). Install that version first."
                )
                % {"key": key, "version": version, "installed": installed or _("none")},
            )
            return None
        if framework.sha256 != sha:
            self.error(
                "framework.sha256",
                _(
                    "the question bank %(key)s v%(version)s here differs from the one the file "
                    "was made with (%(here)s… here, %(there)s… in the file), so the answers "
                    "would not mean the same. Refusing to import."
                )
                % {
                    "key": key,
                    "version": version,
                    "here": framework.sha256[:12],
                    "there": sha[:12],
                },
            )
            return None
        return framework

    def assessment(self, document: dict[str, Any], framework: Framework) -> Assessment:
        """An unsaved Assessment with the file's fields (checked)."""
        title = self.text(document, "title", "", TITLE_MAX, "title").strip()
        if not title and isinstance(document.get("title"), str):
            self.error("title", _("must not be empty."))
        scope = document.get("scope")
        if scope not in Assessment.Scope.values:
            self.error("scope", _expected_one_of(_choices(Assessment.Scope), scope))
            scope = Assessment.Scope.BOTH
        status = document.get("status")
        if status not in Assessment.Status.values:
            self.error("status", _expected_one_of(_choices(Assessment.Status), status))
        created_at = self.moment(document, "created_at", "")
        completed_at = self.moment(document, "completed_at", "")
        has_completed_at = document.get("completed_at") is not None
        if status == Assessment.Status.COMPLETED and not has_completed_at:
            self.error("completed_at", _("a completed assessment needs its completion date."))
        elif status in Assessment.Status.values and status != "completed" and has_completed_at:
            self.error(
                "completed_at",
                _("only a completed assessment has one (status is %(status)s).")
                % {"status": status},
            )
        language = document.get("language")
        if language is not None and (framework is None or language not in framework.languages()):
            offered = framework.languages() if framework is not None else []
            self.error("language", _expected_one_of(", ".join(f"“{c}”" for c in offered), language))
            language = None
        self.moment(document, "exported_at", "")
        source = document.get("organization", {})
        if isinstance(source, dict):
            self.fields(source, {"name": False, "regulated": False}, "organization")
        else:
            self.error("organization", _expected_object(source))
        return Assessment(
            framework=framework,
            title=title,
            language=language or "",
            scope=scope,
            status=status,
            targets=self.targets(document.get("targets", {}), framework),
            created_at=created_at or timezone.now(),
            completed_at=completed_at,
        )

    def targets(self, targets: Any, framework: Framework) -> dict[str, Any]:
        if not isinstance(targets, dict):
            self.error(
                "targets",
                _("expected an object of dimension: level, got %(got)s.") % {"got": _kind(targets)},
            )
            return {}
        fw = framework.parsed
        for key, value in targets.items():
            path = _at("targets", key)
            if not fw.has_dimension(key):
                self.error(path, _("the question bank has no dimension “%(key)s”.") % {"key": key})
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 4:
                self.error(
                    path, _("expected a level from 0 to 4, got %(got)s.") % {"got": _kind(value)}
                )
        return targets

    # -- answers ------------------------------------------------------------------------

    def answers(self, answers: Any, assessment: Assessment) -> list[dict[str, Any]]:
        if not isinstance(answers, list):
            self.error("answers", _("expected a list, got %(got)s.") % {"got": _kind(answers)})
            return []
        keys = set(assessment.question_keys())
        if len(answers) > len(keys):
            self.error(
                "answers",
                _("has %(entries)s entries but this assessment has only %(questions)s questions.")
                % {
                    "entries": number_format(len(answers), force_grouping=True),
                    "questions": len(keys),
                },
            )
            return []
        fw = assessment.framework.parsed
        seen: dict[str, int] = {}
        checked = []
        for n, node in enumerate(answers):
            path = f"answers[{n}]"
            if not isinstance(node, dict):
                self.error(path, _expected_object(node))
                continue
            before = len(self.errors)
            answer = self.answer(node, path, fw, keys)
            key = answer.get("question")
            if key in seen:
                self.error(
                    f"{path}.question",
                    _("“%(key)s” is answered twice (also answers[%(other)s]).")
                    % {"key": key, "other": seen[key]},
                )
            elif key:
                seen[key] = n
            if len(self.errors) == before:
                checked.append(answer)
        return checked

    def answer(self, node: dict[str, Any], path: str, fw, keys: set[str]) -> dict[str, Any]:
        self.fields(node, ANSWER_FIELDS, path)
        key = node.get("question")
        if not isinstance(key, str):
            if "question" in node:
                self.error(
                    f"{path}.question",
                    _("expected a question key, got %(got)s.") % {"got": _kind(key)},
                )
            return {}
        if key not in keys:
            self.error(
                f"{path}.question",
                _("there is no question “%(key)s” in this assessment.") % {"key": key[:80]},
            )
            return {}
        state, level, choice = node.get("state"), node.get("level"), node.get("choice", "")
        note = self.text(node, "note", path, NOTE_MAX, "note")
        # A link or where to find it, as the wizard takes it.
        evidence = self.text(node, "evidence", path, EVIDENCE_MAX, "evidence")
        by = node.get("answered_by")
        if by is not None and not (isinstance(by, str) and len(by) <= 254):
            self.error(f"{path}.answered_by", _expected_email(by))
        keeper = node.get("evidence_owner")
        if keeper is not None and not (isinstance(keeper, str) and len(keeper) <= 254):
            self.error(f"{path}.evidence_owner", _expected_email(keeper))
        valid_until = self.day(node, "evidence_valid_until", path)
        answered_at = self.moment(node, "answered_at", path)
        if not isinstance(choice, str):
            self.error(f"{path}.choice", _expected_text(choice))
            choice = ""
        level_ok = level is None or (_is_int(level) and 0 <= level <= MAX_LEVEL)
        if not level_ok:
            self.error(
                f"{path}.level",
                _("expected a whole number from 0 to %(max)s, got %(got)s.")
                % {"max": MAX_LEVEL, "got": _kind(level)},
            )
        if fw.has_context_question(key):
            question = fw.context_question(key)
            self.context_answer(path, question, state, level if level_ok else None, choice)
        else:
            self.scored_answer(path, state, level if level_ok else None, choice, note, level_ok)
        return {
            "question": key,
            "state": state,
            "level": level if state == Answer.State.ANSWERED else None,
            "choice": choice,
            "note": note,
            "evidence": evidence,
            "evidence_owner": keeper if isinstance(keeper, str) else None,
            "evidence_valid_until": valid_until,
            "answered_by": by,
            "answered_at": answered_at,
        }

    def context_answer(self, path, question, state, level, choice) -> None:
        allowed = (Answer.State.ANSWERED, Answer.State.UNKNOWN, Answer.State.UNANSWERED)
        if state not in allowed:
            self.error(
                f"{path}.state",
                _("a context question is “answered”, “unknown” or “unanswered”, got %(got)s.")
                % {"got": _kind(state)},
            )
        if level is not None:
            self.error(f"{path}.level", _("a context question has no level; give a choice."))
        if state == Answer.State.ANSWERED and choice not in question.choice_keys:
            self.error(
                f"{path}.choice",
                _expected_one_of(", ".join(question.choice_keys), choice),
            )
        if state in (Answer.State.UNANSWERED, Answer.State.UNKNOWN) and choice:
            self.error(
                f"{path}.choice",
                _("a context question that is “%(state)s” has no choice.") % {"state": state},
            )

    def scored_answer(self, path, state, level, choice, note, level_ok) -> None:
        if state not in Answer.State.values:
            self.error(f"{path}.state", _expected_one_of(_choices(Answer.State), state))
            return
        if choice:
            self.error(f"{path}.choice", _("only context questions have a choice; use level."))
        if state == Answer.State.ANSWERED and level is None and level_ok:
            self.error(
                f"{path}.level",
                _("an answered question needs a level from 0 to %(max)s.") % {"max": MAX_LEVEL},
            )
        if state != Answer.State.ANSWERED and level is not None:
            self.error(
                f"{path}.level",
                _("a question that is “%(state)s” has no level (use null).") % {"state": state},
            )
        if state == Answer.State.NA and not note.strip():
            self.error(f"{path}.note", _(vocabulary.NA_NEEDS_NOTE))


def _day(value: Any) -> date | None:
    """An ISO date (YYYY-MM-DD) between 2000 and 2100, or None."""
    if not isinstance(value, str):
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if EVIDENCE_UNTIL_EARLIEST <= day <= EVIDENCE_UNTIL_LATEST else None


# One whole sentence per field, so each language can say it its own way.
LIMIT_MESSAGES = {
    "title": gettext_lazy("keep the title under %(max)s characters (it has %(count)s)."),
    "note": gettext_lazy("keep the note under %(max)s characters (it has %(count)s)."),
    "evidence": gettext_lazy("keep the evidence under %(max)s characters (it has %(count)s)."),
}


def _expected_text(value: Any) -> str:
    return _("expected text, got %(got)s.") % {"got": _kind(value)}


def _expected_object(value: Any) -> str:
    return _("expected an object, got %(got)s.") % {"got": _kind(value)}


def _expected_email(value: Any) -> str:
    return _("expected an email address, got %(got)s.") % {"got": _kind(value)}


def _expected_one_of(choices: str, value: Any) -> str:
    return _("expected one of %(choices)s, got %(got)s.") % {
        "choices": choices,
        "got": _kind(value),
    }


def _at(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _choices(choices) -> str:
    return ", ".join(f"“{v}”" for v in choices.values)
