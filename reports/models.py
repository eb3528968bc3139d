"""Reports of an assessment: numbered versions rendered from a frozen snapshot.

A report copies everything its document shows into `snapshot` when it is
requested, and the renderer reads nothing else: the document reflects the
answers at that moment, and a version stays the same however the assessment
changes. Each version is one file in one format (PDF, PDF/A, Word or
PowerPoint); the formats share the snapshot, the numbering, the worker and
the download checks.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessor.models import Assessment

# A worker that started rendering more than this long ago is gone: the hard
# time limit would have killed the render by now (the margin covers clock
# differences between nodes). Beat checks every REPORT_RECOVERY_SECONDS (30),
# so a lost render is queued again within a minute of its time limit.
STALE_RENDER_MARGIN = timedelta(seconds=20)
# A report nobody picked up for this long has lost its message (or no worker
# runs); it is marked failed so the user can retry instead of waiting forever.
QUEUE_TIMEOUT = timedelta(minutes=15)
# Renders started (and lost) before a stuck report counts as failed for good:
# a report that kills its worker every time must not loop forever.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class FileFormat:
    extension: str
    content_type: str
    # What the download button and the version lists call it.
    name: str


PDF = FileFormat("pdf", "application/pdf", "PDF")
DOCX = FileFormat(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word document",
)
PPTX = FileFormat(
    "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "PowerPoint deck",
)


class Report(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    class Variant(models.TextChoices):
        """The format of the file; every variant renders the same snapshot."""

        STANDARD = "standard", "PDF"
        PDFA = "pdfa", _("PDF/A-3b (archival)")
        DOCX = "docx", _("Word report (DOCX)")
        PPTX = "pptx", _("PowerPoint readout deck (PPTX)")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="reports")
    # Version number within the assessment: 1, 2, 3...
    number = models.PositiveIntegerField(editable=False)
    variant = models.CharField(max_length=12, choices=Variant, default=Variant.STANDARD)
    status = models.CharField(max_length=12, choices=Status, default=Status.QUEUED)
    snapshot = models.JSONField(editable=False)
    file = models.FileField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    # When the latest render message was sent (the request, a retry or a re-queue).
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "number"], name="one_report_number_per_assessment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} report v{self.number} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RENDERING)

    @property
    def is_pdfa(self) -> bool:
        return self.variant == self.Variant.PDFA

    @property
    def file_format(self) -> FileFormat:
        return self.format_of(self.variant)

    @classmethod
    def format_of(cls, variant: str) -> FileFormat:
        return {cls.Variant.DOCX: DOCX, cls.Variant.PPTX: PPTX}.get(variant, PDF)

    @classmethod
    def storage_name_for(cls, assessment_code, code, variant: str) -> str:
        """Where a report's file lives: fixed per report, so a re-render overwrites it."""
        return f"reports/{assessment_code}/{code}.{cls.format_of(variant).extension}"

    @property
    def render_seconds(self) -> float | None:
        if self.status != self.Status.READY or not (self.started_at and self.finished_at):
            return None
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def storage_name(self) -> str:
        return self.storage_name_for(self.assessment.code, self.code, self.variant)

    def download_name(self) -> str:
        """organization-assessment-date-vN.pdf (or .docx, .pptx), ASCII only."""
        snapshot = self.snapshot
        day = timezone.localtime(self.requested_at).date().isoformat()
        # the words standing in for a name without letters, in the report's language
        with translation.override(snapshot.get("language", "en")):
            parts = [
                slugify(snapshot["organization"]["name"]) or slugify(gettext("organization")),
                slugify(snapshot["assessment"]["title"]) or slugify(gettext("assessment")),
                day,
                f"v{self.number}",
            ]
        if self.is_pdfa:
            parts.append("pdfa")
        return "-".join(parts) + "." + self.file_format.extension

    def stuck(self, now: datetime) -> str | None:
        """ "requeue" or "fail" when the worker lost this report, else None.

        Only reads the row: services.reports_recover acts on the answer.
        """
        if self.status == self.Status.RENDERING and self.started_at is not None:
            limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) + STALE_RENDER_MARGIN
            if now - self.started_at > limit:
                return "fail" if self.attempts >= MAX_ATTEMPTS else "requeue"
        elif self.status == self.Status.QUEUED and now - self.queued_at > QUEUE_TIMEOUT:
            return "fail"
        return None
