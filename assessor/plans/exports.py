"""The plan leaves for the team's tracker, and comes back.

CSV: the column layout issue trackers import. Jira's CSV importer maps
Summary, Description, Assignee (an email address), Due date and Labels
(labels hold no spaces, so several are separated by spaces); GitHub issue
import scripts read the same columns as title, body, assignee, due date and
labels. The columns after Labels are ours: a tracker ignores or maps them,
our import reads them back. Every cell that a spreadsheet would run as a
formula is neutralized as the assessment CSV does (accounts/spreadsheets.py).

JSON: the same actions with every field, for scripts.

Import (`plan_import`) reads the CSV back onto one assessment's plan: every
row is checked against the organization's members and that assessment's
question bank before anything is written, each problem is reported with its
row, and either every row is written or none. A row whose Action id names
an action of this organization updates it (so a file exported, edited in a
spreadsheet and imported again changes the plan instead of doubling it);
any other row creates an action.
"""

import csv
import datetime
import io
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organization, User
from accounts.spreadsheets import neutralized
from assessor.frameworks import Framework as ParsedFramework
from assessor.frameworks.schema import MAX_LEVEL
from assessor.models import Assessment
from assessor.plans import services
from assessor.plans.models import EARLIEST_DUE, LATEST_DUE, Action

JSON_FORMAT = "readiness-plan"
JSON_FORMAT_VERSION = 1
# The tracker's five columns first, then ours. The English names are the
# columns' keys; an export writes them in the active language, and an import
# reads them in English or in any interface language (see _column_name).
CSV_COLUMNS = {
    "Summary": pgettext_lazy("plan CSV column", "Summary"),
    "Description": pgettext_lazy("plan CSV column", "Description"),
    "Assignee": pgettext_lazy("plan CSV column", "Assignee"),
    "Due date": pgettext_lazy("plan CSV column", "Due date"),
    "Labels": pgettext_lazy("plan CSV column", "Labels"),
    "Status": pgettext_lazy("plan CSV column", "Status"),
    "Practice area": pgettext_lazy("plan CSV column", "Practice area"),
    "Questions": pgettext_lazy("plan CSV column", "Questions"),
    "Target level": pgettext_lazy("plan CSV column", "Target level"),
    "Owner name": pgettext_lazy("plan CSV column", "Owner name"),
    "Assessment": pgettext_lazy("plan CSV column", "Assessment"),
    "Action id": pgettext_lazy("plan CSV column", "Action id"),
}
CSV_HEADER = list(CSV_COLUMNS)
# Other spellings an import accepts for a column (GitHub scripts' names).
HEADER_ALIASES = {
    "title": "Summary",
    "body": "Description",
    "assignee email": "Assignee",
    "assignees": "Assignee",
    "due": "Due date",
    "due_date": "Due date",
    "label": "Labels",
}
LABEL = "readiness-plan"
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 2000
MAX_ERRORS = 50
TITLE_MAX = Action._meta.get_field("title").max_length
DESCRIPTION_MAX = Action._meta.get_field("description").max_length
OWNER_NAME_MAX = Action._meta.get_field("owner_name").max_length
REASON_MAX = Action._meta.get_field("dropped_reason").max_length


def plan_actions(organization: Organization, assessment: Assessment | None = None):
    """The actions an export holds: the organization's, or one assessment's plan."""
    actions = Action.objects.filter(organization=organization)
    if assessment is not None:
        actions = actions.filter(assessment=assessment)
    return actions.select_related("owner", "assessment").order_by("due_date", "created_at", "id")


def status_cell(action: Action) -> str:
    """The status as the CSV writes it and reads it back ("Dropped: why")."""
    return action.status_label()


def labels_of(action: Action, area_of: dict[str, str]) -> str:
    """Space-separated, space-free labels: the plan, the area (devops/mlops), the practice area."""
    labels = [LABEL, area_of.get(action.dimension, ""), action.dimension.replace("_", "-")]
    return " ".join(label for label in labels if label)


