"""Line charts of scores over time (the organization timeline and the PDF's
"progress since" section). Hand-rolled SVG like reports/charts.py: fixed
viewBox, presentation attributes only, every text escaped."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reports.charts import GRID, INK, MAX_LEVEL, MUTED


@dataclass(frozen=True)
class Series:
    title: str
    colour: str
    values: Sequence[float | None]  # one per point; None leaves a gap


def trend_svg(labels: Sequence[str], series: Sequence[Series], *, title: str) -> SafeString:
    """Scores 0-4 (y) at each labelled point in time (x), one line per series."""
    if not labels:
        return mark_safe("")
    width, height = 720, 300
    left, right, top, bottom = 44, 24, 24, 70
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(labels) - 1)

    def x(i: int) -> float:
        return left + (i * step if len(labels) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h * (1 - value / MAX_LEVEL)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for level in range(MAX_LEVEL + 1):
        parts.append(
            f'<line x1="{left}" y1="{y(level):.1f}" x2="{width - right}" y2="{y(level):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{left - 10}" y="{y(level) + 4:.1f}" font-size="12" text-anchor="end" '
            f'fill="{MUTED}">{level}</text>'
        )
    for i, label in enumerate(labels):
        # The end labels align inwards so they are never clipped at the edges.
        anchor = "middle"
        if len(labels) > 1 and i == 0:
            anchor = "start"
        elif len(labels) > 1 and i == len(labels) - 1:
            anchor = "end"
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - bottom + 20}" font-size="12" '
            f'text-anchor="{anchor}" fill="{INK}">{escape(label)}</text>'
        )
    for s in series:
        segment: list[str] = []
        segments = [segment]
        for i, value in enumerate(s.values):
            if value is None:
                segment = []
                segments.append(segment)
                continue
            segment.append(f"{x(i):.1f},{y(value):.1f}")
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="4.5" fill="{s.colour}"/>'
                f'<text x="{x(i):.1f}" y="{y(value) - 9:.1f}" font-size="11" '
                f'text-anchor="middle" fill="{s.colour}">{value:.1f}</text>'
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
