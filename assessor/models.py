"""Stored question banks, assessments and their answers.

Answers reference questions by key and every assessment pins one stored
framework version, so an old assessment scores the same forever.
"""

import datetime
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from accounts.models import Organization
from assessor import advice, frameworks, moments, scoring, vocabulary
from assessor.frameworks import translation as bank_translation

_PARSED: dict[str, frameworks.Framework] = {}
# (bank sha256, translation sha256) -> the bank in that translation's words.
_TRANSLATED: dict[tuple[str, str], frameworks.Framework] = {}


def language_code(language: str | None) -> str:
    """The configured language a locale name falls under ("de-at" -> "de"), else English."""
    code = (language or "").lower().split("-")[0]
    return code if code in dict(settings.LANGUAGES) else bank_translation.BANK_LANGUAGE


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
        """The bank with its texts in the active language (its translation into
        it when stored, else English). Keys, weights and structure are the
        same in every language, so whatever is scored is too."""
        return self.in_language(translation.get_language())

    @property
    def parsed_bank(self) -> frameworks.Framework:
        """The bank as written (English), whatever language is active."""
        # Stored documents never change, so one parse per process is enough;
        # scoring a page then costs no YAML or validation work.
        parsed = _PARSED.get(self.sha256)
        if parsed is None:
            parsed = _PARSED[self.sha256] = frameworks.parse_framework(
                self.document, source=f"{self.key} v{self.version}"
            )
        return parsed

    def in_language(self, language: str | None) -> frameworks.Framework:
        """The bank with its texts in `language`: its stored translation over
        the same keys, weights and structure, or the bank as written when
        there is none. English costs nothing; another language one query per
        instance (which translation is stored now) and one parse per process
        per translation version."""
        code = language_code(language)
        if code == bank_translation.BANK_LANGUAGE:
            return self.parsed_bank
        memo = self.__dict__.setdefault("_in_language", {})
        if code not in memo:
            memo[code] = self._translated(code)
        return memo[code]

    def _translated(self, code: str) -> frameworks.Framework:
        stored = self.translations.filter(language=code).values_list("pk", "sha256").first()
        if stored is None:
            return self.parsed_bank
        pk, sha256 = stored
        parsed = _TRANSLATED.get((self.sha256, sha256))
        if parsed is None:
            document = FrameworkTranslation.objects.values_list("document", flat=True).get(pk=pk)
            parsed = _TRANSLATED[(self.sha256, sha256)] = bank_translation.translated(
                self.parsed_bank, document, code
            )
        return parsed

    def languages(self) -> list[str]:
        """English and every language this bank version has a translation into."""
        stored = self.translations.order_by("language").values_list("language", flat=True)
        return [bank_translation.BANK_LANGUAGE, *stored]

    def is_used(self) -> bool:
        return self.assessments.exists()


