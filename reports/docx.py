"""The Word report: the PDF's content as an editable document (python-docx).

Built from the report's snapshot only (reports/content.py), like the PDF, so
both show the same figures. Made to be edited before it goes to a board:
real heading styles (Word's navigation pane and table of contents work),
body text in styles rather than direct formatting, tables whose rows never
break across pages and whose header row repeats, the brand's colours in the
styles, charts as pictures with captions. User text goes in as text runs
(python-docx escapes it; office.text drops what XML cannot hold).
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from assessor.brain.i18n import decimal
from reports import content, office, wording
from reports.office import text

FONT = "Calibri"
INK = "#1f2937"
MUTED = "#6b7280"
RULE = "#d1d5db"
WARN = "#b45309"
GOOD = "#15803d"
TEXT_WIDTH_MM = 170  # A4 less 20 mm margins each side
CHART_PX = 1200  # the width charts are rasterized at: sharp at 170 mm, small files


def render_docx(snapshot: dict[str, Any]) -> bytes:
    document = content.document_content(snapshot)
    writer = _Writer(document, office.look_of(snapshot))
    writer.write()
    out = io.BytesIO()
    writer.doc.save(out)
    return out.getvalue()


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _number(value: float | None, digits: int = 1) -> str:
    """A figure in the active language's notation ("2,5" in German and French)."""
    return "–" if value is None else decimal(value, digits)


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def _date(value: datetime, with_time: bool = False) -> str:
    """A day (and time) the way the active language writes it."""
    return wording.moment(value) if with_time else wording.day(value)


def _capfirst(value: str) -> str:
    return value[:1].upper() + value[1:]


def _plain(value: str) -> str:
    """A sentence the PDF marks up (<strong>, <em>) as plain text."""
    for tag in ("<strong>", "</strong>", "<em>", "</em>"):
        value = value.replace(tag, "")
    return value.replace("&amp;", "&")


