"""Logo uploads: checked, cleaned and turned into what the documents embed.

Whatever is uploaded, what we keep is inert:
- PNG and JPEG are recognised by their content (never by the file name),
  their pixel size is read from the header and checked *before* the pixels
  are decoded (a 100 kB file can claim a gigapixel: a decompression bomb),
  then decoded and re-encoded as a fresh PNG, which drops metadata, trailing
  data and anything hidden in a polyglot file.
- SVG must be UTF-8 XML without entity declarations (the door to billion-
  laughs and external-entity attacks). Our own allow-list pass removes what
  the two server-side renderers, WeasyPrint and resvg, could run or fetch
  (for them even a path-only reference names a file on the server): every
  `href`/`url()` that is not a fragment inside the file, scripts, event
  handlers, foreign content, `<image>`, animations, `@import` and other
  at-rules. svg-hush (a sanitizer made for SVG) then goes over the result as
  a second opinion, our pass runs once more on its output, and
  `assert_inert` checks the final text afresh: a file that still holds a
  reference is refused, never stored. The cleaned SVG is
  rasterized (resvg) into the PNG that Word and PowerPoint files embed.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import warnings
import xml.etree.ElementTree as ET  # noqa: S405 - parses svg-hush's output, which has no DTD
from dataclasses import dataclass, field

import py_svg_hush
import resvg_py
import tinycss2
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

SVG_NS = "http://www.w3.org/2000/svg"
XML_NS = "http://www.w3.org/XML/1998/namespace"  # xml:space, xml:lang

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
# The stored PNG fits into this box: sharp in a document, small in a .pptx.
RASTER_BOX = 1024
# More elements than any logo needs; keeps a hostile file from stalling resvg.
MAX_SVG_ELEMENTS = 5000
# Letters of text, more than any logo's words: resvg took 9.6 s to draw 50,000.
MAX_SVG_TEXT = 5000
# Never drawn server-side (a picture inside, timing, interaction); a static
# logo needs none of them.
DROPPED_ELEMENTS = {
    "script",
    "foreignObject",
    "image",
    "feImage",
    "animate",
    "animateMotion",
    "animateTransform",
    "animateColor",
    "set",
    "discard",
    "a",  # unwrapped: its children stay, the link goes
    # Filter effects: drawing them at the raster size can take minutes (one
    # feTurbulence of 100 octaves, or twenty blurs), a worker held by a 2 kB upload.
    "filter",
    "iframe",
    "video",
    "audio",
    "canvas",
}
# CSS functions that fetch something.
FETCHING_FUNCTIONS = {"url", "image", "image-set", "-webkit-image-set", "cross-fade", "element"}


def _number(value: int) -> str:
    """1,024 in English, 1.024 in German: the reader's own digit grouping."""
    return number_format(value, force_grouping=True)


class LogoRefused(ValueError):
    """The upload is not a logo we can use; the message says why, for the form."""


@dataclass(frozen=True)
class Logo:
    png: bytes
    svg: str | None
    width: int  # of the PNG
    height: int
    notes: list = field(default_factory=list)  # what the cleaning removed, in words

    @property
    def sha256(self) -> str:
        digest = hashlib.sha256(self.png)
        digest.update((self.svg or "").encode())
        return digest.hexdigest()


def max_bytes() -> int:
    return settings.BRAND_LOGO_MAX_KB * 1024


def max_side() -> int:
    return settings.BRAND_LOGO_MAX_SIDE


