"""Colour arithmetic for brand colours (pure): WCAG 2 contrast ratios.

A brand colour is a background that text sits on (the web header, the PDF
cover band, slide title bars). The text on it is white or our ink colour,
whichever reads better; a colour on which even the better one stays under
4.5:1 (WCAG AA for body text) is refused.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.utils.formats import number_format

HEX = re.compile(r"#[0-9a-fA-F]{6}")
WHITE = "#ffffff"
INK = "#111827"  # the app's and the reports' text colour
MIN_CONTRAST = 4.5


def normalize(value: str) -> str:
    """`#rrggbb` from `#rgb`, `#RRGGBB` or either without `#`; ValueError otherwise."""
    text = value.strip().lower()
    if not text.startswith("#"):
        text = "#" + text
    if re.fullmatch(r"#[0-9a-f]{3}", text):
        text = "#" + "".join(c * 2 for c in text[1:])
    if not HEX.fullmatch(text):
        raise ValueError(f"{value!r} is not a colour in the form #RRGGBB")
    return text


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of `#RRGGBB`, 0 (black) to 1 (white)."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two colours, 1 to 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def shown(ratio: float) -> str:
    """A ratio as people read it, never rounded up past a threshold: 4.4999 is
    "4.49:1" (in German and French "4,49:1")."""
    return f"{number_format(math.floor(ratio * 100) / 100, 2)}:1"


@dataclass(frozen=True)
class TextOn:
    """The text colour that reads best on a background, and how well."""

    background: str
    text: str
    ratio: float

    @property
    def readable(self) -> bool:
        return self.ratio >= MIN_CONTRAST


def text_on(background: str) -> TextOn:
    """White or ink on `background`, whichever contrasts more."""
    white, ink = contrast_ratio(background, WHITE), contrast_ratio(background, INK)
    return TextOn(background, WHITE, white) if white >= ink else TextOn(background, INK, ink)


def text_colour_on_paper(colour: str) -> str:
    """`colour` for headings on white paper when it reads there, else ink."""
    return colour if contrast_ratio(colour, WHITE) >= MIN_CONTRAST else INK
