"""The writes of a live workshop: open and close it, move between questions,
join, vote, and turn a vote into the assessment's answer."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from assessor import services as assessor_services
from assessor.models import Answer, Assessment
from assessor.workshops import live
from assessor.workshops.models import JoinFailure, Participant, Round, Vote, Workshop
from assessor.workshops.summaries import choice_provenance, provenance_of, summarize, tally

# Wrong codes an address may try per window before joining is refused. A room
# behind one NAT address shares the budget, so it allows plenty of typos.
JOIN_FAILURE_LIMIT = settings.WORKSHOP_JOIN_FAILURE_LIMIT
JOIN_FAILURE_WINDOW = timedelta(minutes=settings.WORKSHOP_JOIN_FAILURE_MINUTES)
JOIN_LOCK = 0x6A6F696E  # "join": the advisory lock namespace of join attempts


class WorkshopError(Exception):
    """A refused workshop action; the message is for the user."""


class VotingClosed(WorkshopError):
    def __init__(self):
        super().__init__(_("Voting on this question is closed."))


class MedianUnchosen(WorkshopError):
    """The median is a level nobody voted for: the room is split around it."""


class SeatRevoked(WorkshopError):
    def __init__(self):
        super().__init__(
            _(
                "Your role in this organization no longer includes voting, so your seat in "
                "this workshop has ended."
            )
        )


def workshop_open(*, assessment: Assessment, user: User) -> Workshop:
    """The assessment's open workshop, opened now if there is none."""
    if assessment.is_completed:
        raise WorkshopError(_("This assessment is completed. Reopen it to run a workshop."))
    existing = Workshop.objects.filter(assessment=assessment, status=Workshop.Status.OPEN).first()
    if existing:
        return existing
    # A fresh code can collide with another open workshop's (1 in ~900
    # million per open workshop); the partial unique index decides, we retry.
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return Workshop.objects.create(assessment=assessment, created_by=user)
        except IntegrityError:
            existing = Workshop.objects.filter(
                assessment=assessment, status=Workshop.Status.OPEN
            ).first()
            if existing:  # opened concurrently, e.g. a double click
                return existing
    raise WorkshopError(_("Could not find a free join code; try again."))


def workshop_close(*, workshop: Workshop) -> None:
    """End the workshop: guests lose access, open votes stop; votes are kept."""
    now = timezone.now()
    with transaction.atomic():
        # Closing the rounds takes their row locks, so a vote in flight
        # either lands before the close or is refused.
        workshop.rounds.filter(state=Round.State.OPEN).update(
            state=Round.State.CLOSED, closed_at=now
        )
        _stage_changed(workshop.pk, status=Workshop.Status.CLOSED, closed_at=now)
    workshop.refresh_from_db()


def workshop_go(*, workshop: Workshop, key: str) -> Round | None:
    """Show question `key` (voting on it opens the first time) or, with "",
    the join slide."""
    if key and key not in workshop.question_keys():
        raise WorkshopError(_("That question is not part of this assessment."))
    with transaction.atomic():
        round_ = (
            Round.objects.get_or_create(workshop=workshop, question_key=key)[0] if key else None
        )
        _stage_changed(workshop.pk, current_key=key)
    workshop.refresh_from_db(fields=["current_key", "version"])
    return round_


def _stage_changed(workshop_id: int, **changes) -> None:
    """Apply `changes` to the workshop and bump the version participants'
    screens poll (inside the caller's transaction); once it commits, their
    next poll sees the change (assessor/workshops/live.py)."""
    Workshop.objects.filter(pk=workshop_id).update(version=F("version") + 1, **changes)
    code, version = Workshop.objects.values_list("code", "version").get(pk=workshop_id)
    live.changed(code, version)


def voting_set(*, round_: Round, is_open: bool) -> None:
    """Close voting on a question, or open it again (which hides the votes
    from the projected screen again)."""
    with transaction.atomic():
        changes = {"state": Round.State.OPEN if is_open else Round.State.CLOSED}
        changes["closed_at"] = None if is_open else timezone.now()
        if is_open:
            changes["revealed"] = False
        Round.objects.filter(pk=round_.pk).update(**changes)
        _stage_changed(round_.workshop_id)
    round_.refresh_from_db()


def round_reveal(*, round_: Round, revealed: bool) -> None:
    """Show how the room voted on the projected screen, or hide it again.
    Revealing closes voting: nobody should vote after seeing the others."""
    with transaction.atomic():
        changes: dict = {"revealed": revealed}
        if revealed:
            locked = Round.objects.select_for_update().get(pk=round_.pk)
            if locked.is_open:
                changes.update(state=Round.State.CLOSED, closed_at=timezone.now())
        Round.objects.filter(pk=round_.pk).update(**changes)
        _stage_changed(round_.workshop_id)
    round_.refresh_from_db()


