"""What the Word report and the deck share: safe text, the brand, pictures.

python-docx and python-pptx escape `<`, `&` and `]]>` themselves (text goes
into the XML tree, never into markup), but XML 1.0 has no way to carry most
control characters: lxml refuses them and the render would fail. `text()`
drops them, so any note a user typed renders as the characters it has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import cairosvg
from django.conf import settings

from assessor.branding import colours
from assessor.branding.resolve import Brand, brand_from_snapshot

# Characters XML 1.0 cannot hold: C0 controls but tab, newline and carriage
# return; surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
MARK = Path(settings.BASE_DIR) / "static" / "img" / "mark.svg"


def text(value: Any) -> str:
    """`value` as text that fits in an XML document ("" for None)."""
    if value is None:
        return ""
    return _NOT_XML.sub("", str(value))


def rgb(colour: str) -> tuple[int, int, int]:
    """ "#RRGGBB" -> (r, g, b)."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def tint(colour: str, share: float) -> str:
    """`colour` mixed with white: share 0 is white, 1 the colour itself."""
    r, g, b = (round(255 - (255 - c) * share) for c in rgb(colour))
    return f"#{r:02x}{g:02x}{b:02x}"


@dataclass(frozen=True)
class Look:
    """The brand as a document uses it: colours that read, a name, a logo."""

    brand: Brand
    name: str  # who prepared the document
    primary: str  # bands, table heads, chart series "current"
    on_primary: str  # text on the primary colour
    accent: str  # second chart series, highlights
    on_accent: str
    heading: str  # headings on white paper
    logo_png: bytes

    @property
    def is_own_logo(self) -> bool:
        return self.brand.logo_png is not None


def look_of(snapshot: dict[str, Any]) -> Look:
    """The brand frozen into the report's snapshot when it was requested."""
    brand = brand_from_snapshot(snapshot.get("brand"))
    return Look(
        brand=brand,
        name=text(brand.name or snapshot.get("site_name") or settings.SITE_NAME),
        primary=brand.primary,
        on_primary=text_on(brand.primary),
        accent=brand.accent,
        on_accent=text_on(brand.accent),
        heading=colours.text_colour_on_paper(brand.primary),
        logo_png=brand.logo_png or own_mark_png(),
    )


def text_on(background: str) -> str:
    """White or ink, whichever reads better on `background`."""
    return colours.text_on(background).text


@cache
def own_mark_png() -> bytes:
    """Our mark, for documents of an installation without a logo of its own."""
    return svg_png(MARK.read_text(), width=256)


def svg_png(svg: str, *, width: int) -> bytes:
    """An SVG of ours (a chart, our mark) as a PNG `width` pixels wide.

    Only our own SVG comes here: charts are drawn by assessor/charts.py with
    every text escaped, and cairosvg is told not to fetch anything they
    might name (`unsafe=False` is its default: no external files or URLs).
    """
    return cairosvg.svg2png(bytestring=svg.encode(), output_width=width)
