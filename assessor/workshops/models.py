"""Live workshops: one assessment, a room of participants voting on its
questions from their own devices, and the consensus the facilitator sets.

Votes are kept after the consensus is written into the assessment's answer,
so the results page and the PDF can show how the team was split.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from assessor import vocabulary
from assessor.models import Assessment

# Read aloud and typed on phones: no 0/O, 1/I/L, and upper case only.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalize_join_code(text: str) -> str:
    """What a participant typed, as stored: upper case, no spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


class Workshop(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("workshop status", "Open")
        CLOSED = "closed", pgettext_lazy("workshop status", "Closed")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="workshops")
    join_code = models.CharField(max_length=JOIN_CODE_LENGTH, default=new_join_code)
    status = models.CharField(max_length=8, choices=Status, default=Status.OPEN)
    # The question on screen; empty while the join slide is shown.
    current_key = models.CharField(max_length=80, blank=True)
    # Bumped by every change participants' screens show (question, voting
    # opened or closed, consensus, the end): their poll answers 304 while
    # it is unchanged, reading it from Redis (live.py) rather than here.
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Codes are short, so they are only unique while they grant access.
            models.UniqueConstraint(
                fields=["join_code"],
                condition=models.Q(status="open"),
                name="one_open_workshop_per_join_code",
            ),
            models.UniqueConstraint(
                fields=["assessment"],
                condition=models.Q(status="open"),
                name="one_open_workshop_per_assessment",
            ),
        ]

    def __str__(self) -> str:
        return f"Workshop {self.join_code} on {self.assessment}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def display_code(self) -> str:
        """The join code as shown on the slide: two groups of three, easier to read out."""
        return f"{self.join_code[:3]} {self.join_code[3:]}"

    def question_keys(self) -> list[str]:
        """The questions a workshop can vote on, in the wizard's order: the
        context questions (they decide the path) first, then the scored ones
        in the assessment's scope."""
        return self.assessment.question_keys()

    def current_round(self) -> "Round | None":
        """The round of the question on screen (None while the join slide shows)."""
        if not self.current_key:
            return None
        return Round.objects.filter(workshop=self, question_key=self.current_key).first()

    def presenter_url(self) -> str:
        """The projected screen: question, levels, and the votes only once revealed."""
        a = self.assessment
        return reverse("workshops:present", args=[a.organization.slug, a.code, self.code])

    def board_url(self) -> str:
        """The facilitator's own screen: who voted what, comments, consensus."""
        a = self.assessment
        return reverse("workshops:board", args=[a.organization.slug, a.code, self.code])

    def participant_url(self) -> str:
        return reverse("workshops:participate", args=[self.code])


class Participant(models.Model):
    """Someone in the room: an organization member with their account, or a
    guest known only by the name they typed and a signed cookie."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workshop = models.ForeignKey(Workshop, models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="+"
    )
    display_name = models.CharField(max_length=40)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            # A member who joins again from another device keeps their votes.
            models.UniqueConstraint(
                fields=["workshop", "user"],
                condition=models.Q(user__isnull=False),
                name="one_participant_per_member",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_guest(self) -> bool:
        return self.user_id is None


class Round(models.Model):
    """The vote on one question within one workshop, and its outcome."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("voting round", "Voting")
        CLOSED = "closed", pgettext_lazy("voting round", "Closed")

    workshop = models.ForeignKey(Workshop, models.CASCADE, related_name="rounds")
    question_key = models.CharField(max_length=80)
    state = models.CharField(max_length=8, choices=State, default=State.OPEN)
    # Whether the projected screen shows how the room voted (the facilitator
    # reveals it once voting closed, so nobody anchors on the others' votes).
    revealed = models.BooleanField(default=False)
    # Bumped by every vote, in the same transaction: the facilitator's board
    # polls against it, and the row lock it takes orders votes against the
    # closing of the round (a vote either counts or is refused, never lost).
    votes_version = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The consensus, as written into the assessment's answer.
    consensus_state = models.CharField(max_length=12, blank=True)
    consensus_level = models.PositiveSmallIntegerField(null=True, blank=True)
    # A context question's agreed choice.
    consensus_choice = models.CharField(max_length=40, blank=True)
    consensus_note = models.TextField(blank=True, max_length=4000)
    provenance = models.CharField(max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "question_key"], name="one_round_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_key} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def has_consensus(self) -> bool:
        return bool(self.consensus_state)

    @property
    def consensus_value(self) -> str:
        """The consensus as an option value: a level, a choice key, "na" or "unknown"."""
        if self.consensus_choice:
            return self.consensus_choice
        if self.consensus_state == "answered" and self.consensus_level is not None:
            return str(self.consensus_level)
        return self.consensus_state if self.consensus_state in ("na", "unknown") else ""

    @property
    def consensus_label(self) -> str:
        if not self.consensus_state:
            return ""
        return vocabulary.level_or_state_label(self.consensus_state, self.consensus_level)


class Vote(models.Model):
    round = models.ForeignKey(Round, models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, models.CASCADE, related_name="votes")
    # None is "don't know": it is counted, but not in the median or spread.
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    # On a context question: the choice key (level stays None); "" is "don't know".
    choice = models.CharField(max_length=40, blank=True)
    comment = models.TextField(blank=True, max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "participant"], name="one_vote_per_round"),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__lte=4),
                name="vote_level_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} on {self.round}: {self.level}"


class JoinFailure(models.Model):
    """A join attempt with a wrong or closed code, counted per address to
    stop code guessing. In the database rather than Django's cache, because
    the default cache is per process and gunicorn runs several workers."""

    address = models.CharField(max_length=45)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["address", "at"], name="join_failure_by_address")]

    def __str__(self) -> str:
        return f"{self.address} at {self.at:%H:%M:%S}"
