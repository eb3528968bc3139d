"""The readout deck: 10-14 slides for the meeting after the workshop (python-pptx).

Built from the report's snapshot only (reports/content.py), like the PDF.
The charts are native PowerPoint charts with their data in the embedded
workbook, so a consultant can restyle them, change a colour or re-sort a
series in PowerPoint; the roadmap is drawn with ordinary shapes for the same
reason. Every slide carries speaker notes with the detail behind it. The
brand frozen into the snapshot gives the colours, the logo and the name on
the slides. User text goes in as text runs (python-pptx escapes it;
office.text drops what XML cannot hold).
"""

from __future__ import annotations

import io
import textwrap
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from assessor.brain.i18n import decimal
from reports import content, office, wording
from reports.office import text

INK = "#1f2937"
MUTED = "#6b7280"
LIGHT = "#f3f4f6"
WARN = "#b45309"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
TITLE_ONLY = 5
BLANK = 6
TOP_GAPS = 6
MAX_ROADMAP_ITEMS = 6  # per phase on the slide; the notes list them all
MAX_DISAGREEMENTS = 6


def render_pptx(snapshot: dict[str, Any]) -> bytes:
    deck = _Deck(content.document_content(snapshot), office.look_of(snapshot))
    deck.build()
    out = io.BytesIO()
    deck.prs.save(out)
    return out.getvalue()


class Bold(str):
    """A part of a paragraph set in bold."""


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _number(value: float | None, digits: int = 1) -> str:
    """A figure in the active language's notation ("2,5" in German and French)."""
    return "–" if value is None else decimal(value, digits)


def _date(value: datetime) -> str:
    return wording.day(value)


def _capfirst(value: str) -> str:
    return value[:1].upper() + value[1:]


def _pair(topic: str, value: str) -> str:
    """ "topic: value", spaced as the language wants (French "topic : value")."""
    return _("%(topic)s: %(answer)s") % {"topic": topic, "answer": value}


def _moved(area: dict[str, Any]) -> str:
    return _("%(title)s: %(before)s → %(after)s (%(done)s done)") % {
        "title": area["title"],
        "before": _number(area["before"]),
        "after": _number(area["after"]),
        "done": area["done"],
    }


