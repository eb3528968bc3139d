"""The improvement plan: actions a client team takes between assessments.

An action belongs to an organization and sits on one assessment's plan (the
one it was created from, or a later follow-up its open work was carried over
to). It links the questions it should move, all of one practice area, so at
the next assessment its work can be read beside the level change. Every
change is kept in its revisions, like answers'.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.models import Membership, Organization
from assessor import moments
from assessor.frameworks.schema import MAX_LEVEL
from assessor.models import Assessment

# Due dates a plan can sensibly hold: typing 0202 for 2026 is refused, not stored.
EARLIEST_DUE = date(2000, 1, 1)
LATEST_DUE = date(2100, 12, 31)


@dataclass(frozen=True)
class Counts:
    open: int
    overdue: int
    done: int
    dropped: int

    @property
    def total(self) -> int:
        return self.open + self.done + self.dropped


class ActionQuerySet(models.QuerySet):
    def counts(self, today: date | None = None) -> Counts:
        """How many of these actions are open (and overdue), done and dropped: one query."""
        today = today or timezone.localdate()
        open_ = models.Q(status__in=Action.OPEN)
        return Counts(
            **self.aggregate(
                open=models.Count("id", filter=open_),
                overdue=models.Count("id", filter=open_ & models.Q(due_date__lt=today)),
                done=models.Count("id", filter=models.Q(status=Action.Status.DONE)),
                dropped=models.Count("id", filter=models.Q(status=Action.Status.DROPPED)),
            )
        )


class Action(models.Model):
    class Status(models.TextChoices):
        TODO = "todo", pgettext_lazy("action status", "To do")
        DOING = "doing", pgettext_lazy("action status", "Doing")
        DONE = "done", pgettext_lazy("action status", "Done")
        DROPPED = "dropped", pgettext_lazy("action status", "Dropped")

    OPEN = (Status.TODO, Status.DOING)
    CLOSED = (Status.DONE, Status.DROPPED)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, models.CASCADE, related_name="actions")
    # The plan it is on now: where it was created, or the follow-up its open
    # work was carried over to. Deleting an assessment keeps its plan's actions.
    assessment = models.ForeignKey(
        Assessment, models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    # Where it was first created (never changes; carry-overs move `assessment`).
    created_from = models.ForeignKey(
        Assessment, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=4000)
    # The practice area (dimension key of the bank) and the questions of it
    # the action should move, by key, as answers name them.
    dimension = models.CharField(gettext_lazy("practice area"), max_length=80)
    question_keys = models.JSONField(default=list, blank=True)
    # A member, or someone without an account named in words (not both).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    owner_name = models.CharField(max_length=150, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status, default=Status.TODO)
    dropped_reason = models.CharField(max_length=500, blank=True)
    target_level = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # When it was marked done or dropped (None while open): which follow-up's
    # "done since the last assessment" it counts in.
    closed_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: an edit names the version it started from.
    version = models.PositiveIntegerField(default=1)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "created_at", "id"]
        indexes = [
            models.Index(fields=["organization", "status", "due_date"], name="action_org_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_level__isnull=True)
                | models.Q(target_level__lte=MAX_LEVEL),
                name="action_target_level_in_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="dropped") | ~models.Q(dropped_reason=""),
                name="action_dropped_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(owner__isnull=True) | models.Q(owner_name=""),
                name="action_one_kind_of_owner",
            ),
            moments.storable("action", "created_at"),
            moments.storable("action", "closed_at"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_date is not None and self.due_date < today

    @property
    def owner_label(self) -> str:
        """Who does it, in words: the member's name, the named person, or ""."""
        if self.owner_id:
            return self.owner.display_name
        return self.owner_name

    def status_label(self) -> str:
        """The status as lists show it; a dropped action says why."""
        if self.status == self.Status.DROPPED:
            return f"{self.get_status_display()}: {self.dropped_reason}"
        return self.get_status_display()

    def can_update(self, membership: Membership) -> bool:
        """Facilitators and owners manage every action; a participant updates
        the actions they own; a viewer reads."""
        if membership.can_facilitate:
            return True
        return membership.can_answer and self.owner_id == membership.user_id

    def snapshot(self) -> dict:
        """What a revision records of this action: every field a person edits."""
        return {
            "title": self.title,
            "description": self.description,
            "dimension": self.dimension,
            "question_keys": list(self.question_keys),
            "owner": self.owner.email if self.owner_id else None,
            "owner_name": self.owner_name,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "status": self.status,
            "dropped_reason": self.dropped_reason,
            "target_level": self.target_level,
            "assessment": str(self.assessment.code) if self.assessment_id else None,
        }


class ActionRevision(models.Model):
    """One change of one action (who, when, from what to what): its audit trail."""

    action = models.ForeignKey(Action, models.CASCADE, related_name="revisions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    old = models.JSONField(null=True)
    new = models.JSONField()
    # Why, when the system made the change ("carried over to …").
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} changed at {self.at:%Y-%m-%d %H:%M}"

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, old, new) for each field this revision changed; every field
        of a creation."""
        old = self.old or {}
        return [
            (name, old.get(name), value)
            for name, value in self.new.items()
            if self.old is None or old.get(name) != value
        ]