def participant_join(*, workshop: Workshop, display_name: str, user: User | None) -> Participant:
    """A member joins with their account (again from another device: the same
    participant); a guest joins as a new participant with the name they typed."""
    if user is None:
        return Participant.objects.create(workshop=workshop, display_name=display_name)
    try:
        with transaction.atomic():
            return Participant.objects.get_or_create(
                workshop=workshop, user=user, defaults={"display_name": display_name}
            )[0]
    except IntegrityError:  # the same member joining from two devices at once
        return Participant.objects.get(workshop=workshop, user=user)


class JoinRefused(WorkshopError):
    def __init__(self):
        super().__init__(_("Too many wrong codes from this address; wait a few minutes."))


def workshop_by_code(*, address: str, join_code: str, opened_since: datetime) -> Workshop | None:
    """The open workshop with `join_code` (opened after `opened_since`), or
    None, which counts as a wrong code for `address`.

    Raises JoinRefused once `address` has used up its wrong codes. Attempts
    from one address take turns, so a burst of parallel guesses gets no more
    answers than the limit: each sees the failures of the ones before it.
    """
    with transaction.atomic():
        _one_attempt_at_a_time(address)
        if join_refused(address):
            raise JoinRefused
        workshop = (
            Workshop.objects.select_related("assessment__organization")
            .filter(join_code=join_code, status=Workshop.Status.OPEN, created_at__gte=opened_since)
            .first()
        )
        if workshop is None:
            join_failed(address)
        return workshop


def _one_attempt_at_a_time(address: str) -> None:
    # A transaction-scoped advisory lock per address (released at commit).
    # SQLite needs none: its transactions here are IMMEDIATE, one writer at a time.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [JOIN_LOCK, address])


def join_refused(address: str) -> bool:
    """Whether `address` tried too many wrong codes lately."""
    since = timezone.now() - JOIN_FAILURE_WINDOW
    return JoinFailure.objects.filter(address=address, at__gte=since).count() >= JOIN_FAILURE_LIMIT


def join_failed(address: str) -> None:
    now = timezone.now()
    JoinFailure.objects.create(address=address, at=now)
    # Old attempts never count again; dropping them here keeps the table small.
    JoinFailure.objects.filter(at__lt=now - JOIN_FAILURE_WINDOW).delete()


@dataclass(frozen=True)
class VoteCast:
    """What a vote wrote, for the phone's answer: no need to read it back."""

    participant: Participant
    round: Round  # as it stood when the vote counted (open)
    vote: Vote


def vote_cast(
    *,
    workshop: Workshop,
    participant_id: int,
    question_key: str,
    level: int | None,
    comment: str,
    choice: str = "",
) -> VoteCast:
    """Record or replace a participant's vote on the current question.

    Raises VotingClosed when the question is no longer on screen or its
    voting closed. The round's counter is bumped first: that UPDATE holds the
    round's row lock until commit, so closing the round waits for votes in
    flight and a vote never slips in after the count was taken. It checks
    the workshop's row in the same statement, so a vote that raced the
    facilitator's move to another question is refused too.
    """
    if not workshop.is_open or question_key != workshop.current_key:
        raise VotingClosed
    now = timezone.now()
    with transaction.atomic():
        participant = _voter(workshop, participant_id)
        if participant is None:
            raise SeatRevoked
        round_ = _count_vote(workshop, question_key)
        if round_ is None:
            raise VotingClosed
        vote = Vote(
            round=round_,
            participant=participant,
            level=level,
            choice=choice,
            comment=comment,
            created_at=now,
            updated_at=now,
        )
        # One statement, whatever happened before: no read-modify-write race
        # between two tabs of the same participant.
        with connection.cursor() as cursor:
            cursor.execute(
                _UPSERT_VOTE, [round_.pk, participant.pk, level, choice, comment, now, now]
            )
    return VoteCast(participant, round_, vote)