class _Deck:
    def __init__(self, document: dict[str, Any], look: office.Look) -> None:
        self.d = document
        self.look = look
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        props = self.prs.core_properties
        props.title = text(
            _("Readiness readout: %(org)s – %(title)s")
            % {"org": document["organization"]["name"], "title": document["assessment"]["title"]}
        )[:250]
        props.author = look.name
        props.subject = _("DevOps and MLOps readiness assessment")
        props.created = props.modified = document["requested_at"]

    # -- slides ---------------------------------------------------------------------------

    def build(self) -> None:
        self.title_slide()
        self.recommendation()
        self.why()
        self.standing()
        self.current_vs_target()
        self.delivery_profile()
        self.progress()
        self.plan()
        self.top_gaps()
        self.roadmap()
        self.quick_wins()
        self.disagreements()
        self.next_steps()
        self.closing()

    def title_slide(self) -> None:
        d, look = self.d, self.look
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[BLANK])
        self.rect(slide, 0, 0, WIDTH, HEIGHT, look.primary)
        slide.shapes.add_picture(io.BytesIO(look.logo_png), MARGIN, Inches(0.7), height=Inches(0.9))
        on = look.on_primary
        self.textbox(
            slide,
            MARGIN,
            Inches(2.2),
            Inches(11.5),
            Inches(0.5),
            [_("DevOps & MLOps readiness readout").upper()],
            size=14,
            colour=on,
            bold=True,
        )
        self.textbox(
            slide,
            MARGIN,
            Inches(2.75),
            Inches(12),
            Inches(1.2),
            [d["organization"]["name"]],
            size=44,
            colour=on,
            bold=True,
        )
        self.textbox(
            slide,
            MARGIN,
            Inches(3.95),
            Inches(12),
            Inches(0.7),
            [d["assessment"]["title"]],
            size=24,
            colour=on,
        )
        facts = [_date(d["requested_at"]), _("report v%(number)s") % {"number": d["report_number"]}]
        if d["assessment"]["facilitator"]:
            facts.append(_("facilitated by %(name)s") % {"name": d["assessment"]["facilitator"]})
        if d["is_draft"]:
            facts.append(
                _("DRAFT (assessment %(status)s)") % {"status": d["assessment"]["status"].lower()}
            )
        lines = [" · ".join(facts)]
        if look.brand.cover_statement:
            lines.append(look.brand.cover_statement)
        lines.append(_("Prepared by %(practice)s") % {"practice": look.name})
        self.textbox(slide, MARGIN, Inches(5.2), Inches(12), Inches(1.6), lines, size=14, colour=on)
        self.notes(
            slide,
            _(
                "Readout of the readiness assessment “%(title)s” for %(org)s, as recorded on "
                "%(date)s (report version %(number)s). Scope: %(scope)s. Question bank: "
                "%(bank)s, version %(version)s. %(answered)s of %(total)s practices were "
                "answered with a level."
            )
            % {
                "title": d["assessment"]["title"],
                "org": d["organization"]["name"],
                "date": _date(d["requested_at"]),
                "number": d["report_number"],
                "scope": d["assessment"]["scope"],
                "bank": d["framework"]["title"],
                "version": d["framework"]["version"],
                "answered": d["answered_count"],
                "total": d["question_count"],
            },
        )

    def recommendation(self) -> None:
        d, advice = self.d, self.d["advice"]
        slide = self.slide(_("Our recommendation"))
        path = advice["path"]
        self.textbox(
            slide,
            MARGIN,
            Inches(1.4),
            Inches(7.6),
            Inches(1.3),
            [path["title"]],
            size=30,
            colour=self.look.heading,
            bold=True,
        )
        self.textbox(
            slide, MARGIN, Inches(2.85), Inches(7.4), Inches(2.2), [path["summary"]], size=16
        )
        if path["provisional"]:
            self.textbox(
                slide,
                MARGIN,
                Inches(5.0),
                Inches(7.4),
                Inches(1.4),
                [
                    Bold(
                        _(
                            "Provisional: this path rests on incomplete answers and may change "
                            "once they are given."
                        )
                    )
                ]
                + [f"{_capfirst(r)}." for r in path["provisional"]],
                size=12,
                colour=WARN,
            )
        top = Inches(1.5)
        for area in d["area_list"]:
            score = area["score"] or {}
            tile = self.rect(
                slide,
                Inches(8.6),
                top,
                Inches(4.1),
                Inches(2.2),
                office.tint(self.look.primary, 0.1),
            )
            tile.line.fill.background()
            value = _number(score.get("score"))
            sub = (
                _("%(label)s · confidence %(percent)s%%")
                % {"label": score["label"], "percent": round(score["confidence"] * 100)}
                if score.get("score") is not None
                else _("no answers yet")
            )
            self.textbox(
                slide,
                Inches(8.85),
                top + Inches(0.15),
                Inches(3.7),
                Inches(0.45),
                [Bold(_("%(area)s index") % {"area": area["title"]})],
                size=16,
                colour=self.look.heading,
            )
            self.textbox(
                slide,
                Inches(8.85),
                top + Inches(0.6),
                Inches(3.7),
                Inches(0.95),
                [Bold(f"{value} / 4")],
                size=40,
                colour=INK,
            )
            self.textbox(
                slide,
                Inches(8.85),
                top + Inches(1.6),
                Inches(3.7),
                Inches(0.45),
                [sub],
                size=13,
                colour=MUTED,
            )
            top += Inches(2.45)
        self.notes(
            slide,
            _("Recommended path: %(title)s.") % {"title": path["title"]} + f" {path['summary']}",
            *[
                _("%(area)s index: %(score)s of 4 (%(label)s).")
                % {
                    "area": area["title"],
                    "score": _number((area["score"] or {}).get("score")),
                    "label": (area["score"] or {}).get("label") or _("no answers"),
                }
                for area in d["area_list"]
            ],
            *(
                _("Provisional: %(reason)s.") % {"reason": _capfirst(r)}
                for r in path["provisional"]
            ),
        )

    def why(self) -> None:
        d = self.d
        slide = self.slide(_("Why this path"))
        fired = d["fired_rule"]
        lines: list = []
        if fired:
            lines.append(Bold(f"{_capfirst(fired['description'])}."))
            lines.append(_("Because: %(rationale)s.") % {"rationale": fired["rationale"]})
        self.textbox(slide, MARGIN, Inches(1.4), Inches(5.6), Inches(2.2), lines, size=18)
        adjustments = [f"{_capfirst(m['rationale'])}." for m in d["applied_modifiers"]]
        if adjustments:
            self.textbox(
                slide,
                MARGIN,
                Inches(3.7),
                Inches(5.6),
                Inches(0.4),
                [Bold(_("What adjusts the plan"))],
                size=16,
                colour=self.look.heading,
            )
            self.bullets(slide, MARGIN, Inches(4.15), Inches(5.6), Inches(2.6), adjustments, 13)
        # What the team told us about its context: the facts the rules read.
        heard = [[_("What we heard"), ""]] + [
            [item["question"], item["answer"] or _("Not answered")] for item in d["context"]
        ]
        self.table(slide, heard, [4.3, 1.9], Inches(1.4), size=11, left=Inches(6.53))
        self.notes(
            slide,
            wording.RULES,
            *(
                _("Checked before it, did not apply: %(rule)s: %(rationale)s.")
                % {"rule": _capfirst(r["description"]), "rationale": r["rationale"]}
                for r in d["skipped_rules"]
            ),
            _("What we heard:")
            + " "
            + "; ".join(
                f"{item['question']} {item['answer'] or _('Not answered')}" for item in d["context"]
            ),
        )

    def standing(self) -> None:
        d = self.d
        slide = self.slide(_("Where you stand: practice areas"))
        practices = content.practice_scores(d)
        data = CategoryChartData(number_format="0.0")
        # Wrapped, or the long titles leave the radar itself no room.
        data.categories = [text("\n".join(textwrap.wrap(p["title"], 24))) for p in practices]
        data.add_series(_("Current (gated) score"), [p["score"] for p in practices])
        data.add_series(_("Target"), [p["target"] for p in practices])
        frame = slide.shapes.add_chart(
            XL_CHART_TYPE.RADAR_MARKERS, MARGIN, Inches(1.25), Inches(8.4), Inches(5.7), data
        )
        chart = frame.chart
        self._legend(chart)
        chart.font.size = Pt(10)
        axis = chart.value_axis
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 4, 1
        current, target = chart.plots[0].series
        self._line(current, self.look.primary, width=2.25)
        self._line(target, self.look.accent, width=1.75, dashed=True)
        target.marker.style = None
        areas = []
        for area in d["area_list"]:
            score = area["score"] or {}
            weakest = area["weakest"]["title"] if area["weakest"] else "–"
            areas += [
                Bold(_pair(area["title"], f"{_number(score.get('score'))} / 4")),
                _("%(label)s; weakest: %(weakest)s")
                % {"label": score.get("label") or _("no answers"), "weakest": weakest},
            ]
        self.textbox(slide, Inches(9.2), Inches(1.6), Inches(3.6), Inches(4.5), areas, size=14)
        self.notes(
            slide,
            wording.STANDING,
            wording.RADAR_CAPTION,
            *(
                _("%(title)s: %(score)s, target %(target)s.")
                % {
                    "title": p["title"],
                    "score": _number(p["score"]),
                    "target": _number(p["target"]),
                }
                for p in practices
            ),
            *(
                _("%(title)s is capped at %(cap)s (raw %(raw)s): %(why)s.")
                % {
                    "title": row["dimension"]["title"],
                    "cap": _number(row["reason"]["cap"]),
                    "raw": _number(row["dimension"]["score"]["raw_score"]),
                    "why": row["reason"]["explanation"],
                }
                for row in d["capped"]
            ),
        )

    def current_vs_target(self) -> None:
        slide = self.slide(_("Current and target maturity"))
        practices = content.practice_scores(self.d)
        data = CategoryChartData(number_format="0.0")
        data.categories = [text(p["title"]) for p in practices]
        data.add_series(_("Current"), [p["score"] for p in practices])
        data.add_series(_("Target"), [p["target"] for p in practices])
        frame = slide.shapes.add_chart(
            XL_CHART_TYPE.BAR_CLUSTERED, MARGIN, Inches(1.2), Inches(12.1), Inches(5.75), data
        )
        chart = frame.chart
        self._legend(chart)
        chart.font.size = Pt(9)
        chart.category_axis.reverse_order = True  # the first practice at the top
        chart.category_axis.tick_labels.font.size = Pt(9)
        axis = chart.value_axis
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 4, 1
        axis.has_major_gridlines = True
        plot = chart.plots[0]
        plot.gap_width, plot.overlap = 40, 0
        current, target = plot.series
        self._fill(current, self.look.primary)
        self._fill(target, office.tint(self.look.accent, 0.35))
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format, labels.number_format_is_linked = "0.0", False
        labels.font.size = Pt(8)
        self.notes(
            slide,
            wording.BARS_CAPTION,
            *(
                _("%(title)s: %(score)s now, target %(target)s.")
                % {
                    "title": p["title"],
                    "score": _number(p["score"]),
                    "target": _number(p["target"]),
                }
                for p in practices
            ),
        )

    def delivery_profile(self) -> None:
        profile = self.d["advice"].get("dora")
        if not profile:
            return
        slide = self.slide(_("Delivery performance profile"))
        metrics = profile["metrics"]
        data = CategoryChartData(number_format="0")
        data.categories = [text(m["title"]) for m in metrics]
        data.add_series(
            _("Cluster (1 low – 4 elite)"), [content.dora_rank(m["cluster"]) for m in metrics]
        )
        frame = slide.shapes.add_chart(
            XL_CHART_TYPE.BAR_CLUSTERED, MARGIN, Inches(1.3), Inches(7.6), Inches(5.2), data
        )
        chart = frame.chart
        chart.has_legend = False
        chart.has_title = False
        chart.font.size = Pt(11)
        chart.category_axis.reverse_order = True
        axis = chart.value_axis
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 4, 1
        axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
        axis.has_major_gridlines = True
        plot = chart.plots[0]
        plot.gap_width = 60
        series = plot.series[0]
        self._fill(series, self.look.primary)
        for index, metric in enumerate(metrics):
            label = series.points[index].data_label
            label.has_text_frame = True
            cluster = metric.get("cluster_title") or metric["cluster"] or _("not answered")
            label.text_frame.text = text(_capfirst(cluster))
            label.font.size, label.font.bold = Pt(11), True
        summary = [
            Bold(
                _("Closest cluster: %(cluster)s")
                % {"cluster": _capfirst(profile.get("cluster_title") or profile["cluster"])}
            )
            if profile["cluster"]
            else Bold(_("No cluster yet")),
            f"{_capfirst(profile['meaning'])}.",
        ]
        self.textbox(slide, Inches(8.5), Inches(1.5), Inches(4.3), Inches(4.8), summary, size=15)
        self.notes(
            slide,
            wording.DORA,
            *(
                f"{m['title']}: {m['answer'] if m['level'] is not None else _('not answered')}"
                f" ({m.get('cluster_title') or m['cluster'] or _('no cluster')})."
                for m in metrics
            ),
            _("Clusters, rounded from the State of DevOps reports (2023–2024):")
            + " "
            + "; ".join(f"{cluster}: {meaning}" for cluster, meaning in profile["scale"])
            + f". {wording.DORA_RULE}",
        )

    def progress(self) -> None:
        progress = self.d["progress"]
        if not progress:
            return
        slide = self.slide(_("Progress since %(date)s") % {"date": _date(self.d["progress_since"])})
        trend = progress["trend"]
        data = CategoryChartData(number_format="0.0")
        data.categories = [text(label) for label in trend["labels"]]
        data.add_series(_("DevOps index"), trend["devops"])
        data.add_series(_("MLOps index"), trend["mlops"])
        frame = slide.shapes.add_chart(
            XL_CHART_TYPE.LINE_MARKERS, MARGIN, Inches(1.3), Inches(7.4), Inches(5.3), data
        )
        chart = frame.chart
        self._legend(chart)
        chart.font.size = Pt(11)
        axis = chart.value_axis
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 4, 1
        devops, mlops = chart.plots[0].series
        self._line(devops, self.look.primary, width=2.5)
        self._line(mlops, self.look.accent, width=2.5)
        chart.plots[0].has_data_labels = True
        chart.plots[0].data_labels.number_format = "0.0"
        chart.plots[0].data_labels.number_format_is_linked = False
        movers = sorted(
            (d for d in progress["dimensions"] if d["change"] is not None),
            key=lambda d: -abs(d["change"]),
        )[:5]
        lines: list = [
            Bold(
                f"{a['title']}: {_number(a['before'])} → {_number(a['after'])}"
                + (
                    f" ({'+' if a['change'] > 0 else ''}{_number(a['change'])})"
                    if a["change"] is not None
                    else ""
                )
            )
            for a in progress["areas"]
        ]
        lines.append(
            ngettext(
                "%(counter)s answer changed.",
                "%(counter)s answers changed.",
                progress["changed_answers"],
            )
            % {"counter": progress["changed_answers"]}
        )
        lines.append(Bold(_("Moved most:")))
        lines += [f"{m['title']}: {_number(m['before'])} → {_number(m['after'])}" for m in movers]
        self.textbox(slide, Inches(8.3), Inches(1.4), Inches(4.5), Inches(5.3), lines, size=13)
        self.notes(
            slide,
            _("Compared with “%(title)s”. Recommendation then: %(before)s; now: %(after)s.")
            % {
                "title": progress["since_title"],
                "before": progress["path_before"],
                "after": progress["path_after"],
            },
            *(
                f"{d['title']}: {_number(d['before'])} → {_number(d['after'])}."
                for d in progress["dimensions"]
            ),
            *(
                _("Roadmap item done: %(title)s reached %(reached)s (target %(target)s).")
                % {
                    "title": item["title"],
                    "reached": item["reached"],
                    "target": _number(item["target"]),
                }
                for item in progress["done"]
            ),
        )

    def top_gaps(self) -> None:
        gaps = self.d["gaps"][:TOP_GAPS]
        slide = self.slide(_("Top gaps to close"))
        if not gaps:
            self.textbox(slide, MARGIN, Inches(1.6), Inches(12), Inches(1), [wording.NO_GAPS], 20)
        else:
            head = ["#", _("Practice area"), _("Area"), _("Current"), _("Target"), _("Gap")]
            rows = [head] + [
                [
                    str(n),
                    gap["title"],
                    gap["area_title"],
                    _number(gap["current"]),
                    _number(gap["target"]),
                    _number(gap["gap"]),
                ]
                for n, gap in enumerate(gaps, 1)
            ]
            self.table(
                slide, rows, [0.5, 6.6, 1.3, 1.2, 1.2, 1.3], Inches(1.4), numeric={0, 3, 4, 5}
            )
        more = len(self.d["gaps"]) - len(gaps)
        self.notes(
            slide,
            wording.GAPS,
            *(
                _(
                    "%(n)s. %(title)s (%(area)s): %(current)s → %(target)s, gap %(gap)s, "
                    "weight %(weight)s, priority %(priority)s."
                )
                % {
                    "n": n,
                    "title": gap["title"],
                    "area": gap["area_title"],
                    "current": _number(gap["current"]),
                    "target": _number(gap["target"]),
                    "gap": _number(gap["gap"]),
                    "weight": _number(gap["weight"], 2),
                    "priority": _number(gap["priority"], 2),
                }
                for n, gap in enumerate(self.d["gaps"], 1)
            ),
            ngettext(
                "%(more)s more gap is in the report.", "%(more)s more gaps are in the report.", more
            )
            % {"more": more}
            if more > 0
            else "",
        )

    def roadmap(self) -> None:
        advice = self.d["advice"]
        phases = advice["phases"]
        slide = self.slide(_("The roadmap"))
        horizon = max((p["end_month"] for p in phases), default=0) or 1
        left, width = MARGIN, WIDTH - 2 * MARGIN
        colours = [self.look.primary, self.look.accent, office.tint(self.look.primary, 0.55)]
        for n, phase in enumerate(phases):
            x = left + int(width * phase["start_month"] / horizon)
            w = int(width * (phase["end_month"] - phase["start_month"]) / horizon)
            fill = colours[n % len(colours)]
            band = slide.shapes.add_shape(
                MSO_SHAPE.CHEVRON if n else MSO_SHAPE.PENTAGON, x, Inches(1.35), w, Inches(0.9)
            )
            band.fill.solid()
            band.fill.fore_color.rgb = _rgb(fill)
            band.line.fill.background()
            self._shape_text(
                band,
                [
                    Bold(_("Phase %(number)s") % {"number": phase["number"]}),
                    _("months %(start)s–%(end)s")
                    % {"start": phase["start_month"], "end": phase["end_month"]},
                ],
                size=12,
                colour=office.text_on(fill),
            )
            # Under the time line, one column per phase: a short first phase
            # still has room for its work.
            column = int(width / len(phases))
            cx = left + n * column
            marker = self.rect(slide, cx, Inches(2.45), column - Inches(0.2), Emu(38100), fill)
            marker.line.fill.background()
            self.textbox(
                slide,
                cx,
                Inches(2.55),
                column - Inches(0.2),
                Inches(0.7),
                [
                    Bold(
                        _("Phase %(number)s: %(title)s")
                        % {"number": phase["number"], "title": phase["title"]}
                    )
                ],
                size=14,
                colour=self.look.heading,
            )
            items = phase["items"][:MAX_ROADMAP_ITEMS]
            lines = [
                _pair(item["title"], f"{_number(item['current'])} → {_number(item['target'])}")
                for item in items
            ] or [wording.EMPTY_PHASE]
            if len(phase["items"]) > len(items):
                lines.append(
                    _("and %(more)s more (see notes)") % {"more": len(phase["items"]) - len(items)}
                )
            self.bullets(slide, cx, Inches(3.3), column - Inches(0.2), Inches(3.4), lines, 12)
        if not phases:
            self.textbox(slide, MARGIN, Inches(1.6), Inches(12), Inches(1), [wording.NO_GAPS], 20)
        self.notes(
            slide,
            wording.ROADMAP,
            *(
                _("Phase %(number)s, %(title)s (months %(start)s–%(end)s):")
                % {
                    "number": phase["number"],
                    "title": phase["title"],
                    "start": phase["start_month"],
                    "end": phase["end_month"],
                }
                + " "
                + "; ".join(
                    f"{item['title']} {_number(item['current'])} → {_number(item['target'])}"
                    + (
                        " "
                        + _("(first steps: %(steps)s)")
                        % {"steps": " ".join(s["text"] for s in item["next_steps"])}
                        if item["next_steps"]
                        else ""
                    )
                    for item in phase["items"]
                )
                for phase in phases
            ),
            *(
                _("Find out first: %(title)s: %(detail)s.")
                % {"title": item["title"], "detail": item["detail"]}
                for item in advice["discovery"]
            ),
        )

    def quick_wins(self) -> None:
        wins = self.d["quick_wins"]
        slide = self.slide(_("Quick wins"))
        if wins:
            cards = [(w["dimension_title"], w["next_step"]) for w in wins[:6]]
            intro = wording.QUICK_WINS
        else:
            # No practice at level 0: the first step of each phase-1 area is the quick start.
            first = self.d["advice"]["phases"][0]["items"] if self.d["advice"]["phases"] else []
            cards = [
                (item["title"], item["next_steps"][0]["text"])
                for item in first
                if item["next_steps"]
            ][:6]
            intro = _("No practice is at level 0 in the first phase; these are its first steps.")
        self.textbox(slide, MARGIN, Inches(1.25), Inches(12), Inches(0.5), [intro], 14, MUTED)
        columns = 3
        card_w, card_h = Inches(3.9), Inches(2.4)
        for n, (title, step) in enumerate(cards):
            x = MARGIN + (n % columns) * (card_w + Inches(0.2))
            y = Inches(1.9) + (n // columns) * (card_h + Inches(0.2))
            card = self.rect(slide, x, y, card_w, card_h, office.tint(self.look.accent, 0.1))
            card.line.color.rgb = _rgb(office.tint(self.look.accent, 0.4))
            self.textbox(
                slide,
                x + Inches(0.15),
                y + Inches(0.1),
                card_w - Inches(0.3),
                card_h - Inches(0.2),
                [Bold(title), step],
                size=12,
            )
        self.notes(
            slide,
            intro,
            *(
                _("%(area)s: “%(question)s” is at level %(level)s.")
                % {
                    "area": w["dimension_title"],
                    "question": w["question_text"],
                    "level": w["level"],
                }
                + f" {w['next_step']}"
                for w in wins
            ),
        )

    def disagreements(self) -> None:
        summaries = self.d["disagreements"]
        if not summaries:
            return
        shown = summaries[:MAX_DISAGREEMENTS]
        slide = self.slide(_("Where the team disagreed"))
        data = CategoryChartData(number_format="0")
        data.categories = [f"Q{n}" for n in range(1, len(shown) + 1)]
        labels = [bar["label"] for bar in shown[0]["bars"]]
        for index, label in enumerate(labels):
            data.add_series(
                _("Level %(level)s") % {"level": label} if label.isdigit() else _("Don’t know"),
                [s["bars"][index]["count"] for s in shown],
            )
        frame = slide.shapes.add_chart(
            XL_CHART_TYPE.BAR_STACKED, MARGIN, Inches(1.3), Inches(6.4), Inches(5.4), data
        )
        chart = frame.chart
        self._legend(chart)
        chart.font.size = Pt(11)
        chart.category_axis.reverse_order = True
        for n, series in enumerate(chart.plots[0].series):
            share = 0.25 + 0.75 * n / max(len(labels) - 2, 1)
            self._fill(series, office.tint(self.look.primary, min(share, 1.0)))
        if labels and not labels[-1].isdigit():
            self._fill(chart.plots[0].series[-1], "#9ca3af")
        questions = []
        for n, s in enumerate(shown, 1):
            votes = ngettext("%(count)s vote", "%(count)s votes", s["count"]) % {
                "count": s["count"]
            }
            if s["median"] is not None:
                votes += ", " + _("median %(median)s") % {"median": decimal(s["median"])}
            questions += [Bold(f"Q{n}. {s['text']}"), votes]
        self.textbox(slide, Inches(7.2), Inches(1.3), Inches(5.6), Inches(5.5), questions, 11)
        self.notes(
            slide,
            wording.DISAGREEMENTS,
            *(
                f"Q{n}. {s['text']} — {'; '.join(s['reasons'])}. {s['provenance']} "
                + " ".join(
                    "("
                    + (
                        _("Level %(level)s") % {"level": c["level"]}
                        if c["level"] is not None
                        else _("Don’t know")
                    )
                    + f") “{c['text']}”"
                    for c in s["comments"]
                )
                for n, s in enumerate(summaries, 1)
            ),
        )

    def plan(self) -> None:
        """What the improvement plan achieved since the baseline (issue 13), when
        the snapshot carries it: follow-ups of an assessment with a plan."""
        plan = self.d.get("plan")
        if not plan:
            return
        slide = self.slide(_("What the plan achieved"))
        done, dropped = plan["done"], plan["dropped"]
        counts = [
            (len(done), ngettext("action done", "actions done", len(done))),
            (len(dropped), ngettext("action dropped", "actions dropped", len(dropped))),
            (
                plan["still_open"],
                ngettext("action still open", "actions still open", plan["still_open"]),
            ),
        ]
        for n, (value, label) in enumerate(counts):
            x = MARGIN + n * Inches(3.0)
            tile = self.rect(
                slide, x, Inches(1.4), Inches(2.8), Inches(1.3), office.tint(self.look.accent, 0.1)
            )
            tile.line.fill.background()
            self.textbox(
                slide,
                x + Inches(0.15),
                Inches(1.45),
                Inches(2.5),
                Inches(1.2),
                [Bold(str(value)), label],
                size=20,
            )
        lines: list = []
        if plan["moved"]:
            lines.append(Bold(_("Moved with the plan's work:").rstrip(":")))
            lines += [_moved(a) for a in plan["moved"]]
        if plan["not_moved"]:
            lines.append(Bold(_("Did not move despite done work:").rstrip(":")))
            lines += [_moved(a) for a in plan["not_moved"]]
        if not lines:
            lines = [_("No action of the plan was done or dropped in this time.")]
        self.textbox(slide, MARGIN, Inches(3.0), Inches(12.1), Inches(3.8), lines, size=14)
        self.notes(
            slide,
            _("Work of the improvement plan since “%(title)s”.") % {"title": plan["since_title"]}
            + (
                " " + _("Scores may still change: the assessment is not completed.")
                if plan["provisional"]
                else ""
            ),
            *(
                _("Done: %(title)s (%(area)s, %(owner)s).")
                % {"title": a["title"], "area": a["area"], "owner": a["owner"] or _("no owner")}
                for a in done
            ),
            *(
                _("Dropped: %(title)s (%(area)s): %(reason)s.")
                % {"title": a["title"], "area": a["area"], "reason": a["reason"]}
                for a in dropped
            ),
        )

    def next_steps(self) -> None:
        advice = self.d["advice"]
        slide = self.slide(_("Next steps"))
        steps = []
        if advice["discovery"]:
            steps.append(
                _("Find out first: %(items)s (open questions keep the path provisional).")
                % {"items": "; ".join(item["title"] for item in advice["discovery"])}
            )
        phases = advice["phases"]
        if phases and phases[0]["items"]:
            first = phases[0]
            steps.append(
                _("Start phase 1, %(title)s (months %(start)s–%(end)s): %(areas)s.")
                % {
                    "title": first["title"],
                    "start": first["start_month"],
                    "end": first["end_month"],
                    "areas": ", ".join(item["title"] for item in first["items"]),
                }
            )
            steps.append(_("Name an owner for each of these practice areas and agree the budget."))
        if self.d["quick_wins"]:
            steps.append(
                ngettext(
                    "Take the %(count)s quick win: the first step is the cheapest one.",
                    "Take the %(count)s quick wins: the first step is the cheapest one.",
                    len(self.d["quick_wins"]),
                )
                % {"count": len(self.d["quick_wins"])}
            )
        if phases:
            steps.append(
                _(
                    "Measure again after month %(month)s: a follow-up assessment shows the "
                    "progress against this baseline."
                )
                % {"month": phases[0]["end_month"]}
            )
        if self.d["unfinished"]:
            steps.append(
                _("Plan beyond the roadmap for: %(areas)s.")
                % {"areas": ", ".join(self.d["unfinished"])}
            )
        self.bullets(
            slide, MARGIN, Inches(1.4), Inches(12.1), Inches(5.3), steps, 18, numbered=True
        )
        self.notes(slide, *steps)

    def closing(self) -> None:
        look = self.look
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[BLANK])
        self.rect(slide, 0, 0, WIDTH, HEIGHT, look.primary)
        slide.shapes.add_picture(io.BytesIO(look.logo_png), MARGIN, Inches(0.7), height=Inches(0.9))
        lines = [Bold(_("Thank you")), _("Questions and discussion")]
        self.textbox(
            slide,
            MARGIN,
            Inches(2.6),
            Inches(12),
            Inches(1.8),
            lines,
            size=36,
            colour=look.on_primary,
        )
        contact = [look.name] + ([look.brand.contact_line] if look.brand.contact_line else [])
        self.textbox(
            slide,
            MARGIN,
            Inches(5.3),
            Inches(12),
            Inches(1.2),
            contact,
            size=16,
            colour=look.on_primary,
        )
        self.notes(
            slide,
            _(
                "The full report (PDF or Word) has every answer, the notes and evidence behind "
                "them, and the methodology."
            ),
        )

    # -- building blocks ------------------------------------------------------------------

    def slide(self, title: str):
        """A content slide: title, the brand's rule and logo, a footer with the slide number."""
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[TITLE_ONLY])
        heading = slide.shapes.title
        heading.left, heading.top = MARGIN, Inches(0.35)
        heading.width, heading.height = Inches(10.8), Inches(0.75)
        heading.text_frame.text = text(title)
        paragraph = heading.text_frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        font = paragraph.runs[0].font
        font.size, font.bold, font.color.rgb = Pt(28), True, _rgb(self.look.heading)
        heading.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        self.rect(slide, MARGIN, Inches(1.1), Inches(1.2), Emu(45720), self.look.accent)
        slide.shapes.add_picture(
            io.BytesIO(self.look.logo_png),
            WIDTH - MARGIN - Inches(0.5),
            Inches(0.45),
            height=Inches(0.5),
        )
        d = self.d
        footer = f"{self.look.name} · {d['organization']['name']} · {d['assessment']['title']}"
        if d["is_draft"]:
            footer += " · " + _("DRAFT")
        self.textbox(
            slide, MARGIN, HEIGHT - Inches(0.45), Inches(10), Inches(0.3), [footer], 9, MUTED
        )
        number = self.textbox(
            slide,
            WIDTH - MARGIN - Inches(1),
            HEIGHT - Inches(0.45),
            Inches(1),
            Inches(0.3),
            [],
            9,
            MUTED,
        )
        _slide_number(number.text_frame.paragraphs[0], len(self.prs.slides))
        number.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
        return slide

    def rect(self, slide, x, y, w, h, colour: str):
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, x, y, w, h)
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(colour)
        shape.line.fill.background()
        shape.shadow.inherit = False
        return shape

    def textbox(
        self,
        slide,
        x,
        y,
        w,
        h,
        lines: list,
        size: float = 14,
        colour: str = INK,
        bold: bool = False,
    ):
        box = slide.shapes.add_textbox(x, y, w, h)
        frame = box.text_frame
        frame.word_wrap = True
        for n, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
            _run(paragraph, line, size, colour, bold)
            if n:
                paragraph.space_before = Pt(size * 0.35)
        return box

    def bullets(self, slide, x, y, w, h, lines: list, size: float, numbered: bool = False):
        box = self.textbox(slide, x, y, w, h, lines, size)
        for paragraph in box.text_frame.paragraphs:
            _bullet(paragraph, size, numbered)
        return box

    def table(
        self, slide, rows: list[list[str]], widths: list[float], top, numeric=(), size=14, left=None
    ):
        shape = slide.shapes.add_table(
            len(rows),
            len(rows[0]),
            MARGIN if left is None else left,
            top,
            Inches(sum(widths)),
            Inches(size / 28 * len(rows)),
        )
        table = shape.table
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Inches(width)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                cell.margin_top = cell.margin_bottom = Inches(0.03)
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(
                    self.look.primary if r == 0 else ("#ffffff" if r % 2 else LIGHT)
                )
                paragraph = cell.text_frame.paragraphs[0]
                _run(paragraph, value, size, self.look.on_primary if r == 0 else INK, bold=r == 0)
                if c in numeric:
                    paragraph.alignment = PP_ALIGN.RIGHT
        return table

    def notes(self, slide, *paragraphs: str) -> None:
        frame = slide.notes_slide.notes_text_frame
        frame.text = "\n".join(text(p) for p in paragraphs if p)

    def _legend(self, chart) -> None:
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(11)

    def _line(self, series, colour: str, width: float, dashed: bool = False) -> None:
        series.format.line.color.rgb = _rgb(colour)
        series.format.line.width = Pt(width)
        if dashed:
            series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        series.smooth = False
        marker = series.marker
        marker.format.fill.solid()
        marker.format.fill.fore_color.rgb = _rgb(colour)
        marker.format.line.color.rgb = _rgb(colour)

    def _fill(self, series, colour: str) -> None:
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(colour)

    def _shape_text(self, shape, lines: list, size: float, colour: str) -> None:
        frame = shape.text_frame
        frame.word_wrap = True
        for n, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.CENTER
            _run(paragraph, line, size, colour, False)


