"""Render an assessment in every report format into a folder, to look at them.

    manage.py render_deliverables --out look/            # the demo's newest assessment
    manage.py render_deliverables --out look/ --organization acme --assessment <code>
    manage.py render_deliverables --out look/de/ --language de   # in German

Takes the snapshot a report would take now and renders it with each format's
renderer (the worker's code), in this process: no report row is made and
nothing is queued. `make look-deliverables` runs it and turns the files into
PNG pages (scripts/look-deliverables.sh).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Organization
from reports.models import Report
from reports.rendering import render_document
from reports.snapshot import take_snapshot

DEMO = "northwind-retail-demo"


class Command(BaseCommand):
    help = "Render an assessment as PDF, PDF/A, DOCX and PPTX into a folder."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True, help="folder for the files")
        parser.add_argument("--organization", default=DEMO, help=f"slug (default: {DEMO})")
        parser.add_argument("--assessment", help="assessment code (default: the newest)")
        parser.add_argument(
            "--language", help="render in this language (default: the assessment's own)"
        )

    def handle(
        self,
        *args,
        out: Path,
        organization: str,
        assessment: str | None,
        language: str | None = None,
        **options,
    ):
        org = Organization.objects.filter(slug=organization).first()
        if org is None:
            raise CommandError(f"No organization “{organization}”: run `make setup-db` first.")
        assessments = org.assessments.select_related("organization", "framework", "created_by")
        chosen = (
            assessments.filter(code=assessment).first()
            if assessment
            else assessments.order_by("-created_at").first()
        )
        if chosen is None:
            raise CommandError(f"No such assessment in {org.name}.")
        if language:
            chosen.language = language  # in memory only: the snapshot is worded in it
        snapshot = take_snapshot(
            assessment=chosen,
            answers=list(chosen.answers.select_related("answered_by")),
            number=1,
            requested_by=chosen.created_by,
            requested_at=timezone.now(),
        )
        out.mkdir(parents=True, exist_ok=True)
        stem = f"{slugify(org.name)}-{slugify(chosen.title)}"
        for variant in Report.Variant:
            path = out / f"{stem}-{variant.value}.{Report.format_of(variant).extension}"
            path.write_bytes(render_document(snapshot, variant))
            self.stdout.write(f"{variant.label}: {path}")