def process_logo(data: bytes) -> Logo:
    """The upload as a stored logo, or LogoRefused with the reason."""
    if len(data) > max_bytes():
        raise LogoRefused(
            _("The file has %(size)s KB; a logo may have at most %(limit)s KB.")
            % {"size": _number(len(data) // 1024), "limit": _number(settings.BRAND_LOGO_MAX_KB)}
        )
    if not data:
        raise LogoRefused(_("The file is empty."))
    if data.startswith(PNG_MAGIC) or data.startswith(JPEG_MAGIC):
        return _raster(data)
    if _looks_like_svg(data):
        return _svg(data)
    raise LogoRefused(
        _(
            "This file is not a PNG, JPEG or SVG image (whatever its name says). "
            "Export the logo as one of these and upload it again."
        )
    )


# -- PNG and JPEG ---------------------------------------------------------------------------


def _raster(data: bytes) -> Logo:
    limit = max_side()
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check warns first; for us it is a refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ("PNG", "JPEG"):
                raise LogoRefused(_("Only PNG and JPEG pictures are accepted (or SVG)."))
            width, height = image.size
            # Checked from the header, before a single pixel is decoded.
            if width > limit or height > limit:
                raise LogoRefused(
                    _(
                        "The picture is %(width)s × %(height)s pixels; a logo may be at most "
                        "%(limit)s pixels wide and high."
                    )
                    % {"width": _number(width), "height": _number(height), "limit": _number(limit)}
                )
            # Chunk by chunk with checksums, still without decoding: a cut or
            # damaged PNG is refused whatever ImageFile.LOAD_TRUNCATED_IMAGES
            # says (WeasyPrint turns it on for the whole process).
            image.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except LogoRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise LogoRefused(_("The picture claims far more pixels than a logo has.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise LogoRefused(
            _("The picture cannot be read: the file is damaged or not a picture.")
        ) from None
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail((RASTER_BOX, RASTER_BOX), Image.Resampling.LANCZOS)
    return Logo(png=_png_bytes(image), svg=None, width=image.width, height=image.height)


def _png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


# -- SVG ------------------------------------------------------------------------------------

SVG_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*(?:\[.*?\])?>\s*)*<svg\b", re.S
)


def _looks_like_svg(data: bytes) -> bool:
    head = data.removeprefix(b"\xef\xbb\xbf")[:4096]
    return bool(SVG_START.match(head))


# What the original held that the cleaning takes out, to tell the uploader.
REMOVABLE = [
    (gettext_lazy("scripts"), re.compile(rb"<script\b", re.I)),
    (gettext_lazy("event handlers (onload=, onclick=...)"), re.compile(rb"\son[a-z]+\s*=", re.I)),
    (gettext_lazy("embedded HTML (foreignObject)"), re.compile(rb"<foreignObject\b", re.I)),
    (gettext_lazy("embedded or linked pictures"), re.compile(rb"<(?:image|feImage)\b", re.I)),
    (
        _("links and references to other files or addresses"),
        re.compile(rb"""href\s*=\s*["'](?!#)""", re.I),
    ),
    (
        _("style sheet imports and URLs (@import, url())"),
        re.compile(rb"@import|url\(\s*['\"]?(?!#)", re.I),
    ),
    (gettext_lazy("animations"), re.compile(rb"<(?:animate\w*|set)\b", re.I)),
    (
        gettext_lazy("filter effects (shadows, blurs)"),
        re.compile(rb"<filter\b|\bfilter\s*[:=]", re.I),
    ),
]


XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")


def _svg(data: bytes) -> Logo:
    try:
        text = XML_DECLARATION.sub("", data.decode("utf-8"), count=1)
    except UnicodeDecodeError:
        raise LogoRefused(_("The SVG is not UTF-8 text; export it again as plain SVG.")) from None
    if re.search(r"<!ENTITY", text, re.I):
        # The way to billion-laughs and external-entity attacks; no logo needs one.
        raise LogoRefused(_("The SVG declares XML entities; export it again as plain SVG."))
    root = _parse(text)
    _clean(root)
    # svg-hush, a sanitizer made for SVG, goes over our result as a second
    # opinion; its output gets our pass again (it may leave path-only URLs).
    try:
        hushed = py_svg_hush.filter_svg(_serialize(root).encode())
    except ValueError:
        raise LogoRefused(_("The SVG cannot be read after cleaning.")) from None
    root = _parse(hushed.decode("utf-8"))
    _clean(root)
    width, height = _svg_size(root)
    clean = _serialize(root)
    assert_inert(clean)
    scale = RASTER_BOX / max(width, height)
    target_w, target_h = max(1, round(width * scale)), max(1, round(height * scale))
    try:
        png = resvg_py.svg_to_bytes(
            svg_string=clean,
            width=target_w,
            height=target_h,
            resources_dir=None,
            # The fonts WeasyPrint uses too (fonts-dejavu-core), for generic names.
            font_family="DejaVu Sans",
            sans_serif_family="DejaVu Sans",
            serif_family="DejaVu Serif",
        )
    except ValueError:
        raise LogoRefused(_("The SVG cannot be drawn; export it again as plain SVG.")) from None
    image = Image.open(io.BytesIO(png))
    notes = [what for what, pattern in REMOVABLE if pattern.search(data)]
    return Logo(png=png, svg=clean, width=image.width, height=image.height, notes=notes)


def _parse(text: str) -> ET.Element:
    text = XML_DECLARATION.sub("", text, count=1)
    try:
        # No entity is declared (checked): expat expands nothing and loads no DTD.
        root = ET.fromstring(text)  # noqa: S314
    except ET.ParseError:
        raise LogoRefused(
            _("The SVG cannot be read: it is not well-formed XML. Export it again as plain SVG.")
        ) from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise LogoRefused(_("The file is XML but not an SVG image."))
    if sum(1 for _ in root.iter()) > MAX_SVG_ELEMENTS:
        raise LogoRefused(
            _("The SVG has more than %(count)s elements; simplify it.")
            % {"count": _number(MAX_SVG_ELEMENTS)}
        )
    if _letters(root) > MAX_SVG_TEXT:
        raise LogoRefused(
            _("The SVG has more than %(count)s characters of text; a logo needs a few words.")
            % {"count": _number(MAX_SVG_TEXT)}
        )
    return root


def _letters(root: ET.Element) -> int:
    """Characters of text, not counting whitespace (indentation) nor style sheets."""
    return sum(
        len("".join(part.split()))
        for element in root.iter()
        for part in (None if _local(str(element.tag)) == "style" else element.text, element.tail)
        if part
    )


def _serialize(root: ET.Element) -> str:
    """The cleaned tree as SVG text, every element in the SVG namespace (the
    cleaning removed all others). Written with plain tag names and one xmlns
    rather than through ElementTree's prefix registry, which is global and
    shared (WeasyPrint re-registers the default prefix when imported)."""
    copy = copy_tree(root)
    for element in copy.iter():
        element.tag = _local(element.tag)
    copy.set("xmlns", SVG_NS)
    return ET.tostring(copy, encoding="unicode")


def copy_tree(root: ET.Element) -> ET.Element:
    return ET.fromstring(ET.tostring(root))  # noqa: S314 - our own serialization


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _clean(parent: ET.Element) -> None:
    """Our pass over svg-hush's output, in place (see the module's docstring)."""
    for child in list(parent):
        if not isinstance(child.tag, str):
            parent.remove(child)  # comments, processing instructions
            continue
        in_svg = child.tag.startswith(f"{{{SVG_NS}}}")
        name = _local(child.tag)
        if not in_svg or name in DROPPED_ELEMENTS:
            index = list(parent).index(child)
            parent.remove(child)
            if in_svg and name == "a":
                # Keep what the link showed.
                for offset, grandchild in enumerate(list(child)):
                    parent.insert(index + offset, grandchild)
                _clean(parent)
                return
            continue
        if name == "style":
            child.text = clean_stylesheet(child.text or "")
            for grandchild in list(child):
                child.remove(grandchild)
        _clean_attributes(child)
        _clean(child)
    if parent.tag == f"{{{SVG_NS}}}svg":
        _clean_attributes(parent)


def _clean_attributes(element: ET.Element) -> None:
    for name, value in list(element.attrib.items()):
        local = _local(name)
        foreign = name.startswith("{") and not name.startswith(f"{{{XML_NS}}}")
        if local.lower().startswith("on") or (foreign and local != "href") or local == "filter":
            # Handlers, editor metadata (inkscape:, sodipodi:...), filter effects.
            del element.attrib[name]
        elif local == "href":
            del element.attrib[name]
            if value.strip().startswith("#"):
                # Plain `href` (SVG 2): no xlink prefix needed when serialized.
                element.set("href", value.strip())
        elif local == "style":
            cleaned = clean_declarations(value)
            if cleaned:
                element.set(name, cleaned)
            else:
                del element.attrib[name]
        elif _fetches(tinycss2.parse_component_value_list(value)):
            del element.attrib[name]


def clean_stylesheet(css: str) -> str:
    """A `<style>` sheet without at-rules (@import, @font-face...) and without
    declarations that fetch something."""
    rules = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue  # at-rules and parse errors
        body = clean_declarations(tinycss2.serialize(rule.content))
        rules.append(f"{tinycss2.serialize(rule.prelude).strip()}{{{body}}}")
    return "".join(rules)


def clean_declarations(css: str) -> str:
    kept = []
    for decl in tinycss2.parse_declaration_list(css, skip_comments=True, skip_whitespace=True):
        if decl.type != "declaration" or decl.lower_name == "filter" or _fetches(decl.value):
            continue
        important = " !important" if decl.important else ""
        kept.append(f"{decl.name}:{tinycss2.serialize(decl.value).strip()}{important}")
    return ";".join(kept)


def _fetches(tokens) -> bool:
    """Whether CSS tokens name anything but a fragment of this very file."""
    for token in tokens:
        if token.type == "url" and not token.value.strip().startswith("#"):
            return True
        if token.type == "function":
            if token.lower_name == "url":
                args = [t for t in token.arguments if t.type not in ("whitespace", "comment")]
                if not (
                    len(args) == 1 and args[0].type == "string" and args[0].value.startswith("#")
                ):
                    return True
            elif token.lower_name in FETCHING_FUNCTIONS or _fetches(token.arguments):
                return True
        if token.type in ("() block", "[] block", "{} block") and _fetches(token.content):
            return True
        if token.type == "at-keyword":
            return True
    return False


LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px|pt|mm|cm|in|pc)?\s*$")