def _q(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# The statements every vote runs, in plain SQL: a room votes a thousand
# times a minute, and building them through the ORM cost more CPU than
# PostgreSQL spends running them. (SQLite, the laptop default, speaks the
# same upsert.)
_UPSERT_VOTE = (
    f"INSERT INTO {_q(Vote)} (round_id, participant_id, level, choice, comment, "  # noqa: S608
    "created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (round_id, participant_id) DO UPDATE SET level = excluded.level, "
    "choice = excluded.choice, comment = excluded.comment, updated_at = excluded.updated_at"
)


def _count_vote(workshop: Workshop, question_key: str) -> Round | None:
    """Bump the open round's vote counter, if `question_key` is still on
    screen and its voting open; the round as it stands then, else None."""
    sql = (
        f"UPDATE {_ROUND} SET votes_version = votes_version + 1 "  # noqa: S608 (our own tables)
        "WHERE workshop_id = %s AND question_key = %s AND state = %s AND EXISTS ("
        f"SELECT 1 FROM {_WORKSHOP} w WHERE w.id = %s AND w.status = %s AND w.current_key = %s"
        f") RETURNING {_ROUND_COLUMNS}"
    )
    params = [workshop.pk, question_key, Round.State.OPEN]
    params += [workshop.pk, Workshop.Status.OPEN, question_key]
    return next(iter(Round.objects.raw(sql, params)), None)


_ROUND = _q(Round)
_WORKSHOP = _q(Workshop)
_ROUND_COLUMNS = ", ".join(connection.ops.quote_name(f.column) for f in Round._meta.concrete_fields)


def _voter(workshop: Workshop, participant_id: int) -> Participant | None:
    """The participant, if the seat still votes: a guest's always (the code
    let them in), a member's only while they belong to the organization in a
    voting role. Checked on every vote, as the seat cookie outlives a
    demotion or removal."""
    voting_roles = [r.value for r in Membership.Role if r != Membership.Role.VIEWER]
    with connection.cursor() as cursor:
        cursor.execute(
            _VOTER.format(roles=", ".join(["%s"] * len(voting_roles))),
            [participant_id, workshop.pk, workshop.assessment.organization_id, *voting_roles],
        )
        found = cursor.fetchone()
    if found is None:
        return None
    return Participant(
        id=participant_id, workshop=workshop, display_name=found[0], user_id=found[1]
    )


_VOTER = (
    f"SELECT p.display_name, p.user_id FROM {_q(Participant)} p "  # noqa: S608
    "WHERE p.id = %s AND p.workshop_id = %s AND (p.user_id IS NULL OR EXISTS ("
    f"SELECT 1 FROM {_q(Membership)} m WHERE m.user_id = p.user_id "
    "AND m.organization_id = %s AND m.role IN ({roles})))"
)


def consensus_set(
    *,
    round_: Round,
    user: User,
    state: str,
    level: int | None,
    note: str,
    use_median: bool = False,
    median_unchosen_ok: bool = False,
    choice: str = "",
) -> assessor_services.SaveOutcome:
    """Write the agreed answer into the assessment, with where it came from.

    `state` is "answered" (with a level, or `use_median` to take the votes'
    median, computed under the same lock as the provenance so the two always
    agree; or with a context question's `choice`), "na" (with a note) or
    "unknown". Voting on the question closes; the votes stay. Raises
    AssessmentClosed from the assessment services, MedianUnchosen when the
    median is a level nobody voted for (unless `median_unchosen_ok`), or
    WorkshopError when there is nothing to take the median of or someone
    changed the answer in the same instant.
    """
    workshop = round_.workshop
    assessment = workshop.assessment
    with transaction.atomic():
        # The lock makes votes in flight finish (or wait and be refused) first.
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        votes = list(locked.votes.values_list("level", "choice"))
        if choice or assessment.framework.parsed.has_context_question(locked.question_key):
            values = assessment.framework.parsed.context_question(locked.question_key).choice_keys
            counted = tally(list(values), list(values), [c for _, c in votes])
            provenance = choice_provenance(counted)
        else:
            summary = summarize(locked.question_key, [lv for lv, _ in votes])
            if use_median:
                level = summary.suggested
                if level is None:
                    raise WorkshopError(_("Nobody voted a level yet: pick one."))
                if summary.median_unchosen and not median_unchosen_ok:
                    raise MedianUnchosen(
                        _(
                            "The median, level %(level)s, is a level nobody voted for: "
                            "the room is split. Discuss it, or set the level you agree on."
                        )
                        % {"level": level}
                    )
            provenance = provenance_of(summary)
        text = f"{provenance}." + (f" {note}" if note else "")
        # The workshop is one "client" of the answer: a later consensus in the
        # same workshop replaces its own earlier one without a conflict.
        current = (
            Answer.objects.filter(assessment=assessment, question_key=locked.question_key)
            .values_list("version", flat=True)
            .first()
        )
        level = level if state == Answer.State.ANSWERED and not choice else None
        outcome = assessor_services.answer_save(
            assessment=assessment,
            user=user,
            question_key=locked.question_key,
            state=state,
            level=level,
            choice=choice,
            note=text,
            evidence=_evidence_of(assessment, locked.question_key),
            version=current or 0,
            client=f"workshop-{workshop.code.hex[:20]}",
        )
        if outcome.conflict:
            raise WorkshopError(_("Someone changed this answer at the same moment; try again."))
        now = timezone.now()
        locked.state = Round.State.CLOSED
        locked.closed_at = locked.closed_at or now
        locked.consensus_state = state
        locked.consensus_level = level
        locked.consensus_choice = choice
        locked.consensus_note = note
        locked.provenance = provenance
        locked.decided_by = user
        locked.decided_at = now
        locked.save()
        _stage_changed(workshop.pk)
    round_.refresh_from_db()
    return outcome


def _evidence_of(assessment: Assessment, key: str) -> str:
    # A consensus decides the level and the note, not the evidence link the
    # team may have attached in the wizard.
    return (
        Answer.objects.filter(assessment=assessment, question_key=key)
        .values_list("evidence", flat=True)
        .first()
        or ""
    )
