"""The report document: a snapshot -> HTML (Django templates) -> PDF (WeasyPrint).

WeasyPrint loads every stylesheet and image through `StaticFilesOnly`, which
serves our own files from the static folder for `static:` URLs and refuses
everything else (file://, http(s)://, data:, relative paths): a report can
never read the server's disk or reach the network, whatever ends up in its
HTML. User text reaches the HTML only through autoescaping templates.
"""

from __future__ import annotations

import mimetypes
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from assessor import charts, vocabulary

SCHEME = "static:"
PDFA_VARIANT = "pdf/a-3b"


class URLRefused(ValueError):
    """Any URL but our static files. WeasyPrint logs it and renders without the resource."""


class StaticFilesOnly(URLFetcher):
    """A WeasyPrint URL fetcher for `static:<path>` in our static folders, nothing else."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = static_file(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def static_file(url: str) -> Path:
    """The file a `static:` URL names, or URLRefused."""
    if not url.startswith(SCHEME):
        raise URLRefused(f"only {SCHEME} URLs are served to the PDF renderer: {url[:80]!r}")
    relative = url.removeprefix(SCHEME).split("?")[0].split("#")[0]
    for folder in settings.STATICFILES_DIRS:
        root = Path(folder).resolve()
        candidate = (root / relative).resolve()
        # resolve() follows "..", symlinks and absolute paths: whatever the
        # URL says, the file must still be inside the static folder.
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    raise URLRefused(f"no such static file: {relative[:80]!r}")


def render_pdf(snapshot: dict[str, Any], *, pdfa: bool = False) -> bytes:
    return html_to_pdf(render_html(snapshot), pdfa=pdfa)


def render_html(snapshot: dict[str, Any]) -> str:
    return render_to_string("reports/report_pdf.html", document_context(snapshot))


def html_to_pdf(html: str, *, pdfa: bool = False) -> bytes:
    # No base URL: a relative URL resolves to nothing rather than to the disk.
    document = HTML(string=html, base_url=None, url_fetcher=StaticFilesOnly())
    return document.write_pdf(pdf_variant=PDFA_VARIANT if pdfa else None)


def _trend_chart(progress: dict[str, Any]):
    trend = progress["trend"]
    return charts.trend_svg(
        trend["labels"],
        [
            charts.Series("DevOps index", charts.AREA_COLOURS["devops"], trend["devops"]),
            charts.Series("MLOps index", charts.AREA_COLOURS["mlops"], trend["mlops"]),
        ],
        title="DevOps and MLOps indices over time",
    )


def _plan_dates(plan: dict[str, Any]) -> dict[str, Any]:
    """What the plan achieved, with each action's closing date as a date."""

    def dated(actions: list[dict]) -> list[dict]:
        return [{**a, "closed": datetime.fromisoformat(a["closed_at"])} for a in actions]

    return {**plan, "done": dated(plan["done"]), "dropped": dated(plan["dropped"])}


def document_context(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The template's view of a snapshot: lookups and charts computed once."""
    scorecard, advice = snapshot["scorecard"], snapshot["advice"]
    area_titles = {area["key"]: area["title"] for area in snapshot["areas"]}
    scores = {d["key"]: d for d in scorecard["dimensions"]}
    targets = {t["dimension"]: t for t in advice["targets"]}
    dimensions = [
        {
            **dimension,
            "area_title": area_titles.get(dimension["area"], dimension["area"]),
            "score": scores[dimension["key"]],
            "target": targets.get(dimension["key"]),
            # Answered in the vocabulary's sense (N/A and "don't know" are answers).
            "answered": sum(vocabulary.is_answered(q["state"]) for q in dimension["questions"]),
            "with_level": sum(q["state"] == "answered" for q in dimension["questions"]),
        }
        for dimension in snapshot["dimensions"]
    ]
    titles = {d["key"]: d["title"] for d in dimensions}
    areas = []
    for area in snapshot["areas"]:
        members = [d for d in dimensions if d["area"] == area["key"]]
        scored = [d for d in members if d["score"]["gated"] is not None]
        areas.append(
            {
                **area,
                "score": next((a for a in scorecard["areas"] if a["key"] == area["key"]), None),
                "dimensions": members,
                "weakest": min(scored, key=lambda d: d["score"]["gated"], default=None),
            }
        )
    rules = advice["path"]["rules"]
    progress = snapshot.get("progress")
    plan = snapshot.get("plan")  # snapshots before version 3 have none
    pending = bool(progress and progress.get("pending"))
    facts = snapshot["assessment"]
    is_draft = facts.get("is_draft", facts["status"] != "Completed")
    return {
        **snapshot,
        "is_draft": is_draft,
        "progress": None if pending else progress,
        "progress_pending": progress if pending else None,
        "progress_since": datetime.fromisoformat(progress["since_date"]) if progress else None,
        "plan": _plan_dates(plan) if plan else None,
        "plan_since": datetime.fromisoformat(plan["since_date"]) if plan else None,
        "trend_chart": _trend_chart(progress) if progress and not pending else "",
        "requested_at": datetime.fromisoformat(snapshot["requested_at"]),
        "assessment_created": datetime.fromisoformat(snapshot["assessment"]["created_at"]),
        "dimensions": dimensions,
        "area_list": areas,
        "fired_rule": next((rule for rule in rules if rule["fired"]), None),
        "skipped_rules": [rule for rule in rules if not rule["fired"]],
        "skipped_keys": [rule["rule"] for rule in rules if not rule["fired"]],
        "applied_modifiers": [m for m in advice["modifiers"] if m["applied"]],
        "capped": [
            {"dimension": d, "reason": reason}
            for d in dimensions
            for reason in d["score"]["gating"]
            if reason["lowered"]
        ],
        "gaps": [
            {**gap, "area_title": area_titles.get(gap["area"], gap["area"])}
            for gap in advice["gaps"]
        ],
        "unfinished": [titles.get(key, key) for key in advice["unfinished"]],
        "quick_wins": [
            {**win, "dimension_title": titles.get(win["dimension"], win["dimension"])}
            for win in advice["quick_wins"]
        ],
        "answered_count": sum(d["with_level"] for d in dimensions),
        "question_count": sum(len(d["questions"]) for d in dimensions),
        "radar": charts.radar_svg(
            scorecard, {key: target["target"] for key, target in targets.items()}
        ),
        "bars": charts.target_bars_svg(scorecard, advice),
        "timeline": charts.roadmap_svg(advice),
        "static": SCHEME,
    }