class _Writer:
    """One document being written, with the few building blocks it is made of."""

    def __init__(self, document: dict[str, Any], look: office.Look) -> None:
        self.d = document
        self.look = look
        self.charts = content.chart_svgs(document)
        self.doc = Document()
        self._styles()
        # Styles by id: python-docx looks a style name up by scanning every
        # style, which costs more than the rest of the document together.
        self.style_ids = {style.name: style.style_id for style in self.doc.styles}
        self._page_setup()

    # -- set-up ---------------------------------------------------------------------------

    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(10)
        normal.font.color.rgb = RGBColor.from_string(_hex(INK))
        normal.paragraph_format.space_after = Pt(5)
        normal.paragraph_format.line_spacing = 1.12
        for name, size, colour in (
            ("Title", 30, self.look.heading),
            ("Subtitle", 15, MUTED),
            ("Heading 1", 18, self.look.heading),
            ("Heading 2", 13.5, self.look.heading),
            ("Heading 3", 11.5, INK),
            ("TOC Heading", 18, self.look.heading),
        ):
            style = styles[name]
            _plain_font(style, FONT)
            style.font.size = Pt(size)
            style.font.color.rgb = RGBColor.from_string(_hex(colour))
            style.font.italic = False
        styles["Heading 1"].paragraph_format.page_break_before = True
        styles["Heading 1"].paragraph_format.space_after = Pt(8)
        styles["Heading 2"].paragraph_format.space_before = Pt(14)
        styles["Heading 3"].paragraph_format.space_before = Pt(10)
        caption = styles["Caption"]
        _plain_font(caption, FONT)
        caption.font.size = Pt(8.5)
        caption.font.bold = False
        caption.font.italic = False
        caption.font.color.rgb = RGBColor.from_string(_hex(MUTED))
        for level in (1, 2):
            # Word's own names, so "Update table" keeps our look.
            style = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            style.paragraph_format.left_indent = Mm(6 * (level - 1))
            style.paragraph_format.space_after = Pt(3)
            style.font.bold = level == 1
        cell = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
        cell.base_style = normal
        cell.font.size = Pt(9)
        cell.paragraph_format.space_after = Pt(2)
        cell.paragraph_format.line_spacing = 1.05
        small = styles.add_style("Small", WD_STYLE_TYPE.PARAGRAPH)
        small.base_style = normal
        small.font.size = Pt(8.5)
        small.font.color.rgb = RGBColor.from_string(_hex(MUTED))
        for name in ("List Bullet", "List Number"):
            styles[name].paragraph_format.space_after = Pt(3)

    def _page_setup(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin, section.bottom_margin = Mm(22), Mm(20)
        section.header_distance = section.footer_distance = Mm(9)
        # The cover has no header or footer; every later page does.
        section.different_first_page_header_footer = True
        org = text(self.d["organization"]["name"])
        header = section.header.paragraphs[0]
        _set_style(header, self.style_ids["Small"])
        header.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
        header.add_run(self.look.name)
        header.add_run(f"\t{org} · {text(self.d['assessment']['title'])}")
        if self.d["is_draft"]:
            draft = header.add_run("  " + _("DRAFT"))
            draft.bold = True
            draft.font.color.rgb = RGBColor.from_string(_hex(WARN))
        footer = section.footer.paragraphs[0]
        _set_style(footer, self.style_ids["Small"])
        footer.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
        footer_text = text(self.look.brand.footer_text)
        footer.add_run(f"{footer_text} · " if footer_text else "")
        footer.add_run(_("Prepared for %(org)s") % {"org": org} + "\t" + _("Page") + " ")
        _field(footer, "PAGE", "1")
        footer.add_run(" " + _("of") + " ")
        _field(footer, "NUMPAGES", "1")
        props = self.doc.core_properties
        props.title = text(
            _plain(_("DevOps &amp; MLOps readiness report: %(org)s – %(title)s"))
            % {"org": self.d["organization"]["name"], "title": self.d["assessment"]["title"]}
        )[:250]
        props.author = self.look.name
        props.subject = _("DevOps and MLOps readiness assessment")
        props.keywords = _("DevOps, MLOps, readiness assessment, maturity, roadmap")
        props.created = props.modified = self.d["requested_at"]
        props.comments = _("Report v%(number)s") % {"number": self.d["report_number"]}

    # -- building blocks ------------------------------------------------------------------

    def add(self, style: str | None = None):
        """A new paragraph at the end, in `style`."""
        paragraph = self.doc.add_paragraph()
        if style:
            _set_style(paragraph, self.style_ids[style])
        return paragraph

    def heading(self, value: str, level: int) -> None:
        self.add(f"Heading {level}").add_run(text(value))

    def para(self, *parts: str | tuple[str, str], style: str | None = None):
        """A paragraph of text parts; Bold(text) is bold."""
        paragraph = self.add(style)
        _runs(paragraph, parts)
        return paragraph

    def bullets(self, items: list, style: str = "List Bullet") -> None:
        for item in items:
            _runs(self.add(style), item)

    def table(
        self,
        head: list[str],
        rows: list[list],
        widths: list[float],
        *,
        numeric: tuple[int, ...] = (),
        highlight: set[int] | None = None,
    ):
        """A table whose rows never break across pages, its header row repeated.

        A cell is a string, a tuple of parts (as `para`), or a list of such
        (one paragraph each). `widths` are millimetres; `numeric` columns
        are right-aligned; `highlight` row indexes are shaded.
        """
        table = self.doc.add_table(rows=1, cols=len(head))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _table_borders(table)
        _row_rules(table.rows[0], header=True)
        table_text = self.style_ids["Table Text"]
        for i, (cell, label) in enumerate(zip(table.rows[0].cells, head, strict=True)):
            _shade(cell, self.look.primary)
            _set_style(cell.paragraphs[0], table_text)
            run = cell.paragraphs[0].add_run(text(label))
            run.bold = True
            run.font.color.rgb = RGBColor.from_string(_hex(self.look.on_primary))
            if i in numeric:
                cell.paragraphs[0].alignment = 2
        for index, values in enumerate(rows):
            row = table.add_row()
            _row_rules(row)
            for i, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
                paragraphs = value if isinstance(value, list) else [value]
                for n, parts in enumerate(paragraphs):
                    paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
                    _set_style(paragraph, table_text)
                    _runs(paragraph, parts)
                    if i in numeric:
                        paragraph.alignment = 2
                if highlight and index in highlight:
                    _shade(cell, office.tint(GOOD, 0.12))
        _widths(table, widths)
        self.add("Small").paragraph_format.space_after = Pt(2)
        return table

    def callout(self, parts: list, *, colour: str, fill: str, label: str = "") -> None:
        """A shaded box with a coloured left rule: one cell, kept on one page."""
        table = self.doc.add_table(rows=1, cols=1)
        table.autofit = False
        _row_rules(table.rows[0])
        _widths(table, [TEXT_WIDTH_MM])
        cell = table.rows[0].cells[0]
        _shade(cell, fill)
        _cell_left_rule(cell, colour)
        first = cell.paragraphs[0]
        if label:
            run = first.add_run(text(label).upper())
            run.bold = True
            run.font.size = Pt(8)
            run.font.color.rgb = RGBColor.from_string(_hex(colour))
            first = cell.add_paragraph()
        for n, item in enumerate(parts):
            paragraph = first if n == 0 else cell.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(3)
            _runs(paragraph, item)
        self.add("Small").paragraph_format.space_after = Pt(2)

    def chart(self, svg: str, caption: str, width_mm: float = TEXT_WIDTH_MM) -> None:
        if not svg:
            return
        png = office.svg_png(str(svg), width=CHART_PX)
        picture = self.doc.add_paragraph()
        picture.alignment = 1
        picture.paragraph_format.keep_with_next = True
        picture.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))
        if caption:
            self.para(caption, style="Caption")

    # -- the document ---------------------------------------------------------------------

    def write(self) -> None:
        self.cover()
        self.contents()
        self.summary()
        self.progress()
        self.plan()
        self.standing()
        self.gaps()
        self.delivery_profile()
        self.roadmap()
        self.answers()
        self.expired_evidence()
        self.disagreements()
        self.method()

    def cover(self) -> None:
        d, look = self.d, self.look
        status = d["assessment"]["status"].lower()
        if d["is_draft"]:
            self.para(Bold(_("Draft · assessment %(status)s") % {"status": status}))
        # The band in the brand's colour: logo, kicker, organization, title.
        band = self.doc.add_table(rows=1, cols=1)
        band.autofit = False
        _widths(band, [TEXT_WIDTH_MM])
        _row_rules(band.rows[0])
        cell = band.rows[0].cells[0]
        _shade(cell, look.primary)
        on = RGBColor.from_string(_hex(look.on_primary))
        logo = cell.paragraphs[0]
        logo.paragraph_format.space_before = Mm(10)
        logo.paragraph_format.space_after = Mm(16)
        logo.paragraph_format.left_indent = Mm(6)
        logo.add_run().add_picture(io.BytesIO(look.logo_png), height=Mm(16))
        for style, value, bold in (
            (
                "Normal",
                _plain(_("DevOps &amp; MLOps readiness report")).upper(),
                True,
            ),
            ("Title", d["organization"]["name"], False),
            ("Subtitle", d["assessment"]["title"], False),
        ):
            paragraph = cell.add_paragraph()
            _set_style(paragraph, self.style_ids[style])
            paragraph.paragraph_format.left_indent = Mm(6)
            run = paragraph.add_run(text(value))
            run.bold, run.font.color.rgb = bold, on
        paragraph.paragraph_format.space_after = Mm(12)
        facts = [
            [_("Date"), _date(d["requested_at"])],
            [_("Facilitator"), d["assessment"]["facilitator"] or "–"],
            [_("Scope"), d["assessment"]["scope"]],
            [
                _("Report version"),
                f"v{d['report_number']}"
                + (
                    " · " + _("assessment %(status)s") % {"status": status} if d["is_draft"] else ""
                ),
            ],
            [
                _("Question bank"),
                _("%(title)s, version %(version)s")
                % {"title": d["framework"]["title"], "version": d["framework"]["version"]},
            ],
        ]
        spacer = self.doc.add_paragraph()
        spacer.paragraph_format.space_before = Mm(10)
        table = self.doc.add_table(rows=0, cols=2)
        table.autofit = False
        for label, value in facts:
            row = table.add_row()
            _row_rules(row)
            label_run = row.cells[0].paragraphs[0].add_run(text(label).upper())
            label_run.font.size = Pt(8)
            label_run.font.color.rgb = RGBColor.from_string(_hex(MUTED))
            value_run = row.cells[1].paragraphs[0].add_run(text(value))
            value_run.bold = True
            value_run.font.color.rgb = RGBColor.from_string(_hex(look.heading))
        _widths(table, [45, 125])
        statement = text(look.brand.cover_statement)
        if statement:
            self.para(statement).paragraph_format.space_before = Mm(10)
        foot = self.para(
            _(
                "Prepared for %(org)s by %(practice)s. This report reflects the answers recorded "
                "on %(when)s; later changes to the assessment appear only in a new version."
            )
            % {
                "org": d["organization"]["name"],
                "practice": look.name,
                "when": _date(d["requested_at"], True),
            },
            style="Small",
        )
        foot.paragraph_format.space_before = Mm(12)
        if look.brand.contact_line:
            self.para(look.brand.contact_line, style="Small")

    def contents(self) -> None:
        """A real TOC field: Word fills in page numbers when it updates the
        field (it offers to on opening); until then it lists the sections."""
        first = self.add("TOC Heading")
        first.paragraph_format.page_break_before = True
        first.add_run(_("Contents"))
        entries = [(1, title) for title in self._section_titles()]
        paragraphs = [self.add(f"toc {level}") for level, _title in entries]
        _field_begin(paragraphs[0], 'TOC \\o "1-2" \\h \\z \\u')
        for paragraph, (_level, title) in zip(paragraphs, entries, strict=True):
            paragraph.add_run(text(title))
        _field_end(paragraphs[-1])
        self.doc.settings.element.append(_element("w:updateFields", val="true"))
        d = self.d
        self.heading(_("About this report"), 2)
        self.para(
            _(
                "%(org)s assessed its software delivery (DevOps) and its machine learning "
                "lifecycle (MLOps) on %(questions)s observable practices in %(areas)s practice "
                "areas; %(answered)s of them were answered with a level."
            )
            % {
                "org": d["organization"]["name"],
                "questions": d["question_count"],
                "areas": len(d["practice_areas"]),
                "answered": d["answered_count"],
            }
            + " "
            + wording.ABOUT_SCALE
        )
        self.para(
            _(
                "MLOps extends DevOps automation to data, training, validation, deployment, "
                "monitoring and retraining. The question is therefore not <em>whether</em> DevOps "
                "or MLOps, but in which order to invest: this report says where the organization "
                "stands on both, which path it should take and what to do %(horizon)s."
            )
            .replace("<em>", "")
            .replace("</em>", "")
            % {"horizon": wording.horizon(d["advice"])}
        )

    def _section_titles(self) -> list[str]:
        d = self.d
        titles = [_("Executive summary")]
        if d["progress"]:
            titles.append(_("Progress since %(date)s") % {"date": _date(d["progress_since"])})
        if d.get("plan"):
            titles.append(_("What the plan achieved"))
        titles += [_("Where you stand: DevOps and MLOps"), _("Gap analysis")]
        if d["advice"].get("dora") or d["advice"].get("reference_levels"):
            titles.append(
                _("Delivery performance profile")
                if d["advice"].get("dora")
                else _("Reference levels")
            )
        titles.append(_("Phased roadmap"))
        titles.append(_("Answers by practice area"))
        if d["expired_evidence"]:
            titles.append(_("Expired evidence"))
        if d["disagreements"]:
            titles.append(_("Appendix: where the team disagreed"))
        titles.append(_("Appendix: methodology"))
        return titles

    def summary(self) -> None:
        d, advice = self.d, self.d["advice"]
        self.heading(_("Executive summary"), 1)
        self.callout(
            [Bold(advice["path"]["title"]), advice["path"]["summary"]],
            colour=self.look.primary,
            fill=office.tint(self.look.primary, 0.08),
            label=_("Recommended path"),
        )
        if advice["path"]["provisional"]:
            self.callout(
                [_("This path rests on incomplete answers and may change once they are given:")]
                + [f"• {_capfirst(reason)}." for reason in advice["path"]["provisional"]],
                colour=WARN,
                fill="#fff7e6",
                label=_("Provisional"),
            )
        rows = []
        for area in d["area_list"]:
            score = area["score"]
            if score and score["score"] is not None:
                value = f"{_number(score['score'])} / 4"
                sub = _("%(label)s · %(percent)s%% of the scale") % {
                    "label": score["label"],
                    "percent": score["percent"],
                }
            else:
                value, sub = "–", _("no answers yet")
            caps = ""
            if score and score["raw_index"] is not None and score["raw_index"] != score["index"]:
                caps = " · " + _("%(raw)s before prerequisite caps") % {
                    "raw": _number(score["raw_index"])
                }
            confidence = _percent(score["confidence"] if score else None)
            index = _("%(area)s index") % {"area": area["title"]}
            rows.append([(Bold(index),), (Bold(value),), sub, confidence + caps])
        self.table([_("Index"), _("Score"), _("Maturity"), _("Confidence")], rows, [40, 25, 55, 50])
        self.heading(_("Why this path"), 2)
        self.para(wording.RULES)
        fired = d["fired_rule"]
        if fired:
            self.callout(
                [
                    (Bold(_("Decisive rule:") + " "), f"{_capfirst(fired['description'])}."),
                    _("Because: %(rationale)s.") % {"rationale": fired["rationale"]},
                ],
                colour=GOOD,
                fill="#ecfdf3",
            )
        if d["skipped_rules"]:
            self.para(_("Rules checked before it that did not apply:"), style="Small")
            self.bullets(
                [
                    (
                        Bold(_capfirst(rule["description"])),
                        ": " + _("no, %(rationale)s.") % {"rationale": rule["rationale"]},
                    )
                    for rule in d["skipped_rules"]
                ]
            )
        if d["applied_modifiers"]:
            self.heading(_("What adjusts the plan"), 2)
            self.bullets([f"{_capfirst(m['rationale'])}." for m in d["applied_modifiers"]])
        self.heading(_("What we heard"), 2)
        heard = [[item["question"], item["answer"] or _("Not answered")] for item in d["context"]]
        organization = d["organization"]
        heard.append(
            [
                _("Regulated organization"),
                (_("yes") if organization["regulated"] else _("no"))
                + (f" · {organization['industry']}" if organization["industry"] else ""),
            ]
        )
        self.table([_("Question"), _("Answer")], heard, [110, 60])
        phases = advice["phases"]
        if phases and phases[0]["items"]:
            first = phases[0]
            self.heading(
                _("First %(months)s months: %(title)s")
                % {"months": first["end_month"], "title": first["title"]},
                2,
            )
            self.bullets(
                [
                    (
                        Bold(item["title"]),
                        ": "
                        + (
                            _("from %(current)s to %(target)s")
                            % {
                                "current": _number(item["current"]),
                                "target": _number(item["target"]),
                            }
                            if item["current"] is not None
                            else _("from no score to %(target)s")
                            % {"target": _number(item["target"])}
                        ),
                    )
                    for item in first["items"]
                ]
            )
        if d["quick_wins"]:
            self.heading(_("Quick wins"), 2)
            self.para(wording.QUICK_WINS, style="Small")
            self.bullets(
                [(Bold(f"{w['dimension_title']}: "), w["next_step"]) for w in d["quick_wins"]]
            )

    def progress(self) -> None:
        d = self.d
        pending = d["progress_pending"]
        if pending:
            self.callout(
                [
                    _(
                        "This is a draft: how far %(org)s has moved since “%(title)s” (%(date)s) "
                        "is reported once this assessment is completed, when its answers are "
                        "final."
                    )
                    % {
                        "org": d["organization"]["name"],
                        "title": pending["since_title"],
                        "date": _date(d["progress_since"]),
                    }
                ],
                colour=WARN,
                fill="#fff7e6",
            )
        progress = d["progress"]
        if not progress:
            return
        self.heading(_("Progress since %(date)s") % {"date": _date(d["progress_since"])}, 1)
        changed = progress["changed_answers"]
        left_out = progress["left_out_questions"]
        sentences = [
            ngettext(
                "Compared with “%(title)s”: %(counter)s answer changed.",
                "Compared with “%(title)s”: %(counter)s answers changed.",
                changed,
            )
            % {"title": progress["since_title"], "counter": changed}
        ]
        if left_out:
            sentences.append(
                ngettext(
                    "%(counter)s question asked in only one of the two assessments is left out.",
                    "%(counter)s questions asked in only one of the two assessments are left out.",
                    left_out,
                )
                % {"counter": left_out}
            )
        self.para(" ".join(sentences))
        self.table(
            [_("Index"), _("Then"), _("Now"), _("Change")],
            [_delta_row(delta) for delta in progress["areas"]],
            [70, 30, 30, 40],
            numeric=(1, 2, 3),
        )
        self.para(
            Bold(_("Recommendation then:") + " "),
            f"{progress['path_before']}. ",
            Bold(_("Now:") + " "),
            f"{progress['path_after']}.",
        )
        self.chart(self.charts["trend_chart"], _("DevOps and MLOps indices over time") + ".")
        self.heading(_("Practice areas"), 2)
        self.table(
            [_("Practice area"), _("Then"), _("Now"), _("Change")],
            [_delta_row(delta) for delta in progress["dimensions"]],
            [100, 20, 20, 30],
            numeric=(1, 2, 3),
        )
        if progress["done"]:
            self.heading(_("Roadmap items now done"), 2)
            self.bullets(
                [
                    _("<strong>%(title)s</strong> reached %(reached)s (target %(target)s).")
                    .replace("<strong>", "")
                    .replace("</strong>", "")
                    % {
                        "title": item["title"],
                        "reached": item["reached"],
                        "target": _number(item["target"]),
                    }
                    for item in progress["done"]
                ]
            )

    def standing(self) -> None:
        d = self.d
        self.heading(_("Where you stand: DevOps and MLOps"), 1)
        self.para(wording.STANDING)
        rows = []
        for area in d["area_list"]:
            score = area["score"] or {}
            rows.append(
                [
                    (Bold(area["title"]),),
                    _number(score.get("score")),
                    score.get("label") or "–",
                    _number(score.get("raw_index")),
                    _percent(score.get("confidence")),
                    area["weakest"]["title"] if area["weakest"] else "–",
                ]
            )
        self.table(
            [
                _("Area"),
                _("Index"),
                _("Maturity"),
                _("Before caps"),
                _("Confidence"),
                _("Weakest practice"),
            ],
            rows,
            [22, 16, 24, 23, 24, 61],
            numeric=(1, 3, 4),
        )
        self.chart(self.charts["radar"], wording.RADAR_CAPTION)
        if d["capped"]:
            self.heading(_("Held back by prerequisites"), 2)
            self.table(
                [_("Practice area"), _("Raw"), _("Capped at"), _("Why")],
                [
                    [
                        row["dimension"]["title"],
                        _number(row["dimension"]["score"]["raw_score"]),
                        _number(row["reason"]["cap"]),
                        f"{_capfirst(row['reason']['explanation'])}.",
                    ]
                    for row in d["capped"]
                ],
                [55, 15, 20, 80],
                numeric=(1, 2),
            )
        self.heading(_("Current and target maturity"), 2)
        self.chart(self.charts["bars"], wording.BARS_CAPTION, width_mm=160)

    def gaps(self) -> None:
        d = self.d
        self.heading(_("Gap analysis"), 1)
        self.para(wording.GAPS)
        if d["gaps"]:
            self.table(
                [
                    "#",
                    _("Practice area"),
                    _("Area"),
                    _("Current"),
                    _("Target"),
                    _("Gap"),
                    _("Weight"),
                    _("Priority"),
                ],
                [
                    [
                        str(n),
                        gap["title"],
                        gap["area_title"],
                        _number(gap["current"]),
                        _number(gap["target"]),
                        (Bold(_number(gap["gap"])),),
                        _number(gap["weight"], 2),
                        _number(gap["priority"], 2),
                    ]
                    for n, gap in enumerate(d["gaps"], 1)
                ],
                [8, 56, 17, 19, 17, 13, 18, 22],
                numeric=(0, 3, 4, 5, 6, 7),
            )
        else:
            self.callout([wording.NO_GAPS], colour=WARN, fill="#fff7e6")
        if d["unfinished"]:
            self.callout(
                [
                    _(
                        "Still below target after the last phase of the roadmap: %(areas)s. "
                        "These need a follow-up plan at the next review."
                    )
                    % {"areas": ", ".join(d["unfinished"])}
                ],
                colour=WARN,
                fill="#fff7e6",
            )

    def delivery_profile(self) -> None:
        advice = self.d["advice"]
        profile = advice.get("dora")
        if profile:
            self.heading(_("Delivery performance profile"), 1)
            self.para(wording.DORA)
            if profile["cluster"]:
                cluster = profile.get("cluster_title") or profile["cluster"]
                self.para(Bold(_("Closest cluster: %(cluster)s") % {"cluster": _capfirst(cluster)}))
            self.para(f"{_capfirst(profile['meaning'])}.")
            self.table(
                [_("Key"), _("What the team told us"), _("Cluster")],
                [
                    [
                        (Bold(m["title"]),),
                        m["answer"] if m["level"] is not None else _("not answered"),
                        _capfirst(m.get("cluster_title") or m["cluster"] or "–"),
                    ]
                    for m in profile["metrics"]
                ],
                [45, 105, 20],
            )
            self.para(
                _("Clusters, rounded from the State of DevOps reports (2023–2024):")
                + " "
                + "; ".join(f"{cluster}: {meaning}" for cluster, meaning in profile["scale"])
                + f". {wording.DORA_RULE}",
                style="Small",
            )
        if advice.get("reference_levels"):
            self.heading(_("Reference levels"), 1 if not profile else 2)
            self.para(
                _(
                    "Where the answers place the organization on two public MLOps maturity "
                    "models, by fixed rules on the practice scores; provisional, like the path."
                )
                if advice["path"]["provisional"]
                else _(
                    "Where the answers place the organization on two public MLOps maturity "
                    "models, by fixed rules on the practice scores."
                )
            )
            self.bullets(
                [
                    (
                        Bold(
                            _("%(reference)s %(level)s of %(top)s: %(name)s.")
                            % {
                                "reference": r["reference"],
                                "level": r["level"],
                                "top": r["top"],
                                "name": r["name"],
                            }
                            + " "
                        ),
                        r["reason"],
                    )
                    for r in advice["reference_levels"]
                ]
            )

    def roadmap(self) -> None:
        advice = self.d["advice"]
        self.heading(_("Phased roadmap"), 1)
        self.para(wording.ROADMAP)
        self.chart(self.charts["timeline"], "")
        if advice["discovery"]:
            self.heading(_("Phase 1 starts by finding out"), 2)
            self.para(wording.DISCOVERY, style="Small")
            for item in advice["discovery"]:
                self.bullets([(Bold(item["title"]), f": {item['detail']}.")])
                self.bullets(item["questions"], style="List Bullet 2")
        for phase in advice["phases"]:
            months = _("months %(start)s–%(end)s") % {
                "start": phase["start_month"],
                "end": phase["end_month"],
            }
            title = _("Phase %(number)s: %(title)s") % {
                "number": phase["number"],
                "title": phase["title"],
            }
            self.heading(f"{title} ({months})", 2)
            if not phase["items"]:
                self.para(wording.EMPTY_PHASE, style="Small")
                continue
            self.table(
                [_("Practice area"), _("From → to"), _("Next steps"), _("Months")],
                [
                    [
                        item["title"],
                        Bold(f"{_number(item['current'])} → {_number(item['target'])}"),
                        [f"• {step['text']}" for step in item["next_steps"]] or "–",
                        f"{item['start_month']}–{item['end_month']}",
                    ]
                    for item in phase["items"]
                ],
                [42, 21, 89, 18],
            )

    def plan(self) -> None:
        """What the improvement plan achieved since the baseline (issue 13), when
        the snapshot carries it: follow-ups of an assessment with a plan."""
        plan = self.d.get("plan")
        if not plan:
            return
        self.heading(_("What the plan achieved"), 1)
        done, dropped = plan["done"], plan["dropped"]
        since = _date(datetime.fromisoformat(plan["since_date"]))
        self.para(
            _(
                "The improvement plan's work since “%(title)s” was completed (%(date)s): actions "
                "done: %(done)s; dropped: %(dropped)s."
            )
            % {
                "title": plan["since_title"],
                "date": since,
                "done": len(done),
                "dropped": len(dropped),
            }
            + (
                " "
                + _("Still open on this assessment's plan: %(open)s.")
                % {"open": plan["still_open"]}
                if plan["still_open"]
                else ""
            )
        )
        if plan["provisional"]:
            self.callout(
                [
                    _(
                        "This assessment is not completed yet: the practice area scores below "
                        "may still change."
                    )
                ],
                colour=WARN,
                fill="#fff7e6",
            )
        areas = plan["moved"] + plan["not_moved"]
        if areas:
            self.table(
                [_("Practice area"), _("Actions done"), _("Then"), _("Now"), _("Outcome")],
                [
                    [
                        (Bold(a["title"]),),
                        str(a["done"]),
                        _number(a["before"]),
                        _number(a["after"]),
                        _("moved") + f" ▲ +{a['change']}"
                        if a["moved"]
                        else _("not moved")
                        + (
                            f" (▼ {a['change']})"
                            if a["change"] is not None and a["change"] < 0
                            else ""
                        ),
                    ]
                    for a in areas
                ],
                [66, 24, 18, 18, 44],
                numeric=(1, 2, 3),
            )
        for title, actions, last in (
            (_("Actions done"), done, _("Done on")),
            (_("Actions dropped"), dropped, _("Dropped on")),
        ):
            if not actions:
                continue
            self.heading(title, 2)
            self.table(
                [
                    _("Action"),
                    _("Practice area"),
                    _("Owner") if actions is done else _("Why"),
                    last,
                ],
                [
                    [
                        [a["title"]] + ([" · ".join(a["questions"])] if a["questions"] else []),
                        a["area"],
                        (a["owner"] if actions is done else a["reason"]) or "–",
                        _date(datetime.fromisoformat(a["closed_at"])),
                    ]
                    for a in actions
                ],
                [70, 40, 35, 25],
            )
        if not done and not dropped:
            self.para(_("No action of the plan was done or dropped in this time."), style="Small")

    def answers(self) -> None:
        d = self.d
        self.heading(_("Answers by practice area"), 1)
        levels = ", ".join(f"{s['level']} {s['label'].lower()}" for s in d["scale"])
        self.para(f"{wording.ANSWERS} {_('Levels:')} {levels}.")
        for area in d["area_list"]:
            self.heading(area["title"], 2)
            for dimension in area["dimensions"]:
                self.heading(dimension["title"], 3)
                self.para(_dimension_meta(area, dimension), style="Small")
                self.table(
                    [_("Question"), _("Answer"), _("Notes and evidence")],
                    [_answer_row(q) for q in dimension["questions"]],
                    [66, 58, 46],
                )

    def expired_evidence(self) -> None:
        d = self.d
        expired = d["expired_evidence"]
        if not expired:
            return
        self.heading(_("Expired evidence"), 1)
        self.para(
            ngettext(
                "%(counter)s answer rests on evidence whose valid-until day had passed on %(day)s.",
                "%(counter)s answers rest on evidence whose valid-until day had passed on %(day)s.",
                len(expired),
            )
            % {"counter": len(expired), "day": _date(d["evidence_as_of"])}
            + f" {d['method'].get('evidence_rule', '')}"
        )
        self.table(
            [_("Question"), _("Answer"), _("Evidence"), _("Kept current by"), _("Valid until")],
            [
                [
                    [e["question"], e["section"]],
                    e["answer"],
                    e["evidence"] or "–",
                    e["owner"] or _("nobody named"),
                    wording.short_day(e["valid_until"]),
                ]
                for e in expired
            ],
            [58, 22, 40, 28, 22],
        )

    def disagreements(self) -> None:
        d = self.d
        if not d["disagreements"]:
            return
        self.heading(_("Appendix: where the team disagreed"), 1)
        self.para(wording.DISAGREEMENTS)
        for summary in d["disagreements"]:
            self.heading(summary["text"], 3)
            self.table(
                [bar["label"] for bar in summary["bars"]],
                [[str(bar["count"]) for bar in summary["bars"]]],
                [170 / len(summary["bars"])] * len(summary["bars"]),
                numeric=tuple(range(len(summary["bars"]))),
            )
            facts = ngettext("%(count)s vote", "%(count)s votes", summary["count"]) % {
                "count": summary["count"]
            }
            if summary["unknown"]:
                facts += " " + _("(%(count)s don’t know)") % {"count": summary["unknown"]}
            if summary["median"] is not None:
                facts += " · " + _("median %(median)s · spread %(spread)s") % {
                    "median": decimal(summary["median"]),
                    "spread": summary["spread"],
                }
            if summary["reasons"]:
                facts += " · " + _("disagreement: %(reasons)s") % {
                    "reasons": "; ".join(summary["reasons"])
                }
            self.para(facts, style="Small")
            if summary["provenance"]:
                self.para(summary["provenance"], style="Small")
            self.bullets(
                [
                    (
                        _("Level %(level)s") % {"level": c["level"]}
                        if c["level"] is not None
                        else _("Don’t know")
                    )
                    + f": “{c['text']}”"
                    for c in summary["comments"]
                ]
            )

    def method(self) -> None:
        d, method = self.d, self.d["method"]
        self.heading(_("Appendix: methodology"), 1)
        self.heading(_("The scale"), 2)
        self.para(wording.METHOD_SCALE)
        self.table(
            [_("Level"), _("Name"), _("In short")],
            [[(Bold(str(s["level"])),), s["label"], s["summary"]] for s in d["scale"]],
            [15, 30, 125],
            numeric=(0,),
        )
        if d["framework"]["scoring_rule"]:
            self.heading(_("How a level is picked"), 2)
            self.para(d["framework"]["scoring_rule"])
        self.heading(_("Scores and confidence"), 2)
        self.para(wording.METHOD_SCORES)
        if method.get("evidence_rule"):
            self.heading(_("Evidence that ages"), 2)
            self.para(
                f"{method['evidence_rule']} "
                + _("Evidence was aged as of %(day)s, the day this report was requested.")
                % {"day": _date(d["evidence_as_of"])}
            )
        if method["na_guidance"]:
            self.heading(_("When “not applicable” is a legitimate answer"), 3)
            self.table(
                [_("Question"), _("N/A is right when")],
                [[row["question"], row["guidance"]] for row in method["na_guidance"]],
                [85, 85],
            )
        self.heading(_("Weights"), 2)
        self.table(
            [_("Practice area"), _("Area"), _("Weight"), _("Questions"), _("Builds on")],
            [
                [
                    dimension["title"],
                    dimension["area_title"],
                    _number(dimension["weight"], 2),
                    str(len(dimension["questions"])),
                    "; ".join(
                        _("%(title)s at level %(level)s")
                        % {"title": p["title"], "level": p["min_level"]}
                        for p in dimension["prerequisites"]
                    )
                    or "–",
                ]
                for dimension in d["practice_areas"]
            ],
            [53, 17, 17, 23, 60],
            numeric=(2, 3),
        )
        self.heading(_("Gating"), 2)
        self.para(wording.METHOD_GATING)
        self.heading(_("Decision rules"), 2)
        self.para(wording.method_rules(method))
        fired = d["fired_rule"]["rule"] if d["fired_rule"] else None
        self.table(
            ["#", _("When"), _("Path"), _("Here")],
            [
                [
                    str(n),
                    _capfirst(rule["description"]),
                    rule["outcome_title"],
                    _("decided")
                    if rule["key"] == fired
                    else _("did not apply")
                    if rule["key"] in d["skipped_keys"]
                    else _("not reached"),
                ]
                for n, rule in enumerate(method["rules"], 1)
            ],
            [8, 93, 43, 26],
            numeric=(0,),
            highlight={n for n, rule in enumerate(method["rules"]) if rule["key"] == fired},
        )
        self.para(wording.method_adjustments(method))
        self.heading(_("Roadmap"), 2)
        self.para(wording.method_roadmap(d["advice"]))
        framework = d["framework"]
        self.para(
            _(
                "Question bank: %(title)s, version %(version)s, fingerprint %(fingerprint)s. "
                "Assessment created %(created)s. Report v%(number)s requested by %(by)s on "
                "%(when)s; prepared by %(practice)s."
            )
            % {
                "title": framework["title"],
                "version": framework["version"],
                "fingerprint": framework["sha256"][:16],
                "created": _date(d["assessment_created"]),
                "number": d["report_number"],
                "by": d["requested_by"] or "–",
                "when": _date(d["requested_at"], True),
                "practice": self.look.name,
            },
            style="Small",
        )


