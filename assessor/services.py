"""The writes of the assessment domain: stored frameworks, assessments, answers."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from assessor import frameworks
from assessor.frameworks import translation as bank_translation
from assessor.models import (
    Answer,
    AnswerRevision,
    Assessment,
    AssessmentDeletion,
    AssessmentEvent,
    Framework,
    FrameworkTranslation,
    language_code,
)
from assessor.na_defaults import apply_na_defaults
from assessor.plans.services import actions_carry_over

# An answer_save argument not given: keep what is stored.
UNCHANGED = object()

logger = logging.getLogger(__name__)


class FrameworkConflict(Exception):
    """A stored version that assessments use would change."""


def framework_store(*, parsed: frameworks.Framework, builtin: bool) -> tuple[Framework, str]:
    """Store one framework version. Returns it and "created", "updated" or "unchanged".

    A version no assessment uses yet may still be corrected in place; once
    used, its document is frozen and a changed bank must be a new version.
    """
    with transaction.atomic():
        stored = (
            Framework.objects.select_for_update()
            .filter(key=parsed.key, version=parsed.version)
            .first()
        )
        if stored is None:
            stored = Framework.objects.create(
                key=parsed.key,
                version=parsed.version,
                title=parsed.title,
                document=parsed.document,
                sha256=parsed.sha256,
                builtin=builtin,
            )
            return stored, "created"
        if stored.sha256 == parsed.sha256:
            return stored, "unchanged"
        if stored.is_used():
            raise FrameworkConflict(
                f"{parsed.key} v{parsed.version} is already used by assessments and its content "
                f"differs from the stored one (sha256 {stored.sha256[:12]}… vs "
                f"{parsed.sha256[:12]}…). Give the changed bank a new version number."
            )
        stored.title = parsed.title
        stored.document = parsed.document
        stored.sha256 = parsed.sha256
        stored.builtin = builtin
        stored.save(update_fields=["title", "document", "sha256", "builtin"])
        return stored, "updated"


def translation_store(
    *, framework: Framework, translation: bank_translation.Translation, builtin: bool
) -> tuple[FrameworkTranslation, str]:
    """Store the translation of a stored bank version. Returns it and
    "created", "updated" or "unchanged". A translation changes no score, so a
    corrected one replaces the stored one even when assessments use the bank."""
    with transaction.atomic():
        stored, created = FrameworkTranslation.objects.select_for_update().get_or_create(
            framework=framework,
            language=translation.language,
            defaults={
                "document": translation.document,
                "sha256": translation.sha256,
                "builtin": builtin,
            },
        )
        if created:
            return stored, "created"
        if stored.sha256 == translation.sha256:
            return stored, "unchanged"
        stored.document = translation.document
        stored.sha256 = translation.sha256
        stored.builtin = builtin
        stored.save(update_fields=["document", "sha256", "builtin"])
        return stored, "updated"


def translation_bank_lookup(key: str, version: int):
    """The stored bank a translation names (as parsed), for the translation validator."""
    stored = Framework.objects.filter(key=key, version=version).first()
    return stored.parsed_bank if stored else None


def default_language(framework: Framework) -> str:
    """A new assessment's language: the active one (the creating user's) when
    the bank has a translation into it, else English."""
    code = language_code(translation.get_language())
    return code if code in framework.languages() else bank_translation.BANK_LANGUAGE


class AssessmentClosed(Exception):
    def __init__(self):
        super().__init__(
            _("This assessment is completed. A facilitator can reopen it to change answers.")
        )


@dataclass(frozen=True)
class SaveOutcome:
    answer: Answer
    changed: bool
    # Refused because someone else saved first; `answer` holds their value.
    conflict: bool = False
    # Whether the question went from unanswered to answered or back, i.e.
    # whether progress figures changed.
    progress_changed: bool = False
    # All answers of the assessment after the save, when they were loaded.
    answers: list[Answer] | None = None
    # A carried-over answer was confirmed or changed.
    confirmed: bool = False
    # Questions this context answer set to N/A by default, or whose default it withdrew.
    defaulted: tuple[str, ...] = ()


def assessment_create(
    *,
    organization: Organization,
    framework: Framework,
    title: str,
    scope: str,
    targets: dict[str, int],
    user: User,
    answers: Iterable[Answer] = (),
    based_on: Assessment | None = None,
    status: str = Assessment.Status.DRAFT,
    at: datetime | None = None,
    created_at: datetime | None = None,
    completed_at: datetime | None = None,
    language: str | None = None,
) -> Assessment:
    """Create an assessment with its first answers: the one way an assessment
    comes to exist (started by hand, followed up, imported or demo data).
    Its `language` defaults to default_language(framework).

    Writes the answers (unsaved `Answer` rows, version 1), a revision per
    answer that records where it came from (no old value; `user` made it),
    the "started" event and the headline figures, all at `at` (now); an
    imported assessment keeps its own `created_at`.
    """
    at = at or timezone.now()
    with transaction.atomic():
        assessment = Assessment.objects.create(
            organization=organization,
            framework=framework,
            title=title,
            scope=scope,
            targets=targets,
            based_on=based_on,
            status=status,
            created_by=user,
            created_at=created_at or at,
            completed_at=completed_at,
            language=language or default_language(framework),
        )
        rows = list(answers)
        for row in rows:
            row.assessment = assessment
            row.version = 1
        Answer.objects.bulk_create(rows)
        AnswerRevision.objects.bulk_create(
            AnswerRevision(answer=row, user=user, at=at, old=None, new=row.snapshot())
            for row in rows
        )
        AssessmentEvent.objects.create(
            assessment=assessment, action=AssessmentEvent.Action.STARTED, user=user, at=at
        )
        assessment.headline = assessment.headline_from(rows)
        assessment.save(update_fields=["headline"])
    return assessment


def assessment_start(
    *,
    organization: Organization,
    framework: Framework,
    title: str,
    scope: str,
    targets: dict[str, int],
    user: User,
    language: str | None = None,
) -> Assessment:
    return assessment_create(
        organization=organization,
        framework=framework,
        title=title,
        scope=scope,
        targets=targets,
        user=user,
        language=language,
    )


def answer_save(
    *,
    assessment: Assessment,
    user: User,
    question_key: str,
    state: str,
    level: int | None,
    choice: str,
    note: str | None,
    evidence: str | None,
    version: int,
    client: str = "",
    evidence_owner: "User | None | object" = UNCHANGED,
    evidence_valid_until: "date | None | object" = UNCHANGED,
) -> SaveOutcome:
    """Save one answer if it was edited from its current version.

    A note or evidence of None keeps the stored one (the form held it back);
    so does an evidence owner or valid-until day of UNCHANGED (None clears it).

    A save that started from an older version is refused (the caller shows
    the newer value and lets the user keep either), unless the newer version
    came from the same browser tab: its own quick successive saves are not a
    conflict.
    """
    with transaction.atomic():
        # Saves of one assessment take turns on its row: none can slip past a
        # "complete" that just happened, and each headline sees every answer.
        assessment.status = _locked_status(assessment)
        if assessment.is_completed:
            raise AssessmentClosed
        # Every writer of an assessment's answers holds that row lock first
        # (here, answers_confirm, the N/A defaults inside this save), so the
        # answers read now stay as read until this transaction ends: one read
        # serves both the version check and the headline.
        answers = list(assessment.answers.all())
        answer = next((a for a in answers if a.question_key == question_key), None)
        if answer is None:
            answer = Answer.objects.create(assessment=assessment, question_key=question_key)
            answers.append(answer)
        # The tab id comes from the browser: it exempts only saves of the
        # same user, so nobody continues someone else's tab (or a workshop's).
        own_newer = (
            bool(client) and answer.last_client == client and answer.answered_by_id == user.pk
        )
        if answer.version != version and not own_newer:
            return SaveOutcome(answer=answer, changed=False, conflict=True)
        old = answer.snapshot()
        was_answered = answer.is_answered
        answer.state, answer.level, answer.choice = state, level, choice
        if note is not None:
            answer.note = note
        if evidence is not None:
            answer.evidence = evidence
        if evidence_owner is not UNCHANGED:
            answer.evidence_owner = evidence_owner
        if evidence_valid_until is not UNCHANGED:
            answer.evidence_valid_until = evidence_valid_until
        # Saving a carried-over answer unchanged confirms it: that is a change.
        was_carried = answer.carried_over
        answer.carried_over = False
        if answer.snapshot() == old:
            return SaveOutcome(answer=answer, changed=False)
        answer.version += 1
        answer.answered_by = user
        answer.updated_at = timezone.now()
        answer.last_client = client
        answer.save()
        AnswerRevision.objects.create(
            answer=answer,
            user=user,
            old=old if answer.version > 1 else None,
            new=answer.snapshot(),
        )
        defaulted = ()
        if assessment.framework.parsed.has_context_question(question_key):
            defaulted = tuple(
                apply_na_defaults(assessment=assessment, user=user, context_key=question_key)
            )
            if defaulted:  # it wrote answers of its own: the list above is behind
                answers = list(assessment.answers.all())
        if assessment.status == Assessment.Status.DRAFT:
            assessment.status = Assessment.Status.IN_PROGRESS
        assessment.headline = assessment.headline_from(answers)
        assessment.save(update_fields=["status", "headline", "updated_at"])
    return SaveOutcome(
        answer=answer,
        changed=True,
        progress_changed=bool(defaulted) or was_answered != answer.is_answered,
        answers=answers,
        confirmed=was_carried,
        defaulted=defaulted,
    )


def answers_confirm(*, assessment: Assessment, user: User, keys: list[str]) -> int:
    """Confirm the carried-over answers among `keys` as they stand (each a
    new version with a revision, like confirming one by one). Returns how many."""
    with transaction.atomic():
        assessment.status = _locked_status(assessment)
        if assessment.is_completed:
            raise AssessmentClosed
        carried = [
            a
            for a in Answer.objects.select_for_update().filter(
                assessment=assessment, question_key__in=keys, carried_over=True
            )
            if a.is_carried
        ]
        now = timezone.now()
        for answer in carried:
            old = answer.snapshot()
            answer.carried_over = False
            answer.version += 1
            answer.answered_by, answer.updated_at, answer.last_client = user, now, ""
            answer.save()
            AnswerRevision.objects.create(
                answer=answer, user=user, at=now, old=old, new=answer.snapshot()
            )
        if carried:
            if assessment.status == Assessment.Status.DRAFT:
                assessment.status = Assessment.Status.IN_PROGRESS
            assessment.headline = assessment.headline_from(list(assessment.answers.all()))
            assessment.save(update_fields=["status", "headline", "updated_at"])
    return len(carried)


def assessment_complete(*, assessment: Assessment, user: User) -> None:
    _set_status(assessment, Assessment.Status.COMPLETED, AssessmentEvent.Action.COMPLETED, user)


def assessment_reopen(*, assessment: Assessment, user: User) -> None:
    _set_status(assessment, Assessment.Status.IN_PROGRESS, AssessmentEvent.Action.REOPENED, user)


def _locked_status(assessment: Assessment) -> str:
    return (
        Assessment.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=assessment.pk)
    )


def _set_status(assessment: Assessment, status: str, action: str, user: User) -> None:
    with transaction.atomic():
        _locked_status(assessment)
        assessment.status = status
        assessment.completed_at = timezone.now() if status == Assessment.Status.COMPLETED else None
        assessment.save(update_fields=["status", "completed_at", "updated_at"])
        AssessmentEvent.objects.create(assessment=assessment, action=action, user=user)


@dataclass(frozen=True)
class QuestionDrift:
    """How the questions of two framework versions differ, by key."""

    new: list[str]
    gone: list[str]

    @property
    def any(self) -> bool:
        return bool(self.new or self.gone)


def question_drift(old: Assessment, new: Assessment) -> QuestionDrift:
    before, after = set(old.question_keys()), set(new.question_keys())
    order = new.question_keys() + old.question_keys()
    return QuestionDrift(
        new=[k for k in order if k in after - before],
        gone=list(dict.fromkeys(k for k in order if k in before - after)),
    )


def latest_framework(key: str) -> Framework:
    return Framework.objects.filter(key=key).order_by("-version").defer("document").first()


def assessment_follow_up(*, base: Assessment, user: User, title: str = "") -> Assessment:
    """Start the next assessment from `base`: same scope and targets, the
    newest version of its question bank, every answer whose question still
    exists carried over as a baseline until someone confirms or changes it,
    and the open actions of its plan carried over to the new one's."""
    framework = latest_framework(base.framework.key)
    now = timezone.now()
    # The questions the follow-up will have: its bank version, the same scope.
    keys = set(Assessment(framework=framework, scope=base.scope).question_keys())
    with transaction.atomic():
        follow_up = _follow_up_create(base, framework, keys, user, title, now)
        actions_carry_over(base=base, follow_up=follow_up, user=user)
    return follow_up