def _area_of(actions: list[Action]) -> dict[str, str]:
    """Practice area key -> its area (devops, mlops), from the banks the actions' plans use."""
    found: dict[str, str] = {}
    for action in actions:
        if action.assessment is not None:
            for dimension in action.assessment.framework.parsed.dimensions:
                found.setdefault(dimension.key, dimension.area)
    return found


def plan_to_csv(actions) -> bytes:
    """UTF-8 with a BOM, so Excel opens accents correctly; Jira and GitHub accept it."""
    actions = list(actions)
    area_of = _area_of(actions)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_header())
    for action in actions:
        row = [
            action.title,
            action.description,
            action.owner.email if action.owner_id else "",
            action.due_date.isoformat() if action.due_date else "",
            labels_of(action, area_of),
            status_cell(action),
            action.dimension,
            " ".join(action.question_keys),
            "" if action.target_level is None else str(action.target_level),
            action.owner_name,
            action.assessment.title if action.assessment_id else "",
            str(action.code),
        ]
        writer.writerow([neutralized(cell) for cell in row])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def csv_header() -> list[str]:
    """The CSV's column names in the active language."""
    return [str(label) for label in CSV_COLUMNS.values()]


def _in_every_language(words) -> dict[str, str]:
    """{word in any interface language, lower case: key} for {key: lazy word}:
    a file exported in German imports in French, and English always works."""
    found = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found.update({str(word).lower(): key for key, word in words.items()})
    return found


def _status_words() -> dict[str, str]:
    labels = dict(Action.Status.choices)
    return _in_every_language(labels) | {key: key for key in Action.Status.values}


def plan_to_json(organization: Organization, actions) -> dict[str, Any]:
    actions = list(actions)
    area_of = _area_of(actions)
    return {
        "format": JSON_FORMAT,
        "format_version": JSON_FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "organization": organization.name,
        "actions": [
            {
                "id": str(a.code),
                "title": a.title,
                "description": a.description,
                "assignee": a.owner.email if a.owner_id else None,
                "owner_name": a.owner_name,
                "due_date": a.due_date.isoformat() if a.due_date else None,
                "status": a.status,
                "dropped_reason": a.dropped_reason,
                "labels": labels_of(a, area_of).split(),
                "practice_area": a.dimension,
                "questions": list(a.question_keys),
                "target_level": a.target_level,
                "assessment": {"code": str(a.assessment.code), "title": a.assessment.title}
                if a.assessment_id
                else None,
                "created_at": a.created_at.isoformat(),
                "updated_at": a.updated_at.isoformat(),
                "closed_at": a.closed_at.isoformat() if a.closed_at else None,
            }
            for a in actions
        ],
    }


# -- import -------------------------------------------------------------------------------


class ImportInvalid(Exception):
    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


@dataclass
class Row:
    """One checked CSV row, ready to write."""

    line: int
    existing: Action | None
    fields: dict[str, Any]


def plan_import(*, assessment: Assessment, user: User, data: bytes) -> tuple[int, int]:
    """Write the CSV's actions onto `assessment`'s plan, all or nothing.
    Returns (created, updated); raises ImportInvalid with every problem found."""
    rows = _checked_rows(assessment, data)
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            if row.existing is None:
                services.action_create(
                    organization=assessment.organization,
                    assessment=assessment,
                    user=user,
                    **row.fields,
                )
                created += 1
                continue
            outcome = services.action_update(
                action=row.existing, user=user, version=row.existing.version, **row.fields
            )
            if outcome.conflict:
                # Someone changed it while the file was being read: write nothing.
                transaction.set_rollback(True)
                raise ImportInvalid(
                    [
                        _("Row %(line)s: someone changed this action meanwhile; import again.")
                        % {"line": row.line}
                    ]
                )
            updated += outcome.changed
    return created, updated


