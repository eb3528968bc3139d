"""Server-side SVG charts of scores: a scorecard and its advice, and scores
over time. Hand-rolled.

Used by the results page and by the PDF alike, so they depend on neither:
fixed viewBox, width 100%, presentation attributes only (WeasyPrint's SVG
renderer ignores page stylesheets) and no font family, so the text takes the
surrounding page's font. They accept the brain's dataclasses or their
`to_dict()` form (what a report snapshot stores). Every piece of text is
escaped; the result is a SafeString.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from assessor.brain.i18n import decimal
from assessor.scoring import maturity_label

MAX_LEVEL = 4
INK = "#1f2937"
MUTED = "#6b7280"
GRID = "#d1d5db"
AREA_COLOURS = {"devops": "#1d4ed8", "mlops": "#0f766e"}
AREA_TINTS = {"devops": "#dbe4fb", "mlops": "#d3ece9"}
AREA_NAMES = {"devops": "DevOps", "mlops": "MLOps"}
OTHER_COLOUR = "#7c3aed"


def _practices(dimensions: list[dict]) -> list[dict]:
    """Practice areas only: a profile (the delivery keys) has its own section, not a bar."""
    return [d for d in dimensions if d.get("kind", "practice") == "practice"]


def radar_svg(scorecard: Any, targets: Mapping[str, float] | None = None) -> SafeString:
    """Gated score of every dimension on one radar, targets as a dashed outline.

    `targets` maps dimension keys to target levels (e.g. from the advice).
    """
    dimensions = _practices(_plain(scorecard)["dimensions"])
    count = len(dimensions)
    if count == 0:
        return SafeString("")
    width, cx, cy, radius = 760, 380, 0, 170

    def point(index: int, level: float, extra: float = 0) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = radius * level / MAX_LEVEL + extra
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    labels = _radar_labels(dimensions, point, cx)
    top = min(-radius - 10, *(label["top"] - 12 for label in labels))
    bottom = max(radius + 10, *(label["bottom"] for label in labels)) + 34
    parts = [
        _open(width, bottom - top, _("Radar chart of the maturity of each practice area"), top=top)
    ]
    # Rings for each level, spokes coloured by area.
    for level in range(1, MAX_LEVEL + 1):
        ring = " ".join(_xy(*point(i, level)) for i in range(count))
        dash = "" if level == MAX_LEVEL else ' stroke-dasharray="2 3"'
        parts.append(
            f'<polygon points="{ring}" fill="none" stroke="{GRID}" stroke-width="1"{dash}/>'
        )
        x, y = point(0, level)
        parts.append(_text(x + 4, y + 4, str(level), size=10, fill=MUTED))
    for i, dimension in enumerate(dimensions):
        x, y = point(i, MAX_LEVEL)
        colour = AREA_COLOURS.get(dimension["area"], OTHER_COLOUR)
        parts.append(
            f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" '
            f'stroke="{colour}" stroke-opacity="0.35" stroke-width="1"/>'
        )
    if targets:
        outline = " ".join(
            _xy(*point(i, float(targets.get(d["key"]) or 0))) for i, d in enumerate(dimensions)
        )
        parts.append(
            f'<polygon points="{outline}" fill="none" stroke="{INK}" stroke-width="1.5" '
            'stroke-dasharray="6 4"/>'
        )
    shape = " ".join(_xy(*point(i, d["gated"] or 0)) for i, d in enumerate(dimensions))
    parts.append(
        f'<polygon points="{shape}" fill="#2563eb" fill-opacity="0.18" stroke="#1e3a8a" '
        'stroke-width="2" stroke-linejoin="round"/>'
    )
    for i, dimension in enumerate(dimensions):
        x, y = point(i, dimension["gated"] or 0)
        colour = AREA_COLOURS.get(dimension["area"], OTHER_COLOUR)
        fill = "#ffffff" if dimension["gated"] is None else colour
        parts.append(
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4" fill="{fill}" stroke="{colour}" '
            'stroke-width="1.5"/>'
        )
    for label in labels:
        parts.append(label["svg"])
    parts.append(
        _legend(
            cx - 250,
            bottom - 12,
            [
                ("swatch", AREA_COLOURS.get(area, OTHER_COLOUR), AREA_NAMES.get(area, area))
                for area in _areas_in_order(dimensions)
            ]
            + [("line", "#1e3a8a", _("current (gated) score"))]
            + ([("dash", INK, _("target"))] if targets else []),
        )
    )
    return _close(parts)


def target_bars_svg(scorecard: Any, advice: Any) -> SafeString:
    """Current vs target per dimension on a 0-4 scale, grouped by area.

    A prerequisite's cap shows as a dashed box up to the ungated (raw) score.
    """
    card, plan = _plain(scorecard), _plain(advice)
    targets = {t["dimension"]: t["target"] for t in plan["targets"]}
    dimensions = _practices(card["dimensions"])
    if not dimensions:
        return SafeString("")
    titles = {area["key"]: area["title"] for area in card["areas"]}
    width, label_right, x0, x1 = 720, 262, 278, 610
    row, header = 30, 24
    step = (x1 - x0) / MAX_LEVEL

    def x(level: float) -> float:
        return x0 + step * level

    rows: list[tuple[str, Any]] = []
    for area in _areas_in_order(dimensions):
        rows.append(("area", area))
        rows.extend(("dimension", d) for d in dimensions if d["area"] == area)
    height = 34 + sum(header if kind == "area" else row for kind, _ in rows) + 30
    parts = [_open(width, height, _("Current and target maturity of each practice area"))]
    labels = [maturity_label(level) for level in range(MAX_LEVEL + 1)]
    for level in range(MAX_LEVEL + 1):
        parts.append(_text(x(level), 14, str(level), size=11, fill=INK, anchor="middle", bold=True))
        parts.append(_text(x(level), 27, labels[level], size=10, fill=MUTED, anchor="middle"))
        parts.append(
            f'<line x1="{_n(x(level))}" y1="34" x2="{_n(x(level))}" y2="{height - 30}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
    y = 34
    for kind, item in rows:
        if kind == "area":
            colour = AREA_COLOURS.get(item, OTHER_COLOUR)
            parts.append(
                _text(0, y + 17, titles.get(item, item).upper(), size=10, fill=colour, bold=True)
            )
            y += header
            continue
        d, colour = item, AREA_COLOURS.get(item["area"], OTHER_COLOUR)
        tint = AREA_TINTS.get(item["area"], "#ede9fe")
        mid = y + row / 2
        lines = _wrap(d["title"], 42, 2)
        first = mid - (len(lines) - 1) * 6.5 + 4
        for n, line in enumerate(lines):
            parts.append(
                _text(label_right, first + n * 13, line, size=10.5, fill=INK, anchor="end")
            )
        parts.append(
            f'<rect x="{x0}" y="{_n(mid - 6)}" width="{_n(x1 - x0)}" height="12" fill="#f3f4f6"/>'
        )
        target = targets.get(d["key"])
        current = d["gated"] or 0
        if target is not None and target > current:
            parts.append(
                f'<rect x="{_n(x(current))}" y="{_n(mid - 6)}" '
                f'width="{_n(x(target) - x(current))}" height="12" fill="{tint}"/>'
            )
        if d["raw"] is not None and d["gated"] is not None and d["raw"] > d["gated"]:
            parts.append(
                f'<rect x="{_n(x(d["gated"]))}" y="{_n(mid - 6)}" '
                f'width="{_n(x(d["raw"]) - x(d["gated"]))}" height="12" fill="none" '
                f'stroke="{colour}" stroke-width="1" stroke-dasharray="3 2"/>'
            )
        if current > 0:
            parts.append(
                f'<rect x="{x0}" y="{_n(mid - 6)}" width="{_n(x(current) - x0)}" height="12" '
                f'fill="{colour}"/>'
            )
        if target is not None:
            tx = _n(x(target))
            parts.append(
                f'<line x1="{tx}" y1="{_n(mid - 10)}" x2="{tx}" y2="{_n(mid + 10)}" '
                f'stroke="{INK}" stroke-width="2.5"/>'
            )
        # Shown numbers use the locale's decimal mark; coordinates (_n) never do.
        score = "–" if d["score"] is None else decimal(d["score"], 1)
        if target is None:
            value = score
        elif d["score"] is not None and round(d["score"], 1) >= round(target, 1):
            # At or above target: nothing to close, never a "drop" to the target.
            value = f"{score} ≥ {decimal(target, 1)} ✓"
        else:
            value = f"{score} → {decimal(target, 1)}"
        parts.append(_text(x1 + 12, mid + 4, value, size=10.5, fill=INK, bold=True))
        y += row
    parts.append(
        _legend(
            0,
            height - 8,
            [
                ("swatch", AREA_COLOURS["devops"], _("current")),
                ("tick", INK, _("target")),
                ("swatch", AREA_TINTS["devops"], _("gap to close")),
                ("box", AREA_COLOURS["devops"], _("held back by a prerequisite")),
            ],
        )
    )
    return _close(parts)


def roadmap_svg(advice: Any) -> SafeString:
    """The phased roadmap as a timeline: one row per practice area, a bar per phase."""
    plan = _plain(advice)
    phases = plan["phases"]
    if not phases:
        return SafeString("")
    order: dict[str, dict] = {}
    for phase in phases:
        for item in phase["items"]:
            order.setdefault(item["dimension"], item)
    end = max(phase["end_month"] for phase in phases) or 1
    width, label_right, x0, x1 = 720, 232, 244, 712
    top, row = 46, 28
    height = top + max(1, len(order)) * row + 34

    def x(month: float) -> float:
        return x0 + (x1 - x0) * month / end

    parts = [_open(width, height, _("Roadmap timeline by phase and month"))]
    bands = ("#f3f4f6", "#ffffff")
    for n, phase in enumerate(phases):
        left, right = x(phase["start_month"]), x(phase["end_month"])
        parts.append(
            f'<rect x="{_n(left)}" y="0" width="{_n(right - left)}" height="{height - 28}" '
            f'fill="{bands[n % 2]}" stroke="{GRID}" stroke-width="1"/>'
        )
        # Titles do not fit a three-month band; the tables below the chart carry them.
        phase_name = _("Phase %(number)s") % {"number": phase["number"]}
        parts.append(_text(left + 6, 18, phase_name, size=11, bold=True))
        parts.append(
            _text(
                left + 6,
                33,
                _("months %(start)s–%(end)s")
                % {"start": phase["start_month"], "end": phase["end_month"]},
                size=10,
                fill=MUTED,
            )
        )
    if not order:
        parts.append(
            _text(
                x0 + 8, top + 16, _("No gaps to close: every target is met."), size=11, fill=MUTED
            )
        )
    for r, (key, first) in enumerate(order.items()):
        mid = top + r * row + row / 2
        lines = _wrap(first["title"], 40, 2)
        for n, line in enumerate(lines):
            parts.append(
                _text(label_right, mid + 4 + (n - (len(lines) - 1) / 2) * 11, line, anchor="end")
            )
        colour = AREA_COLOURS.get(first["area"], OTHER_COLOUR)
        for phase in phases:
            for item in phase["items"]:
                if item["dimension"] != key:
                    continue
                left, right = x(item["start_month"]) + 2, x(item["end_month"]) - 2
                parts.append(
                    f'<rect x="{_n(left)}" y="{_n(mid - 8)}" width="{_n(right - left)}" '
                    f'height="16" rx="3" fill="{colour}"/>'
                )
                start = "–" if item["current"] is None else decimal(item["current"], 1)
                label = f"{start} → {decimal(item['target'], 1)}"
                if right - left > 52:
                    parts.append(
                        _text(left + 6, mid + 4, label, size=10, fill="#ffffff", bold=True)
                    )
    axis = height - 28
    parts.append(
        f'<line x1="{x0}" y1="{axis}" x2="{x1}" y2="{axis}" stroke="{INK}" stroke-width="1"/>'
    )
    tick = 3 if end <= 24 else 6
    for month in range(0, end + 1, tick):
        parts.append(
            f'<line x1="{_n(x(month))}" y1="{axis}" x2="{_n(x(month))}" y2="{axis + 4}" '
            f'stroke="{INK}" stroke-width="1"/>'
        )
        parts.append(_text(x(month), axis + 15, str(month), size=10, anchor="middle"))
    parts.append(_text(x1, axis + 27, _("months from start"), size=10, fill=MUTED, anchor="end"))
    return _close(parts)


# -- helpers ------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    return value.to_dict() if hasattr(value, "to_dict") else value


def _areas_in_order(dimensions: list[dict]) -> list[str]:
    return list(dict.fromkeys(d["area"] for d in dimensions))


def _open(width: float, height: float, label: str, top: float = 0) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 {_n(top)} {width} {_n(height)}" '
        f'width="100%" role="img" aria-label="{escape(label)}" class="svg-chart">'
        f"<title>{escape(label)}</title>"
    )


def _close(parts: list[str]) -> SafeString:
    # Safe by construction: every text node and label went through escape(),
    # every other attribute is a number or one of this module's constants.
    return mark_safe("".join(parts) + "</svg>")  # noqa: S308


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _xy(x: float, y: float) -> str:
    return f"{_n(x)},{_n(y)}"


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: float = 10,
    fill: str = INK,
    anchor: str = "start",
    bold: bool = False,
) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" fill="{fill}" '
        f'text-anchor="{anchor}"{weight}>{escape(text)}</text>'
    )


def _wrap(text: str, width: int, max_lines: int) -> list[str]:
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > max_lines:
        kept = lines[: max_lines - 1]
        rest = " ".join(lines[max_lines - 1 :])
        kept.append(rest[: width - 1].rstrip(" ,") + "…")
        lines = kept
    return lines


def _radar_labels(dimensions: list[dict], point, cx: float) -> list[dict]:
    """Title and score beside each spoke, pushed apart vertically so none overlap.

    Labels on the right of the centre start at their spoke, those on the left
    end at it; each side is swept top to bottom and a label that would overlap
    the one above moves down.
    """
    count, line_height = len(dimensions), 12.5
    labels = []
    for i, dimension in enumerate(dimensions):
        x, y = point(i, MAX_LEVEL, 14)
        angle = -math.pi / 2 + 2 * math.pi * i / count
        side = "start" if x > cx + 8 else "end" if x < cx - 8 else "middle"
        lines = _wrap(dimension["title"], 24, 4)
        block = (len(lines) + 1) * line_height
        # Above the centre a label grows upwards, below it downwards, beside it centres.
        labels.append(
            {
                "dimension": dimension,
                "x": x,
                "side": side,
                "lines": lines,
                "top": y - block / 2 + math.sin(angle) * block / 2,
                "block": block,
            }
        )
    for side in ("start", "end"):
        previous_bottom = -math.inf
        for label in sorted((lb for lb in labels if lb["side"] == side), key=lambda lb: lb["top"]):
            label["top"] = max(label["top"], previous_bottom + 3)
            previous_bottom = label["top"] + label["block"]
    for label in labels:
        dimension, x, top = label["dimension"], label["x"], label["top"]
        colour = AREA_COLOURS.get(dimension["area"], OTHER_COLOUR)
        score = _("no answers") if dimension["score"] is None else decimal(dimension["score"], 1)
        out = [
            _text(x, top + 10 + n * line_height, line, size=10.5, anchor=label["side"])
            for n, line in enumerate(label["lines"])
        ]
        out.append(
            _text(
                x,
                top + 10 + len(label["lines"]) * line_height,
                score,
                size=10.5,
                fill=colour,
                anchor=label["side"],
                bold=True,
            )
        )
        label["svg"] = "".join(out)
        label["bottom"] = top + label["block"]
    return labels


def _legend(x: float, y: float, entries: list[tuple[str, str, str]]) -> str:
    out = []
    for kind, colour, label in entries:
        if kind == "swatch":
            out.append(
                f'<rect x="{_n(x)}" y="{_n(y - 9)}" width="12" height="10" fill="{colour}"/>'
            )
        elif kind == "box":
            out.append(
                f'<rect x="{_n(x)}" y="{_n(y - 9)}" width="12" height="10" fill="none" '
                f'stroke="{colour}" stroke-dasharray="3 2"/>'
            )
        elif kind == "tick":
            out.append(
                f'<line x1="{_n(x + 6)}" y1="{_n(y - 11)}" x2="{_n(x + 6)}" y2="{_n(y + 3)}" '
                f'stroke="{colour}" stroke-width="2.5"/>'
            )
        else:
            dash = ' stroke-dasharray="6 4"' if kind == "dash" else ""
            out.append(
                f'<line x1="{_n(x)}" y1="{_n(y - 4)}" x2="{_n(x + 18)}" y2="{_n(y - 4)}" '
                f'stroke="{colour}" stroke-width="2"{dash}/>'
            )
        width = 18 if kind in ("line", "dash") else 12
        out.append(_text(x + width + 5, y, label, size=10, fill=INK))
        x += width + 14 + 6.2 * len(label)
    return "".join(out)


# -- Scores over time (the timeline and the PDF's "progress since") ------------------


@dataclass(frozen=True)
class Series:
    title: str
    colour: str
    values: Sequence[float | None]  # one per point; None leaves a gap


def trend_svg(labels: Sequence[str], series: Sequence[Series], *, title: str) -> SafeString:
    """Scores 0-4 (y) at each labelled point in time (x), one line per series.

    Nothing overlaps: the points sit inside the axes (so no value label
    touches a tick label), a value label goes below its point when another
    series is just above it, and with many points only every k-th date is
    written so neighbouring dates never run into each other.
    """
    if not labels:
        return mark_safe("")
    width, height = 720, 300
    left, right, top, bottom = 44, 24, 28, 70
    inset = 32  # keeps the first and last points (and their labels) off the axes
    plot_w, plot_h = width - left - right, height - top - bottom
    count = len(labels)
    step = (plot_w - 2 * inset) / max(1, count - 1)

    def x(i: int) -> float:
        return left + (inset + i * step if count > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h * (1 - value / MAX_LEVEL)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="svg-chart trend">',
        f"<title>{escape(title)}</title>",
    ]
    for level in range(MAX_LEVEL + 1):
        parts.append(
            f'<line x1="{left}" y1="{y(level):.1f}" x2="{width - right}" y2="{y(level):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{left - 10}" y="{y(level) + 4:.1f}" font-size="12" text-anchor="end" '
            f'fill="{MUTED}">{level}</text>'
        )
    # About 7 units per character at 12: every k-th date, counted back from the latest.
    widest = 7 * max(len(label) for label in labels) + 14
    every = max(1, math.ceil(widest / step)) if count > 1 else 1
    for i, label in enumerate(labels):
        if (count - 1 - i) % every:
            continue
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - bottom + 20}" font-size="12" '
            f'text-anchor="middle" fill="{INK}">{escape(label)}</text>'
        )
    for rank, s in enumerate(series):
        segment: list[str] = []
        segments = [segment]
        for i, value in enumerate(s.values):
            if value is None:
                segment = []
                segments.append(segment)
                continue
            segment.append(f"{x(i):.1f},{y(value):.1f}")
            # Another series just above (or level, drawn earlier) takes the space above.
            crowded = any(
                n != rank
                and i < len(other.values)
                and other.values[i] is not None
                and (0 < other.values[i] - value < 0.6 or (other.values[i] == value and n < rank))
                for n, other in enumerate(series)
            )
            label_y = y(value) + 20 if crowded else y(value) - 10
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="4.5" fill="{s.colour}"/>'
                f'<text x="{x(i):.1f}" y="{label_y:.1f}" font-size="12" '
                f'text-anchor="middle" fill="{s.colour}">{decimal(value, 1)}</text>'
            )
        for points in segments:
            if len(points) > 1:
                parts.append(
                    f'<polyline points="{" ".join(points)}" fill="none" '
                    f'stroke="{s.colour}" stroke-width="3" stroke-linejoin="round"/>'
                )
    legend_x = left
    for s in series:
        parts.append(
            f'<rect x="{legend_x}" y="{height - 24}" width="14" height="14" rx="3" '
            f'fill="{s.colour}"/><text x="{legend_x + 20}" y="{height - 12}" font-size="13" '
            f'fill="{INK}">{escape(s.title)}</text>'
        )
        legend_x += 28 + 8 * len(s.title)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