def _run(paragraph, line: str, size: float, colour: str, bold: bool) -> None:
    run = paragraph.add_run()
    run.text = text(line)
    run.font.size = Pt(size)
    run.font.color.rgb = _rgb(colour)
    run.font.bold = bold or isinstance(line, Bold)


def _bullet(paragraph, size: float, numbered: bool) -> None:
    """A real bullet (or number) with a hanging indent, as PowerPoint makes them."""
    p_pr = paragraph._p.get_or_add_pPr()
    indent = int(Pt(size) * 1.4)
    p_pr.set("marL", str(indent))
    p_pr.set("indent", str(-indent))
    if numbered:
        bullet = etree.SubElement(p_pr, qn("a:buAutoNum"))
        bullet.set("type", "arabicPeriod")
    else:
        bullet = etree.SubElement(p_pr, qn("a:buChar"))
        bullet.set("char", "•")


def _slide_number(paragraph, number: int) -> None:
    """A slide-number field: it renumbers itself when slides are moved."""
    field = etree.SubElement(paragraph._p, qn("a:fld"))
    field.set("id", "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}")
    field.set("type", "slidenum")
    props = etree.SubElement(field, qn("a:rPr"))
    props.set("lang", "en-GB")
    props.set("sz", "900")
    fill = etree.SubElement(etree.SubElement(props, qn("a:solidFill")), qn("a:srgbClr"))
    fill.set("val", MUTED.lstrip("#").upper())
    etree.SubElement(field, qn("a:t")).text = str(number)