def _svg_size(root: ET.Element) -> tuple[float, float]:
    """Width and height to draw at: the viewBox's proportions, else width/height."""
    box = root.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        try:
            width, height = float(box[2]), float(box[3])
        except ValueError:
            width = height = 0
        # float() reads "inf" and "1e999" as infinity, which scales to NaN pixels.
        if 0 < width < math.inf and 0 < height < math.inf:
            return width, height
    w, h = LENGTH.match(root.get("width", "")), LENGTH.match(root.get("height", ""))
    if w and h and float(w.group(1)) > 0 and float(h.group(1)) > 0:
        width, height = float(w.group(1)), float(h.group(1))
        # Scalable in the header and on the cover.
        root.set("viewBox", f"0 0 {width:g} {height:g}")
        return width, height
    raise LogoRefused(
        _("The SVG says neither its viewBox nor its width and height, so it cannot be scaled.")
    )


def assert_inert(svg: str) -> None:
    """Refuse a cleaned SVG that still holds anything active or external.

    Checks the serialized text afresh, independently of how it was cleaned."""
    if re.search(r"<!DOCTYPE|<!ENTITY", svg, re.I):
        raise LogoRefused(_("The SVG still declares a DTD or entities; it is not stored."))
    root = ET.fromstring(svg)  # noqa: S314 - no DTD (checked above)
    for element in root.iter():
        name = _local(element.tag)
        if not element.tag.startswith(f"{{{SVG_NS}}}") or name in DROPPED_ELEMENTS:
            raise LogoRefused(
                _("The SVG still contains <%(name)s> after cleaning; it is not stored.")
                % {"name": name}
            )
        for attribute, value in element.attrib.items():
            local = _local(attribute)
            if local.lower().startswith("on"):
                raise LogoRefused(_("The SVG still contains an event handler; it is not stored."))
            if local == "href" and not value.startswith("#"):
                raise LogoRefused(_("The SVG still links to another file; it is not stored."))
            if _fetches(tinycss2.parse_component_value_list(value)):
                raise LogoRefused(_("The SVG still refers to another file; it is not stored."))
        if name == "style":
            for rule in tinycss2.parse_stylesheet(element.text or "", skip_comments=True):
                if rule.type == "at-rule" or (
                    rule.type == "qualified-rule" and _fetches(rule.content)
                ):
                    raise LogoRefused(_("The SVG's style sheet still refers to another file."))
