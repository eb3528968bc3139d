"""What every report format shows, read from a snapshot: lookups done once.

The PDF template, the Word report and the deck all start from
`document_content(snapshot)`, so a figure, a title or a list is worked out in
one place and the formats cannot drift apart. Only the snapshot is read,
never live rows: a version renders the same whatever happens later.
Everything here is plain data; the formats decide how it looks.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext

from assessor import charts, vocabulary

# The DORA clusters from worst to best: a metric's position on this scale is
# what the deck's delivery profile chart plots.
DORA_CLUSTERS = ("low", "medium", "high", "elite")


def document_content(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot with the lookups a document needs: titles for keys,
    dimensions grouped by area, the decisive rule, capped scores."""
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
    # The delivery profile (DORA keys) is shown on its own: it is never counted,
    # weighed or ranked as a practice area.
    practice_areas = [d for d in dimensions if d["score"].get("kind", "practice") == "practice"]
    areas = []
    for area in snapshot["areas"]:
        members = [d for d in dimensions if d["area"] == area["key"]]
        scored = [
            d
            for d in practice_areas
            if d["area"] == area["key"] and d["score"]["gated"] is not None
        ]
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
    pending = bool(progress and progress.get("pending"))
    plan = snapshot.get("plan")  # snapshots before version 3 have none
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
        "requested_at": datetime.fromisoformat(snapshot["requested_at"]),
        "assessment_created": datetime.fromisoformat(snapshot["assessment"]["created_at"]),
        "dimensions": dimensions,
        "practice_areas": practice_areas,
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
        # Older snapshots (before evidence aged) have neither key.
        "expired_evidence": [
            {**e, "valid_until": date.fromisoformat(e["valid_until"])}
            for e in snapshot.get("expired_evidence", [])
        ],
        "evidence_as_of": date.fromisoformat(snapshot["evidence_as_of"])
        if snapshot.get("evidence_as_of")
        else None,
        "answered_count": sum(d["with_level"] for d in practice_areas),
        "question_count": sum(len(d["questions"]) for d in practice_areas),
    }


def _plan_dates(plan: dict[str, Any]) -> dict[str, Any]:
    """What the plan achieved, with each action's closing date as a date."""

    def dated(actions: list[dict]) -> list[dict]:
        return [{**a, "closed": datetime.fromisoformat(a["closed_at"])} for a in actions]

    return {**plan, "done": dated(plan["done"]), "dropped": dated(plan["dropped"])}


def practice_scores(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Practice areas in report order with their gated score and target, for
    charts drawn natively (the deck). The delivery profile is not a practice:
    it has a chart of its own."""
    return [
        {
            "title": d["title"],
            "area": d["area"],
            "area_title": d["area_title"],
            "score": d["score"]["gated"],
            "target": d["target"]["target"] if d["target"] else None,
        }
        for d in document["practice_areas"]
    ]


def dora_rank(cluster: str | None) -> int | None:
    """1 (low) to 4 (elite), None when a metric has no cluster."""
    return DORA_CLUSTERS.index(cluster) + 1 if cluster in DORA_CLUSTERS else None


def chart_svgs(document: dict[str, Any]) -> dict[str, str]:
    """The charts as SVG (the PDF inlines them, the Word report rasterizes them)."""
    advice = document["advice"]
    targets = {t["dimension"]: t["target"] for t in advice["targets"]}
    progress = document["progress"]
    return {
        "radar": charts.radar_svg(document["scorecard"], targets),
        "bars": charts.target_bars_svg(document["scorecard"], advice),
        "timeline": charts.roadmap_svg(advice),
        "trend_chart": _trend_chart(progress) if progress else "",
    }


def _trend_chart(progress: dict[str, Any]):
    trend = progress["trend"]
    return charts.trend_svg(
        trend["labels"],
        [
            charts.Series(gettext("DevOps index"), charts.AREA_COLOURS["devops"], trend["devops"]),
            charts.Series(gettext("MLOps index"), charts.AREA_COLOURS["mlops"], trend["mlops"]),
        ],
        title=gettext("DevOps and MLOps indices over time"),
    )
