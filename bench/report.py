"""Render benchmark: the full report of a fully answered built-in assessment,
as a PDF, a Word report and a PowerPoint deck.

    .venv/bin/python bench/report.py [--runs 5] [--format all|pdf|pdfa|docx|pptx] [--out FILE]

Builds the assessment in memory (no database), takes the report snapshot,
renders once to warm up (imports, fonts, templates), then times `--runs`
renders and prints the median, plus the process's peak memory (ru_maxrss,
which includes the interpreter and Django). With `--format all` (the
default) each format runs in a process of its own, so each peak is its own,
and the Word report and the deck are compared with the PDF. Goals: the PDF
under 2 s and 300 MB; the Word report and the deck each under the PDF's time.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
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
from reports.models import Report  # noqa: E402
from reports.rendering import render_document  # noqa: E402
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


FORMATS = {
    "pdf": (Report.Variant.STANDARD, "PDF"),
    "pdfa": (Report.Variant.PDFA, "PDF/A-3b"),
    "docx": (Report.Variant.DOCX, "Word (DOCX)"),
    "pptx": (Report.Variant.PPTX, "PowerPoint (PPTX)"),
}


def measure(name: str, runs: int, out: Path | None) -> dict:
    """Render one format `runs` times after a warm-up, in this process."""
    variant = FORMATS[name][0]
    assessment, answers, user = workshop()
    snapshot = take_snapshot(
        assessment=assessment,
        answers=answers,
        number=1,
        requested_by=user,
        requested_at=datetime(2026, 3, 4, 15, 30, tzinfo=UTC),
    )
    document = render_document(snapshot, variant)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        document = render_document(snapshot, variant)
        times.append(time.perf_counter() - start)
    if out:
        out.write_bytes(document)
    return {
        "format": name,
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "kib": len(document) / 1024,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # KiB on Linux
    }


def report_one(result: dict, runs: int) -> None:
    label = FORMATS[result["format"]][1]
    median, peak_mb = result["median"], result["peak_mb"]
    print(f"report render ({label}, {result['kib']:.0f} KiB, {runs} warm runs)")
    print(
        f"  median {median:.2f} s (min {result['min']:.2f}, max {result['max']:.2f})"
        f"  goal < {GOAL_SECONDS:.0f} s  {'ok' if median < GOAL_SECONDS else 'OVER'}"
    )
    print(
        f"  peak memory {peak_mb:.0f} MB"
        f"  goal < {GOAL_MB} MB  {'ok' if peak_mb < GOAL_MB else 'OVER'}"
    )


def compare_all(runs: int) -> None:
    """PDF, Word and PowerPoint, each in its own process, side by side."""
    results = []
    for name in ("pdf", "docx", "pptx"):
        done = subprocess.run(
            [sys.executable, __file__, "--format", name, "--runs", str(runs), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    pdf_time = results[0]["median"]
    print(f"report render, {runs} warm runs per format, one process each")
    print(
        f"  {'format':<18} {'median':>8} {'min':>7} {'max':>7} {'size':>9}"
        f" {'peak memory':>11}  goal"
    )
    for result in results:
        name = result["format"]
        if name == "pdf":
            ok = result["median"] < GOAL_SECONDS and result["peak_mb"] < GOAL_MB
            goal = f"< {GOAL_SECONDS:.0f} s, < {GOAL_MB} MB  {'ok' if ok else 'OVER'}"
        else:
            share = result["median"] / pdf_time
            goal = f"< the PDF's time ({share:.2f}x)  {'ok' if share < 1 else 'OVER'}"
        print(
            f"  {FORMATS[name][1]:<18} {result['median']:>6.2f} s {result['min']:>5.2f} s "
            f"{result['max']:>5.2f} s {result['kib']:>5.0f} KiB {result['peak_mb']:>8.0f} MB"
            f"  {goal}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--format", choices=[*FORMATS, "all"], default="all")
    parser.add_argument("--pdfa", action="store_true", help="the same as --format pdfa")
    parser.add_argument("--out", type=Path, help="also write the file here (one format)")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    name = "pdfa" if args.pdfa else args.format
    if name == "all":
        compare_all(args.runs)
        return
    result = measure(name, args.runs, args.out)
    if args.json:
        print(json.dumps(result))
    else:
        report_one(result, args.runs)


if __name__ == "__main__":
    main()
