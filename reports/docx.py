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
from datetime import datetime
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

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
    return "–" if value is None else f"{value:.{digits}f}"


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def _date(value: datetime, with_time: bool = False) -> str:
    return value.strftime("%-d %B %Y, %H:%M %Z" if with_time else "%-d %B %Y")


def _capfirst(value: str) -> str:
    return value[:1].upper() + value[1:]


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
            draft = header.add_run("  DRAFT")
            draft.bold = True
            draft.font.color.rgb = RGBColor.from_string(_hex(WARN))
        footer = section.footer.paragraphs[0]
        _set_style(footer, self.style_ids["Small"])
        footer.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
        footer_text = text(self.look.brand.footer_text)
        footer.add_run(f"{footer_text} · " if footer_text else "")
        footer.add_run(f"Prepared for {org}\tPage ")
        _field(footer, "PAGE", "1")
        footer.add_run(" of ")
        _field(footer, "NUMPAGES", "1")
        props = self.doc.core_properties
        props.title = text(
            f"DevOps & MLOps readiness report: {self.d['organization']['name']} – "
            f"{self.d['assessment']['title']}"
        )[:250]
        props.author = self.look.name
        props.subject = "DevOps and MLOps readiness assessment"
        props.keywords = "DevOps, MLOps, readiness assessment, maturity, roadmap"
        props.created = props.modified = self.d["requested_at"]
        props.comments = f"Report v{self.d['report_number']}"

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
        if d["is_draft"]:
            self.para(Bold(f"Draft · assessment {d['assessment']['status'].lower()}"))
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
            ("Normal", "DEVOPS & MLOPS READINESS REPORT", True),
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
            ["Date", _date(d["requested_at"])],
            ["Facilitator", d["assessment"]["facilitator"] or "–"],
            ["Scope", d["assessment"]["scope"]],
            [
                "Report version",
                f"v{d['report_number']}"
                + (
                    f" · assessment {d['assessment']['status'].lower()}"
                    if d["assessment"]["status"] != "Completed"
                    else ""
                ),
            ],
            ["Question bank", f"{d['framework']['title']}, version {d['framework']['version']}"],
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
            f"Prepared for {d['organization']['name']} by ",
            Bold(look.name),
            f". This report reflects the answers recorded on {_date(d['requested_at'], True)}; "
            "later changes to the assessment appear only in a new version.",
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
        first.add_run("Contents")
        entries = [(1, title) for title in self._section_titles()]
        paragraphs = [self.add(f"toc {level}") for level, _ in entries]
        _field_begin(paragraphs[0], 'TOC \\o "1-2" \\h \\z \\u')
        for paragraph, (_, title) in zip(paragraphs, entries, strict=True):
            paragraph.add_run(text(title))
        _field_end(paragraphs[-1])
        self.doc.settings.element.append(_element("w:updateFields", val="true"))
        d = self.d
        self.heading("About this report", 2)
        self.para(
            f"{d['organization']['name']} assessed its software delivery (DevOps) and its "
            f"machine learning lifecycle (MLOps) on {d['question_count']} observable practices "
            f"in {len(d['practice_areas'])} practice areas; {d['answered_count']} of them were "
            f"answered with a level. {wording.ABOUT_SCALE}"
        )
        self.para(
            "MLOps extends DevOps automation to data, training, validation, deployment, "
            "monitoring and retraining. The question is therefore not whether DevOps or MLOps, "
            "but in which order to invest: this report says where the organization stands on "
            "both, which path it should take and what to do "
            f"{wording.horizon(d['advice'])}."
        )

    def _section_titles(self) -> list[str]:
        d = self.d
        titles = ["Executive summary"]
        if d["progress"]:
            titles.append(f"Progress since {_date(d['progress_since'])}")
        if d.get("plan"):
            titles.append("What the plan achieved")
        titles += ["Where you stand: DevOps and MLOps", "Gap analysis"]
        if d["advice"].get("dora") or d["advice"].get("reference_levels"):
            titles.append(
                "Delivery performance profile" if d["advice"].get("dora") else "Reference levels"
            )
        titles.append("Phased roadmap")
        titles.append("Answers by practice area")
        if d["expired_evidence"]:
            titles.append("Expired evidence")
        if d["disagreements"]:
            titles.append("Appendix: where the team disagreed")
        titles.append("Appendix: methodology")
        return titles

    def summary(self) -> None:
        d, advice = self.d, self.d["advice"]
        self.heading("Executive summary", 1)
        self.callout(
            [Bold(advice["path"]["title"]), advice["path"]["summary"]],
            colour=self.look.primary,
            fill=office.tint(self.look.primary, 0.08),
            label="Recommended path",
        )
        if advice["path"]["provisional"]:
            self.callout(
                ["This path rests on incomplete answers and may change once they are given:"]
                + [f"• {_capfirst(reason)}." for reason in advice["path"]["provisional"]],
                colour=WARN,
                fill="#fff7e6",
                label="Provisional",
            )
        rows = []
        for area in d["area_list"]:
            score = area["score"]
            if score and score["score"] is not None:
                value = f"{score['score']:.1f} / 4"
                sub = f"{score['label']} · {score['percent']}% of the scale"
            else:
                value, sub = "–", "no answers yet"
            caps = ""
            if score and score["raw_index"] is not None and score["raw_index"] != score["index"]:
                caps = f" · {score['raw_index']:.1f} before prerequisite caps"
            confidence = _percent(score["confidence"] if score else None)
            rows.append([(Bold(f"{area['title']} index"),), (Bold(value),), sub, confidence + caps])
        self.table(["Index", "Score", "Maturity", "Confidence"], rows, [40, 25, 55, 50])
        self.heading("Why this path", 2)
        self.para(wording.RULES)
        fired = d["fired_rule"]
        if fired:
            self.callout(
                [
                    (Bold("Decisive rule: "), f"{_capfirst(fired['description'])}."),
                    f"Because: {fired['rationale']}.",
                ],
                colour=GOOD,
                fill="#ecfdf3",
            )
        if d["skipped_rules"]:
            self.para("Rules checked before it that did not apply:", style="Small")
            self.bullets(
                [
                    (Bold(_capfirst(rule["description"])), f": no, {rule['rationale']}.")
                    for rule in d["skipped_rules"]
                ]
            )
        if d["applied_modifiers"]:
            self.heading("What adjusts the plan", 2)
            self.bullets([f"{_capfirst(m['rationale'])}." for m in d["applied_modifiers"]])
        self.heading("What we heard", 2)
        heard = [[item["question"], item["answer"] or "Not answered"] for item in d["context"]]
        organization = d["organization"]
        heard.append(
            [
                "Regulated organization",
                ("yes" if organization["regulated"] else "no")
                + (f" · {organization['industry']}" if organization["industry"] else ""),
            ]
        )
        self.table(["Question", "Answer"], heard, [110, 60])
        phases = advice["phases"]
        if phases and phases[0]["items"]:
            first = phases[0]
            self.heading(f"First {first['end_month']} months: {first['title']}", 2)
            self.bullets(
                [
                    (
                        Bold(item["title"]),
                        f": from {_from(item['current'])} to {_number(item['target'])}",
                    )
                    for item in first["items"]
                ]
            )
        if d["quick_wins"]:
            self.heading("Quick wins", 2)
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
                    f"This is a draft: how far {d['organization']['name']} has moved since "
                    f"“{pending['since_title']}” ({_date(d['progress_since'])}) is reported once "
                    "this assessment is completed, when its answers are final."
                ],
                colour=WARN,
                fill="#fff7e6",
            )
        progress = d["progress"]
        if not progress:
            return
        self.heading(f"Progress since {_date(d['progress_since'])}", 1)
        changed = progress["changed_answers"]
        left_out = progress["left_out_questions"]
        self.para(
            f"Compared with “{progress['since_title']}”: {changed} answer"
            f"{'' if changed == 1 else 's'} changed"
            + (
                f"; {left_out} question{'' if left_out == 1 else 's'} asked in only one of the "
                f"two assessments {'is' if left_out == 1 else 'are'} left out"
                if left_out
                else ""
            )
            + "."
        )
        self.table(
            ["Index", "Then", "Now", "Change"],
            [_delta_row(delta) for delta in progress["areas"]],
            [70, 30, 30, 40],
            numeric=(1, 2, 3),
        )
        self.para(
            Bold("Recommendation then: "),
            f"{progress['path_before']}. ",
            Bold("Now: "),
            f"{progress['path_after']}.",
        )
        self.chart(self.charts["trend_chart"], "DevOps and MLOps indices over time.")
        self.heading("Practice areas", 2)
        self.table(
            ["Practice area", "Then", "Now", "Change"],
            [_delta_row(delta) for delta in progress["dimensions"]],
            [100, 20, 20, 30],
            numeric=(1, 2, 3),
        )
        if progress["done"]:
            self.heading("Roadmap items now done", 2)
            self.bullets(
                [
                    (
                        Bold(item["title"]),
                        f" reached {item['reached']} (target {item['target']:.1f}).",
                    )
                    for item in progress["done"]
                ]
            )

    def standing(self) -> None:
        d = self.d
        self.heading("Where you stand: DevOps and MLOps", 1)
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
            ["Area", "Index", "Maturity", "Before caps", "Confidence", "Weakest practice"],
            rows,
            [22, 16, 24, 23, 24, 61],
            numeric=(1, 3, 4),
        )
        self.chart(self.charts["radar"], wording.RADAR_CAPTION)
        if d["capped"]:
            self.heading("Held back by prerequisites", 2)
            self.table(
                ["Practice area", "Raw", "Capped at", "Why"],
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
        self.heading("Current and target maturity", 2)
        self.chart(self.charts["bars"], wording.BARS_CAPTION, width_mm=160)

    def gaps(self) -> None:
        d = self.d
        self.heading("Gap analysis", 1)
        self.para(wording.GAPS)
        if d["gaps"]:
            self.table(
                ["#", "Practice area", "Area", "Current", "Target", "Gap", "Weight", "Priority"],
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
                    "Still below target after the last phase of the roadmap: "
                    f"{', '.join(d['unfinished'])}. These need a follow-up plan at the next review."
                ],
                colour=WARN,
                fill="#fff7e6",
            )

    def delivery_profile(self) -> None:
        advice = self.d["advice"]
        profile = advice.get("dora")
        if profile:
            self.heading("Delivery performance profile", 1)
            self.para(wording.DORA)
            if profile["cluster"]:
                self.para(Bold(f"Closest cluster: {_capfirst(profile['cluster'])}"))
            self.para(f"{_capfirst(profile['meaning'])}.")
            self.table(
                ["Key", "What the team told us", "Cluster"],
                [
                    [
                        (Bold(m["title"]),),
                        m["answer"] if m["level"] is not None else "not answered",
                        _capfirst(m["cluster"] or "–"),
                    ]
                    for m in profile["metrics"]
                ],
                [45, 105, 20],
            )
            self.para(
                "Clusters, rounded from the State of DevOps reports (2023–2024): "
                + "; ".join(f"{cluster}: {meaning}" for cluster, meaning in profile["scale"])
                + f". {wording.DORA_RULE}",
                style="Small",
            )
        if advice.get("reference_levels"):
            self.heading("Reference levels", 1 if not profile else 2)
            self.para(
                "Where the answers place the organization on two public MLOps maturity models, "
                "by fixed rules on the practice scores"
                + ("; provisional, like the path." if advice["path"]["provisional"] else ".")
            )
            self.bullets(
                [
                    (
                        Bold(f"{r['reference']} {r['level']} of {r['top']}: {r['name']}. "),
                        r["reason"],
                    )
                    for r in advice["reference_levels"]
                ]
            )

    def roadmap(self) -> None:
        advice = self.d["advice"]
        self.heading("Phased roadmap", 1)
        self.para(wording.ROADMAP)
        self.chart(self.charts["timeline"], "")
        if advice["discovery"]:
            self.heading("Phase 1 starts by finding out", 2)
            self.para(wording.DISCOVERY, style="Small")
            for item in advice["discovery"]:
                self.bullets([(Bold(item["title"]), f": {item['detail']}.")])
                self.bullets(item["questions"], style="List Bullet 2")
        for phase in advice["phases"]:
            self.heading(
                f"Phase {phase['number']}: {phase['title']} "
                f"(months {phase['start_month']}–{phase['end_month']})",
                2,
            )
            if not phase["items"]:
                self.para(wording.EMPTY_PHASE, style="Small")
                continue
            self.table(
                ["Practice area", "From → to", "Next steps", "Months"],
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
        self.heading("What the plan achieved", 1)
        done, dropped = plan["done"], plan["dropped"]
        since = _date(datetime.fromisoformat(plan["since_date"]))
        self.para(
            f"The improvement plan's work since “{plan['since_title']}” was completed "
            f"({since}): {len(done)} action{'' if len(done) == 1 else 's'} done, "
            f"{len(dropped)} dropped"
            + (
                f", {plan['still_open']} still open on this assessment's plan"
                if plan["still_open"]
                else ""
            )
            + "."
        )
        if plan["provisional"]:
            self.callout(
                ["This assessment is not completed yet: the practice area scores below may "
                 "still change."],
                colour=WARN,
                fill="#fff7e6",
            )  # fmt: skip
        areas = plan["moved"] + plan["not_moved"]
        if areas:
            self.table(
                ["Practice area", "Actions done", "Then", "Now", "Outcome"],
                [
                    [
                        (Bold(a["title"]),),
                        str(a["done"]),
                        _number(a["before"]),
                        _number(a["after"]),
                        f"moved ▲ +{a['change']}"
                        if a["moved"]
                        else "not moved"
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
            ("Actions done", done, "Done on"),
            ("Actions dropped", dropped, "Dropped on"),
        ):
            if not actions:
                continue
            self.heading(title, 2)
            self.table(
                ["Action", "Practice area", "Owner" if actions is done else "Why", last],
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
            self.para("No action of the plan was done or dropped in this time.", style="Small")

    def answers(self) -> None:
        d = self.d
        self.heading("Answers by practice area", 1)
        levels = ", ".join(f"{s['level']} {s['label'].lower()}" for s in d["scale"])
        self.para(f"{wording.ANSWERS} Levels: {levels}.")
        for area in d["area_list"]:
            self.heading(area["title"], 2)
            for dimension in area["dimensions"]:
                self.heading(dimension["title"], 3)
                self.para(_dimension_meta(area, dimension), style="Small")
                self.table(
                    ["Question", "Answer", "Notes and evidence"],
                    [_answer_row(q) for q in dimension["questions"]],
                    [66, 58, 46],
                )

    def expired_evidence(self) -> None:
        d = self.d
        expired = d["expired_evidence"]
        if not expired:
            return
        self.heading("Expired evidence", 1)
        many = len(expired) != 1
        self.para(
            f"{len(expired)} answer{'s' if many else ''} rest{'' if many else 's'} on evidence "
            f"whose valid-until day had passed on {_date(d['evidence_as_of'])}. "
            f"{d['method'].get('evidence_rule', '')}"
        )
        self.table(
            ["Question", "Answer", "Evidence", "Kept current by", "Valid until"],
            [
                [
                    [e["question"], e["section"]],
                    e["answer"],
                    e["evidence"] or "–",
                    e["owner"] or "nobody named",
                    e["valid_until"].strftime("%-d %b %Y"),
                ]
                for e in expired
            ],
            [58, 22, 40, 28, 22],
        )

    def disagreements(self) -> None:
        d = self.d
        if not d["disagreements"]:
            return
        self.heading("Appendix: where the team disagreed", 1)
        self.para(wording.DISAGREEMENTS)
        for summary in d["disagreements"]:
            self.heading(summary["text"], 3)
            self.table(
                [bar["label"] for bar in summary["bars"]],
                [[str(bar["count"]) for bar in summary["bars"]]],
                [170 / len(summary["bars"])] * len(summary["bars"]),
                numeric=tuple(range(len(summary["bars"]))),
            )
            facts = f"{summary['count']} vote{'' if summary['count'] == 1 else 's'}"
            if summary["unknown"]:
                facts += f" ({summary['unknown']} don’t know)"
            if summary["median"] is not None:
                facts += f" · median {summary['median']:g} · spread {summary['spread']}"
            if summary["reasons"]:
                facts += f" · disagreement: {'; '.join(summary['reasons'])}"
            self.para(facts, style="Small")
            if summary["provenance"]:
                self.para(summary["provenance"], style="Small")
            self.bullets(
                [
                    f"{'Level ' + str(c['level']) if c['level'] is not None else 'Don’t know'}: "
                    f"“{c['text']}”"
                    for c in summary["comments"]
                ]
            )

    def method(self) -> None:
        d, method = self.d, self.d["method"]
        self.heading("Appendix: methodology", 1)
        self.heading("The scale", 2)
        self.para(wording.METHOD_SCALE)
        self.table(
            ["Level", "Name", "In short"],
            [[(Bold(str(s["level"])),), s["label"], s["summary"]] for s in d["scale"]],
            [15, 30, 125],
            numeric=(0,),
        )
        if d["framework"]["scoring_rule"]:
            self.heading("How a level is picked", 2)
            self.para(d["framework"]["scoring_rule"])
        self.heading("Scores and confidence", 2)
        self.para(wording.METHOD_SCORES)
        if method.get("evidence_rule"):
            self.heading("Evidence that ages", 2)
            self.para(
                f"{method['evidence_rule']} Evidence was aged as of "
                f"{_date(d['evidence_as_of'])}, the day this report was requested."
            )
        if method["na_guidance"]:
            self.heading("When “not applicable” is a legitimate answer", 3)
            self.table(
                ["Question", "N/A is right when"],
                [[row["question"], row["guidance"]] for row in method["na_guidance"]],
                [85, 85],
            )
        self.heading("Weights", 2)
        self.table(
            ["Practice area", "Area", "Weight", "Questions", "Builds on"],
            [
                [
                    dimension["title"],
                    dimension["area_title"],
                    _number(dimension["weight"], 2),
                    str(len(dimension["questions"])),
                    "; ".join(
                        f"{p['title']} at level {p['min_level']}"
                        for p in dimension["prerequisites"]
                    )
                    or "–",
                ]
                for dimension in d["practice_areas"]
            ],
            [53, 17, 17, 23, 60],
            numeric=(2, 3),
        )
        self.heading("Gating", 2)
        self.para(wording.METHOD_GATING)
        self.heading("Decision rules", 2)
        self.para(wording.method_rules(method))
        fired = d["fired_rule"]["rule"] if d["fired_rule"] else None
        self.table(
            ["#", "When", "Path", "Here"],
            [
                [
                    str(n),
                    _capfirst(rule["description"]),
                    rule["outcome_title"],
                    "decided"
                    if rule["key"] == fired
                    else "did not apply"
                    if rule["key"] in d["skipped_keys"]
                    else "not reached",
                ]
                for n, rule in enumerate(method["rules"], 1)
            ],
            [8, 93, 43, 26],
            numeric=(0,),
            highlight={n for n, rule in enumerate(method["rules"]) if rule["key"] == fired},
        )
        self.para(wording.method_adjustments(method))
        self.heading("Roadmap", 2)
        self.para(wording.method_roadmap(d["advice"]))
        framework = d["framework"]
        self.para(
            f"Question bank: {framework['title']}, version {framework['version']}, fingerprint "
            f"{framework['sha256'][:16]}. Assessment created "
            f"{_date(d['assessment_created'])}. Report v{d['report_number']} requested by "
            f"{d['requested_by'] or '–'} on {_date(d['requested_at'], True)}; prepared by "
            f"{self.look.name}.",
            style="Small",
        )


def _from(current: float | None) -> str:
    return "no score" if current is None else _number(current)


def _delta_row(delta: dict[str, Any]) -> list:
    change = {
        "up": f"▲ +{delta['change']}",
        "down": f"▼ {delta['change']}",
        "unchanged": "unchanged",
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
        parts.append(f"score {score['score']:.1f} ({score['label']})")
    else:
        parts.append("score – (no answers)")
    if score["raw_score"] is not None and score["raw_score"] != score["score"]:
        parts.append(f"{score['raw_score']:.1f} before caps")
    if dimension["target"]:
        parts.append(f"target {dimension['target']['target']:.1f}")
    parts.append(f"confidence {_percent(score['confidence'])}")
    parts.append(f"{dimension['answered']} of {len(dimension['questions'])} answered")
    return " · ".join(parts)


def _answer_row(question: dict[str, Any]) -> list:
    if question["state"] == "answered":
        answer = [(Bold(question["state_label"]),), question["level_text"]]
    elif question["state"] == "na":
        answer = [(Bold(question["state_label"]),), "Does not apply here"]
    else:
        answer = [(Bold(question["state_label"]),)]
    notes = []
    if question["note"]:
        notes.append((Bold("Note: "), question["note"]))
    if question["evidence"]:
        notes.append((Bold("Evidence: "), question["evidence"]))
    until, owner = question.get("evidence_valid_until"), question.get("evidence_owner")
    if until or owner:
        if question.get("evidence_expired"):
            validity = (
                Bold("Evidence expired"),
                f" (valid until {until}): counts half towards confidence.",
            )
        elif until:
            validity = (f"Evidence valid until {until}.",)
        else:
            validity = ()
        notes.append(validity + ((f" Kept current by {owner}.",) if owner else ()))
    if question["answered_by"]:
        notes.append(f"Answered by {question['answered_by']}")
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