def _from(current: float | None) -> str:
    return _("no score") if current is None else _number(current)


def _delta_row(delta: dict[str, Any]) -> list:
    change = {
        "up": f"▲ +{delta['change']}",
        "down": f"▼ {delta['change']}",
        "unchanged": _("unchanged"),
    }.get(delta["direction"], "–")
    return [
        delta["title"],
        _number(delta["before"]),
        _number(delta["after"]),
        change,
    ]


def _dimension_meta(area: dict[str, Any], dimension: dict[str, Any]) -> str:
    score = dimension["score"]
    parts = [area["title"]]
    if score["score"] is not None:
        parts.append(
            _plain(_("score <strong>%(score)s</strong> (%(label)s)"))
            % {"score": _number(score["score"]), "label": score["label"]}
        )
    else:
        parts.append(_plain(_("score <strong>–</strong> (no answers)")))
    if score["raw_score"] is not None and score["raw_score"] != score["score"]:
        parts.append(_("%(raw)s before caps") % {"raw": _number(score["raw_score"])})
    if dimension["target"]:
        parts.append(_("target %(target)s") % {"target": _number(dimension["target"]["target"])})
    parts.append(f"{_('confidence')} {_percent(score['confidence'])}")
    parts.append(
        _("%(answered)s of %(total)s answered")
        % {"answered": dimension["answered"], "total": len(dimension["questions"])}
    )
    return " · ".join(parts)