def _follow_up_create(
    base: Assessment, framework: Framework, keys: set[str], user: User, title: str, now: datetime
) -> Assessment:
    """The follow-up with the answers of `base` to the questions `keys`, carried over."""
    return assessment_create(
        organization=base.organization,
        framework=framework,
        title=title or _("Follow-up of %(title)s") % {"title": base.title},
        scope=base.scope,
        targets=base.targets,
        based_on=base,
        user=user,
        at=now,
        # The room speaks the same language at the follow-up.
        language=base.language,
        answers=(
            Answer(
                question_key=a.question_key,
                state=a.state,
                level=a.level,
                choice=a.choice,
                note=a.note,
                evidence=a.evidence,
                evidence_owner=a.evidence_owner,
                evidence_valid_until=a.evidence_valid_until,
                answered_by=a.answered_by,
                updated_at=now,
                carried_over=True,
            )
            for a in base.answers.all()
            if a.question_key in keys and a.is_answered
        ),
    )


# -- Housekeeping: rename, archive, delete -------------------------------------------------


def assessment_rename(*, assessment: Assessment, title: str, user: User) -> bool:
    """Give the assessment a new title (recorded). False when it is unchanged."""
    title = title.strip()
    if not title or title == assessment.title:
        return False
    with transaction.atomic():
        old = assessment.title
        assessment.title = title
        assessment.save(update_fields=["title", "updated_at"])
        AssessmentEvent.objects.create(
            assessment=assessment,
            action=AssessmentEvent.Action.RENAMED,
            user=user,
            detail=f"was “{old}”"[:300],
        )
    return True


