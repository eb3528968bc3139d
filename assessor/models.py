"""Stored question banks, assessments and their answers.

Answers reference questions by key and every assessment pins one stored
framework version, so an old assessment scores the same forever.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Organization
from assessor import frameworks, scoring

_PARSED: dict[str, frameworks.Framework] = {}


class Framework(models.Model):
    """An immutable, validated question bank (one version of it)."""

    key = models.SlugField(max_length=80)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    document = models.JSONField()
    sha256 = models.CharField(max_length=64)
    builtin = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="one_framework_version")
        ]
        ordering = ["key", "-version"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def parsed(self) -> frameworks.Framework:
        # Stored documents never change, so one parse per process is enough;
        # scoring a page then costs no YAML or validation work.
        parsed = _PARSED.get(self.sha256)
        if parsed is None:
            parsed = _PARSED[self.sha256] = frameworks.parse_framework(
                self.document, source=f"{self.key} v{self.version}"
            )
        return parsed

    def is_used(self) -> bool:
        return self.assessments.exists()


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"

    class Scope(models.TextChoices):
        BOTH = "both", "DevOps and MLOps"
        DEVOPS = "devops", "DevOps only"
        MLOPS = "mlops", "MLOps only"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, models.CASCADE, related_name="assessments")
    framework = models.ForeignKey(Framework, models.PROTECT, related_name="assessments")
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=Status, default=Status.DRAFT)
    scope = models.CharField(max_length=8, choices=Scope, default=Scope.BOTH)
    targets = models.JSONField(default=dict, blank=True)
    based_on = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="follow_ups"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def areas(self) -> tuple[str, ...]:
        return ("devops", "mlops") if self.scope == self.Scope.BOTH else (self.scope,)

    def answer_inputs(self) -> dict[str, scoring.AnswerInput]:
        """The scored answers as plain data for the brain (one query)."""
        return {
            a.question_key: a.as_input()
            for a in self.answers.exclude(state=Answer.State.UNANSWERED).exclude(
                level__isnull=True, state=Answer.State.ANSWERED
            )
        }

    def context_answers(self) -> dict[str, str]:
        return dict(self.answers.exclude(choice="").values_list("question_key", "choice"))


class Answer(models.Model):
    class State(models.TextChoices):
        UNANSWERED = "unanswered", "Not answered"
        ANSWERED = "answered", "Answered"
        NA = "na", "Not applicable"
        UNKNOWN = "unknown", "Don't know"

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="answers")
    question_key = models.CharField(max_length=80)
    state = models.CharField(max_length=12, choices=State, default=State.UNANSWERED)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    # Context questions are answered with a choice key instead of a level.
    choice = models.CharField(max_length=40, blank=True)
    note = models.TextField(blank=True, max_length=4000)
    evidence = models.URLField(blank=True, max_length=500)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    # Optimistic locking: a save names the version it started from.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question_key"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__lte=4),
                name="level_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_key}: {self.state} {self.level}"

    def as_input(self) -> scoring.AnswerInput:
        return scoring.AnswerInput(
            state=self.state,
            level=self.level if self.state == self.State.ANSWERED else None,
            note=self.note,
        )

    def snapshot(self) -> dict:
        """What an audit revision records of this answer."""
        return {
            "state": self.state,
            "level": self.level,
            "choice": self.choice,
            "note": self.note,
            "evidence": self.evidence,
        }


class AnswerRevision(models.Model):
    """One change of one answer: the audit trail."""

    answer = models.ForeignKey(Answer, models.CASCADE, related_name="revisions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    old = models.JSONField(null=True)
    new = models.JSONField()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.answer.question_key} changed at {self.at:%Y-%m-%d %H:%M}"