def _answer_row(question: dict[str, Any]) -> list:
    if question["state"] == "answered":
        answer = [(Bold(question["state_label"]),), question["level_text"]]
    elif question["state"] == "na":
        answer = [(Bold(question["state_label"]),), _("Does not apply here")]
    else:
        answer = [(Bold(question["state_label"]),)]
    notes = []
    if question["note"]:
        notes.append((Bold(_("Note:") + " "), question["note"]))
    if question["evidence"]:
        notes.append((Bold(_("Evidence:") + " "), question["evidence"]))
    until, owner = question.get("evidence_valid_until"), question.get("evidence_owner")
    if until:
        until = wording.day(date.fromisoformat(until))
    if until or owner:
        if question.get("evidence_expired"):
            # the same sentence as the PDF's, its <strong> part set in bold here
            expired = _(
                "<strong>Evidence expired</strong> (valid until %(until)s): counts half towards "
                "confidence."
            ) % {"until": until}
            bold, _tag, rest = expired.removeprefix("<strong>").partition("</strong>")
            validity: tuple[str, ...] = (Bold(bold), rest)
        elif until:
            validity = (_("Evidence valid until %(until)s.") % {"until": until},)
        else:
            validity = ()
        kept = (" " + _("Kept current by %(owner)s.") % {"owner": owner},) if owner else ()
        notes.append(validity + kept)
    if question["answered_by"]:
        notes.append(_("Answered by %(name)s") % {"name": question["answered_by"]})
    return [question["text"], answer, notes or "–"]