class FrameworkTranslation(models.Model):
    """Every text of one stored bank version in another language (FORMAT.md,
    "Translations"). It changes no score, so a corrected translation replaces
    the stored one even when assessments use the bank."""

    framework = models.ForeignKey(Framework, models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8)
    document = models.JSONField()
    sha256 = models.CharField(max_length=64)
    builtin = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "language"], name="one_translation_per_language"
            )
        ]
        ordering = ["framework", "language"]

    def __str__(self) -> str:
        return f"{self.framework} in {self.get_language_display()}"

    def get_language_display(self) -> str:
        return str(dict(settings.LANGUAGES).get(self.language, self.language))


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("assessment status", "Draft")
        IN_PROGRESS = "in_progress", pgettext_lazy("assessment status", "In progress")
        COMPLETED = "completed", pgettext_lazy("assessment status", "Completed")

    class Scope(models.TextChoices):
        BOTH = "both", gettext_lazy("DevOps and MLOps")
        DEVOPS = "devops", gettext_lazy("DevOps only")
        MLOPS = "mlops", gettext_lazy("MLOps only")

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
    # Archived assessments leave the organization's list but keep counting in
    # its timeline and history; archiving can be undone.
    archived_at = models.DateTimeField(null=True, blank=True)
    # Headline figures (indices, confidence, path, progress) refreshed on every
    # answer save, so list pages and the timeline need no scoring per row.
    headline = models.JSONField(default=dict, blank=True)
    # The language of the room: every page of this assessment, its bank texts
    # and its reports use it (assessor/assessment_language.py). A code of
    # settings.LANGUAGES; a language the bank has no translation into shows
    # the bank's texts in English.
    language = models.CharField(max_length=8, default="en")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            moments.storable("assessment", "created_at"),
            moments.storable("assessment", "completed_at"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def baseline(self) -> "Assessment | None":
        """The assessment this one is measured against: the one it followed up
        when that is completed, else the organization's latest completed
        assessment before it. A draft is never a baseline."""
        based_on = self.based_on if self.based_on_id else None
        if based_on is not None and based_on.is_completed:
            return based_on
        if self.pk is None:  # built in memory (the render benchmark): no history
            return None
        return (
            Assessment.objects.filter(
                organization=self.organization_id,
                status=Assessment.Status.COMPLETED,
                created_at__lt=self.created_at,
            )
            .order_by("-created_at")
            .first()
        )

    def steps(self) -> list[tuple[str, str]]:
        """The wizard's steps in order: context first, then each dimension in scope."""
        framework = self.framework.parsed
        return [("context", _("Context"))] + [
            (d.key, d.title) for d in framework.dimensions if d.area in self.areas
        ]

    def question_keys(self) -> list[str]:
        """Every question of this assessment (context and scored in scope), in order."""
        framework = self.framework.parsed
        keys = [q.key for q in framework.context_questions]
        for d in framework.dimensions:
            if d.area in self.areas:
                keys.extend(q.key for q in d.questions)
        return keys

    @property
    def areas(self) -> tuple[str, ...]:
        return ("devops", "mlops") if self.scope == self.Scope.BOTH else (self.scope,)

    def progress(self, answers: "list[Answer] | None" = None) -> "Progress":
        """How far the answers of this assessment's questions have got:
        carried-over answers count only once confirmed."""
        if answers is None:
            answers = list(self.answers.all())
        keys = set(self.question_keys())
        mine = [a for a in answers if a.question_key in keys]
        return Progress(
            answered=sum(1 for a in mine if a.is_answered),
            total=len(keys),
            unknown=sum(1 for a in mine if a.state == Answer.State.UNKNOWN),
            carried_over=sum(1 for a in mine if a.is_carried),
        )

    def headline_from(self, answers: "list[Answer]", today: datetime.date | None = None) -> dict:
        """The figures list pages show (stored in `headline`): indices,
        confidence (evidence aged as of `today`), path and progress."""
        inputs, context = self._brain_inputs(answers)
        scorecard = self._scorecard(inputs, today)
        # Only the path, not the whole advice: its roadmap would cost as much
        # again on every answer save and the headline keeps none of it.
        path = advice.path_outcome(
            self.framework.parsed, scorecard, context, regulated=self.organization.regulated
        )
        progress = self.progress(answers)
        areas = {
            area.key: {"score": area.score, "confidence": area.confidence}
            for area in scorecard.areas
        }
        return {
            **areas,
            # Gated dimension scores, for trend charts across assessments.
            "dimensions": {d.key: d.score for d in scorecard.dimensions},
            "carried_over": progress.carried_over,
            "path": path,
            "path_title": advice.path_title(path),
            "answered": progress.answered,
            "total": progress.total,
        }

    def results(
        self, answers: "list[Answer] | None" = None, today: datetime.date | None = None
    ) -> "Results":
        """Scorecard and advice of the answers as they are now, evidence aged
        as of `today` (default: the local date).

        Pass the answers when the caller has already loaded them, to save the
        query; the brain itself works on plain data.
        """
        if answers is None:
            answers = list(self.answers.all())
        inputs, context = self._brain_inputs(answers)
        scorecard = self._scorecard(inputs, today)
        advised = advice.advise(
            self.framework.parsed,
            scorecard,
            context,
            regulated=self.organization.regulated,
            targets=self.targets or None,
        )
        return Results(scorecard=scorecard, advice=advised, context=context)

    def _brain_inputs(self, answers: "list[Answer]") -> tuple[dict, dict[str, str]]:
        """The scored answers as the brain takes them, and the context choices."""
        framework = self.framework.parsed
        inputs, context = {}, {}
        for answer in answers:
            if framework.has_context_question(answer.question_key):
                # "Don't know" on a context question leaves it out, like unanswered.
                if answer.choice:
                    context[answer.question_key] = answer.choice
            elif answer.is_scored:
                inputs[answer.question_key] = answer.as_input()
        return inputs, context

    def _scorecard(self, inputs: dict, today: datetime.date | None) -> scoring.Scorecard:
        return scoring.score(
            self.framework.parsed, inputs, areas=self.areas, today=today or timezone.localdate()
        )


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int
    unknown: int = 0
    # Carried over by a follow-up and not yet confirmed: not counted as answered.
    carried_over: int = 0

    @property
    def unanswered(self) -> int:
        """Not answered yet, unconfirmed carried-over answers included."""
        return self.total - self.answered

    @property
    def complete(self) -> bool:
        return self.answered >= self.total

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100

    def missing(self) -> str:
        """What still lowers confidence, in words ("" when nothing does)."""
        parts = []
        never = self.unanswered - self.carried_over  # carried ones are said apart
        if never:
            parts.append(
                ngettext(
                    "%(count)d of %(total)d questions not answered yet",
                    "%(count)d of %(total)d questions not answered yet",
                    never,
                )
                % {"count": never, "total": self.total}
            )
        if self.unknown:
            parts.append(_("%(count)d answered “don’t know”") % {"count": self.unknown})
        if self.carried_over:
            parts.append(
                _(
                    "%(count)d carried over from the last assessment and not yet "
                    "confirmed (the figures use them meanwhile)"
                )
                % {"count": self.carried_over}
            )
        return "; ".join(parts)


@dataclass(frozen=True)
class Results:
    scorecard: scoring.Scorecard
    advice: advice.Advice
    context: dict[str, str]


class Answer(models.Model):
    class State(models.TextChoices):
        # The same words (and msgids) as assessor/vocabulary.py, so
        # get_state_display agrees with it in every language.
        UNANSWERED = "unanswered", gettext_lazy("Not answered")
        ANSWERED = "answered", gettext_lazy("Answered")
        NA = "na", gettext_lazy("N/A")
        UNKNOWN = "unknown", gettext_lazy("Don’t know")

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="answers")
    question_key = models.CharField(max_length=80)
    state = models.CharField(max_length=12, choices=State, default=State.UNANSWERED)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    # Context questions are answered with a choice key instead of a level.
    choice = models.CharField(max_length=40, blank=True)
    note = models.TextField(blank=True, max_length=4000)
    # A link, or where to find it ("Confluence > Planning"): both are evidence.
    evidence = models.CharField(blank=True, max_length=500)
    # Who keeps the evidence current, and the last day it holds: after that
    # the answer counts half towards confidence (scoring.EXPIRED_EVIDENCE_TRUST)
    # and the owner's weekly digest asks for a re-check.
    evidence_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence_valid_until = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    # Optimistic locking: a save names the version it started from.
    version = models.PositiveIntegerField(default=0)
    # The browser tab (a random id per page load) that saved last: its own
    # rapid saves are a continuation, not a conflict.
    last_client = models.CharField(max_length=40, blank=True)
    # Copied from the previous assessment by a follow-up, not yet confirmed
    # or changed by anyone in this one.
    carried_over = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question_key"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__lte=4),
                name="level_in_range",
            ),
            moments.storable("answer", "updated_at"),
        ]

    def __str__(self) -> str:
        return f"{self.question_key}: {self.state} {self.level}"

    @property
    def value(self) -> str:
        """The wizard's form value: a level, "na", "unknown" or a context choice."""
        if self.choice:
            return self.choice
        if self.state == self.State.ANSWERED and self.level is not None:
            return str(self.level)
        if self.state in (self.State.NA, self.State.UNKNOWN):
            return self.state
        return ""

    @property
    def is_carried(self) -> bool:
        """Copied by a follow-up and given a value, but nobody confirmed it yet."""
        return self.carried_over and self.state != self.State.UNANSWERED

    @property
    def is_answered(self) -> bool:
        """Whether this answer counts towards progress: N/A and "don’t know" do;
        a carried-over answer does once someone confirmed or changed it."""
        return vocabulary.is_answered(self.state) and not self.carried_over

    def label(self, framework: frameworks.Framework) -> str:
        """This answer in words: "Level 3", "N/A", "Don’t know" or a choice's label."""
        return vocabulary.answer_label(
            framework, self.question_key, self.state, self.level, self.choice
        )

    @property
    def is_scored(self) -> bool:
        """Whether the brain should see this answer (context choices are not scored)."""
        return self.state != self.State.UNANSWERED and not self.choice

    def as_input(self) -> scoring.AnswerInput:
        return scoring.AnswerInput(
            state=self.state,
            level=self.level if self.state == self.State.ANSWERED else None,
            note=self.note,
            evidence_valid_until=self.evidence_valid_until,
        )

    def evidence_expired(self, today: datetime.date | None = None) -> bool:
        """Whether the level rests on evidence past its valid-until day (the
        scoring rule's test, so pages, PDF and digest agree with the score)."""
        if not self.is_scored:
            return False
        return self.as_input().evidence_expired(today or timezone.localdate())

    def snapshot(self) -> dict:
        """What an audit revision records of this answer."""
        return {
            "state": self.state,
            "level": self.level,
            "choice": self.choice,
            "note": self.note,
            "evidence": self.evidence,
            "evidence_owner": self.evidence_owner_id,
            "evidence_valid_until": (
                self.evidence_valid_until.isoformat() if self.evidence_valid_until else None
            ),
            "carried_over": self.carried_over,
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


class AssessmentEvent(models.Model):
    """Milestones of an assessment: started, completed, reopened."""

    class Action(models.TextChoices):
        STARTED = "started", pgettext_lazy("assessment event", "Started")
        COMPLETED = "completed", pgettext_lazy("assessment event", "Completed")
        REOPENED = "reopened", pgettext_lazy("assessment event", "Reopened")
        RENAMED = "renamed", pgettext_lazy("assessment event", "Renamed")
        ARCHIVED = "archived", pgettext_lazy("assessment event", "Archived")
        RESTORED = "restored", pgettext_lazy("assessment event", "Taken out of the archive")
        LANGUAGE_CHANGED = "language", pgettext_lazy("assessment event", "Language changed")

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="events")
    action = models.CharField(max_length=16, choices=Action)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    # What changed, in words (a rename: the old title).
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.assessment} {self.action} at {self.at:%Y-%m-%d %H:%M}"

    # A rename stores its old title in English words (the record stays as
    # written, whoever reads it later); pages say it in the reader's language.
    RENAMED_FROM = re.compile(r"^was “(?P<title>.*)”$", re.DOTALL)

    @property
    def detail_display(self) -> str:
        """The detail in the active language (a rename's "was “…”"), else as stored."""
        found = self.RENAMED_FROM.match(self.detail)
        if self.action == self.Action.RENAMED and found:
            return _("was “%(title)s”") % {"title": found["title"]}
        return self.detail


class AssessmentDeletion(models.Model):
    """The record that an assessment existed and who deleted it: the
    assessment, its answers, history and reports are gone, this stays."""

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="deletions")
    code = models.UUIDField()
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=Assessment.Status)
    created_at = models.DateTimeField()
    answers = models.PositiveIntegerField()
    reports = models.PositiveIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} deleted at {self.at:%Y-%m-%d %H:%M}"