def _checked_rows(assessment: Assessment, data: bytes) -> list[Row]:
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportInvalid(
            [_("The file is larger than %(size)s MB.") % {"size": MAX_IMPORT_BYTES // 1024**2}]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    # No text file holds a NUL (UTF-16 without its mark reads as text full of
    # them), and PostgreSQL would refuse one when writing.
    if text is None or "\x00" in text:
        raise ImportInvalid([_("The file is not UTF-8 text: save it as “CSV UTF-8”.")])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        records = list(reader)
    except csv.Error as e:
        raise ImportInvalid(
            [_("The file is not a readable CSV: %(problem)s.") % {"problem": e}]
        ) from None
    if not header:
        raise ImportInvalid([_("The file is empty: export the plan to see the columns.")])
    names = _column_names()
    columns = [_column_name(name, names) for name in header]
    if "Summary" not in columns:
        raise ImportInvalid(
            [
                _("The first row must name the columns, %(summary)s (or Title) among them.")
                % {"summary": CSV_COLUMNS["Summary"]}
            ]
        )
    records = [r for r in records if any(cell.strip() for cell in r)]
    if len(records) > MAX_IMPORT_ROWS:
        raise ImportInvalid([_("At most %(count)s actions per file.") % {"count": MAX_IMPORT_ROWS}])
    checker = _Checker(assessment)
    rows = []
    for line, record in enumerate(records, start=2):
        values = {
            name: (record[i].strip() if i < len(record) else "")
            for i, name in enumerate(columns)
            if name
        }
        row = checker.row(line, values)
        if row is not None:
            rows.append(row)
        if len(checker.errors) >= MAX_ERRORS:
            checker.errors.append(_("… and maybe more: fix these first."))
            break
    if checker.errors:
        raise ImportInvalid(checker.errors)
    if not rows:
        raise ImportInvalid([_("The file has a header but no actions.")])
    return rows


def _column_names() -> dict[str, str]:
    """Every name a column may have, lower case -> the column's key."""
    return _in_every_language(CSV_COLUMNS) | {key.lower(): key for key in CSV_HEADER}


def _column_name(header: str, names: dict[str, str]) -> str:
    name = header.strip().lstrip("\ufeff").lower()
    return names.get(name) or HEADER_ALIASES.get(name, "")


class _Checker:
    """Checks rows against the organization's members and the assessment's bank."""

    def __init__(self, assessment: Assessment):
        self.assessment = assessment
        self.framework: ParsedFramework = assessment.framework.parsed
        self.members = {
            m.user.email.lower(): m.user
            for m in assessment.organization.memberships.select_related("user")
        }
        self.actions = {
            str(a.code): a
            for a in Action.objects.filter(organization=assessment.organization).select_related(
                "owner", "assessment"
            )
        }
        # The practice areas the action form offers (the delivery profile's
        # too), so whatever the pages made comes back from its own export.
        self.practice_areas = {
            d.key: d for d in self.framework.dimensions if d.area in assessment.areas
        }
        self.seen: set[str] = set()
        self.errors: list[str] = []

    def row(self, line: int, values: dict[str, str]) -> Row | None:
        problems: list[str] = []
        fields: dict[str, Any] = {}
        title = _unneutralized(values.get("Summary", ""))
        if not title:
            problems.append(_("Summary is empty: every action needs a title"))
        elif len(title) > TITLE_MAX:
            problems.append(_("Summary is longer than %(max)s characters") % {"max": TITLE_MAX})
        fields["title"] = title
        description = _unneutralized(values.get("Description", ""))
        if len(description) > DESCRIPTION_MAX:
            problems.append(
                _("Description is longer than %(max)s characters")
                % {"max": number_format(DESCRIPTION_MAX, force_grouping=True)}
            )
        fields["description"] = description
        fields.update(self._owner(values, problems))
        fields["due_date"] = _due_date(values.get("Due date", ""), problems)
        fields.update(_status(values.get("Status", ""), problems))
        fields.update(self._area(values, problems))
        fields["target_level"] = _target(values.get("Target level", ""), problems)
        existing = self._existing(values.get("Action id", ""), problems)
        if problems:
            self.errors.extend(
                _("Row %(line)s: %(problem)s.") % {"line": line, "problem": problem}
                for problem in problems
            )
            return None
        return Row(line, existing, fields)

    def _owner(self, values, problems) -> dict[str, Any]:
        email = values.get("Assignee", "").lower()
        name = _unneutralized(values.get("Owner name", ""))
        if email:
            user = self.members.get(email)
            if user is None:
                problems.append(
                    _(
                        "Assignee %(email)s is not a member of %(organization)s: invite them "
                        "first, or leave Assignee empty and write their name in Owner name"
                    )
                    % {"email": email, "organization": self.assessment.organization.name}
                )
            return {"owner": user, "owner_name": ""}
        if len(name) > OWNER_NAME_MAX:
            problems.append(
                _("Owner name is longer than %(max)s characters") % {"max": OWNER_NAME_MAX}
            )
        return {"owner": None, "owner_name": name}

    def _area(self, values, problems) -> dict[str, Any]:
        key = values.get("Practice area", "")
        dimension = self.practice_areas.get(key)
        if dimension is None:
            known = ", ".join(sorted(self.practice_areas))
            problems.append(
                _("Practice area “%(key)s” is not one of this assessment's: %(known)s")
                % {"key": key, "known": known}
                if key
                else _("Practice area is empty: name one of %(known)s") % {"known": known}
            )
            return {"dimension": key, "question_keys": []}
        keys = values.get("Questions", "").replace(",", " ").split()
        own = {q.key for q in dimension.questions}
        strangers = [k for k in keys if k not in own]
        if strangers:
            problems.append(
                _("Questions %(keys)s are not questions of %(area)s")
                % {"keys": ", ".join(strangers), "area": dimension.title}
            )
        return {"dimension": key, "question_keys": list(dict.fromkeys(keys))}

    def _existing(self, code: str, problems) -> Action | None:
        if not code:
            return None
        if code in self.seen:
            problems.append(_("Action id %(id)s appears twice in the file") % {"id": code})
            return None
        self.seen.add(code)
        try:
            uuid.UUID(code)
        except ValueError:
            problems.append(
                _("Action id “%(id)s” is not an id this app wrote; leave it empty") % {"id": code}
            )
            return None
        # Another organization's (or installation's) id: a new action here.
        return self.actions.get(code)


def _unneutralized(text: str) -> str:
    """Undo the export's apostrophe before a formula-like start, so a round
    trip keeps “-1 day” as it was (the next export neutralizes it again)."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(("=", "+", "-", "@")):
        return text[1:]
    return text


def _due_date(text: str, problems) -> datetime.date | None:
    if not text:
        return None
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        problems.append(_("Due date “%(text)s” is not a date written YYYY-MM-DD") % {"text": text})
        return None
    if not EARLIEST_DUE <= day <= LATEST_DUE:
        problems.append(
            _("Due date %(text)s is not between %(first)s and %(last)s")
            % {"text": text, "first": EARLIEST_DUE.year, "last": LATEST_DUE.year}
        )
        return None
    return day


def _status(text: str, problems) -> dict[str, Any]:
    word, _colon, reason = text.partition(":")
    status = _status_words().get(word.strip().lower()) if text else Action.Status.TODO
    if status is None:
        labels = [str(label) for label in Action.Status.labels]
        problems.append(
            _("Status “%(text)s” is not one of %(statuses)s: <why>")
            % {"text": text, "statuses": ", ".join(labels)}
        )
        return {"status": Action.Status.TODO, "dropped_reason": ""}
    reason = _unneutralized(reason.strip())
    if status == Action.Status.DROPPED and not reason:
        problems.append(
            _("Status %(dropped)s needs the reason after a colon: “%(dropped)s: why”")
            % {"dropped": Action.Status.DROPPED.label}
        )
    if len(reason) > REASON_MAX:
        problems.append(
            _("The reason for dropping is longer than %(max)s characters") % {"max": REASON_MAX}
        )
    return {"status": status, "dropped_reason": reason if status == Action.Status.DROPPED else ""}


def _target(text: str, problems) -> int | None:
    if not text:
        return None
    if not text.isdigit() or int(text) > MAX_LEVEL:
        problems.append(
            _("Target level “%(text)s” is not a level from 0 to %(max)s")
            % {"text": text, "max": MAX_LEVEL}
        )
        return None
    return int(text)