# -- XML the python-docx API does not reach ------------------------------------------------


def _element(tag: str, **attributes: str):
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


class Bold(str):
    """A part of a paragraph set in bold."""


def _runs(paragraph, parts) -> None:
    """`parts`: a string (Bold or not) or a tuple of them, one run each."""
    for part in (parts,) if isinstance(parts, str) else parts:
        run = paragraph.add_run(text(part))
        if isinstance(part, Bold):
            run.bold = True


def _set_style(paragraph, style_id: str) -> None:
    paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = style_id


def _plain_font(style, name: str) -> None:
    """Set the font by name, dropping the theme font that would override it."""
    style.font.name = name
    fonts = style.element.rPr.rFonts
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)


def _row_rules(row, header: bool = False) -> None:
    """Never split the row across pages; repeat a header row on every page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.insert_element_before(
        _element("w:cantSplit"), "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc"
    )
    if header:
        tr_pr.insert_element_before(_element("w:tblHeader"), "w:tblCellSpacing", "w:jc")


def _widths(table, widths: list[float]) -> None:
    """Column widths in millimetres, on the grid (LibreOffice reads it) and every cell (Word)."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)


def _table_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(f"w:{edge}", val="single", sz="4", space="0", color=_hex(RULE)))
    table._tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"
    )