def assessment_set_language(*, assessment: Assessment, language: str, user: User) -> bool:
    """Change the assessment's language (recorded). False when it is unchanged."""
    if language == assessment.language:
        return False
    with transaction.atomic():
        old = assessment.language
        assessment.language = language
        assessment.save(update_fields=["language", "updated_at"])
        AssessmentEvent.objects.create(
            assessment=assessment,
            action=AssessmentEvent.Action.LANGUAGE_CHANGED,
            user=user,
            # Each language named in itself, readable whatever the reader's language.
            detail=" → ".join(
                str(dict(settings.LANGUAGES).get(code, code)) for code in (old, language)
            ),
        )
    return True


def assessment_archive(*, assessment: Assessment, archived: bool, user: User) -> bool:
    """Archive (or take out of the archive); False when it already was."""
    if assessment.is_archived == archived:
        return False
    with transaction.atomic():
        assessment.archived_at = timezone.now() if archived else None
        assessment.save(update_fields=["archived_at", "updated_at"])
        action = AssessmentEvent.Action.ARCHIVED if archived else AssessmentEvent.Action.RESTORED
        AssessmentEvent.objects.create(assessment=assessment, action=action, user=user)
    return True


def assessment_delete(*, assessment: Assessment, user: User) -> AssessmentDeletion:
    """Delete the assessment with its answers, history, workshops and reports,
    and the reports' files; the deletion itself is recorded.

    Files go through the reports' storage (local or a bucket). They are
    deleted once the rows are gone for good: a failed transaction leaves
    every file in place.
    """
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        reports = list(locked.reports.exclude(file=""))
        record = AssessmentDeletion.objects.create(
            organization=locked.organization,
            code=locked.code,
            title=locked.title,
            status=locked.status,
            created_at=locked.created_at,
            answers=locked.answers.count(),
            reports=locked.reports.count(),
            user=user,
        )
        locked.delete()
        transaction.on_commit(lambda: _delete_report_files(reports))
    return record


def _delete_report_files(reports) -> None:
    for report in reports:
        try:
            report.file.delete(save=False)
        except Exception:
            # OSError from the local folder, botocore's errors from a bucket;
            # reports.housekeeping's orphan sweep removes the file later.
            logger.exception("report file %s could not be deleted", report.file.name)
