"""TEMPORARY stand-in for assessor.branding until h-brand lands on main (same contract)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Brand:
    name: str
    primary: str
    accent: str
    footer_text: str
    contact_line: str
    cover_statement: str
    logo_png: bytes | None
    logo_svg: str | None


DEFAULT = Brand("", "#0b1f3a", "#1d4ed8", "Confidential", "", "", None, None)


def brand_from_snapshot(data):
    if not data:
        return DEFAULT
    return Brand(**{**DEFAULT.__dict__, **data})


class colours:  # noqa: N801
    @dataclass
    class TextOn:
        text: str

    @staticmethod
    def _lum(c):
        ch = []
        for i in (1, 3, 5):
            v = int(c[i : i + 2], 16) / 255
            ch.append(v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4)
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]

    @classmethod
    def ratio(cls, a, b):
        la, lb = sorted((cls._lum(a), cls._lum(b)), reverse=True)
        return (la + 0.05) / (lb + 0.05)

    @classmethod
    def text_on(cls, bg):
        white = cls.ratio(bg, "#ffffff") >= cls.ratio(bg, "#111827")
        return cls.TextOn("#ffffff" if white else "#111827")

    @classmethod
    def text_colour_on_paper(cls, c):
        return c if cls.ratio(c, "#ffffff") >= 4.5 else "#111827"
