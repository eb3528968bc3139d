"""Render benchmark: the full PDF report of a fully answered built-in assessment.

    .venv/bin/python bench/report.py [--runs 5] [--pdfa] [--out report.pdf]

Builds the assessment in memory (no database), takes the report snapshot,
renders once to warm up (imports, fonts, templates), then times `--runs`
renders and prints the median, plus the process's peak memory (ru_maxrss,
which includes the interpreter and Django). Goals: under 2 s, under 300 MB.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assessor.settings")

import django  # noqa: E402

django.setup()

from accounts.models import Organization, User  # noqa: E402
from assessor import frameworks  # noqa: E402
from assessor.models import Answer, Assessment, Framework  # noqa: E402
from reports import pdf  # noqa: E402
from reports.snapshot import take_snapshot  # noqa: E402

GOAL_SECONDS = 2.0
GOAL_MB = 300

CONTEXT = {
    "ai_adoption_stage": "pilots",
    "pilots_reach_production": "rarely",
    "business_objective": "faster_delivery",
    "industry": "finance",
    "compliance_exposure": "high",
    "team_composition": "data_scientists_only",
    "budget_compute": "moderate",
}


def workshop() -> tuple[Assessment, list[Answer], User]:
    """A regulated client with every question answered, some with notes and evidence."""
    parsed = frameworks.load_framework_file(frameworks.builtin_framework_files()[0])
    framework = Framework(
        key=parsed.key,
        version=parsed.version,
        title=parsed.title,
        document=parsed.document,
        sha256=parsed.sha256,
    )
    facilitator = User(email="fran@example.org", full_name="Fran Facilitator")
    organization = Organization(name="Acme Payments", slug="acme", industry="finance")
    organization.regulated = True
    assessment = Assessment(
        organization=organization,
        framework=framework,
        title="Platform readiness 2026",
        created_by=facilitator,
        created_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    )
    answers = []
    for n, question in enumerate(parsed.scored_questions):
        level = (n * 3 + len(question.key)) % 5
        answers.append(
            Answer(
                assessment=assessment,
                question_key=question.key,
                state=Answer.State.ANSWERED,
                level=level,
                note=(
                    "Agreed in the workshop after a long discussion; the platform team "
                    "will confirm with the numbers from the last quarter."
                    if n % 3 == 0
                    else ""
                ),
                evidence=f"https://wiki.example.org/engineering/{question.key}"
                if n % 4 == 0
                else "",
                answered_by=facilitator,
            )
        )
    for key, choice in CONTEXT.items():
        answers.append(
            Answer(assessment=assessment, question_key=key, state="answered", choice=choice)
        )
    return assessment, answers, facilitator


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdfa", action="store_true", help="render the PDF/A-3b variant")
    parser.add_argument("--out", type=Path, help="also write the PDF here")
    args = parser.parse_args()

    assessment, answers, user = workshop()
    snapshot = take_snapshot(
        assessment=assessment,
        answers=answers,
        number=1,
        requested_by=user,
        requested_at=datetime(2026, 3, 4, 15, 30, tzinfo=UTC),
    )
    document = pdf.render_pdf(snapshot, pdfa=args.pdfa)  # warm-up
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        document = pdf.render_pdf(snapshot, pdfa=args.pdfa)
        times.append(time.perf_counter() - start)
    if args.out:
        args.out.write_bytes(document)
    median = statistics.median(times)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    variant = "PDF/A-3b" if args.pdfa else "PDF"
    print(f"report render ({variant}, {len(document) / 1024:.0f} KiB, {args.runs} warm runs)")
    print(
        f"  median {median:.2f} s (min {min(times):.2f}, max {max(times):.2f})"
        f"  goal < {GOAL_SECONDS:.0f} s  {'ok' if median < GOAL_SECONDS else 'OVER'}"
    )
    print(
        f"  peak memory {peak_mb:.0f} MB"
        f"  goal < {GOAL_MB} MB  {'ok' if peak_mb < GOAL_MB else 'OVER'}"
    )


if __name__ == "__main__":
    main()