def _shade(cell, colour: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.insert_element_before(
        _element("w:shd", val="clear", color="auto", fill=_hex(colour)),
        "w:noWrap",
        "w:tcMar",
        "w:textDirection",
        "w:tcFitText",
        "w:vAlign",
        "w:hideMark",
    )


def _cell_left_rule(cell, colour: str) -> None:
    borders = OxmlElement("w:tcBorders")
    borders.append(_element("w:left", val="single", sz="24", space="0", color=_hex(colour)))
    for edge in ("top", "bottom", "right"):
        borders.append(_element(f"w:{edge}", val="nil"))
    cell._tc.get_or_add_tcPr().insert_element_before(
        borders, "w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:vAlign", "w:hideMark"
    )


def _field(paragraph, instruction: str, shown: str) -> None:
    """A simple field (PAGE, NUMPAGES) with the value shown until it is updated."""
    field = _element("w:fldSimple", instr=instruction)
    run = OxmlElement("w:r")
    value = OxmlElement("w:t")
    value.text = shown
    run.append(value)
    field.append(run)
    paragraph._p.append(field)


def _field_begin(paragraph, instruction: str) -> None:
    begin = OxmlElement("w:r")
    begin.append(_element("w:fldChar", fldCharType="begin", dirty="true"))
    code = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    code.append(instr)
    separate = OxmlElement("w:r")
    separate.append(_element("w:fldChar", fldCharType="separate"))
    for run in (begin, code, separate):
        paragraph._p.append(run)


def _field_end(paragraph) -> None:
    end = OxmlElement("w:r")
    end.append(_element("w:fldChar", fldCharType="end"))
    paragraph._p.append(end)
