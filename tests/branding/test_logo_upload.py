"""Logo uploads: what is refused, what is cleaned, and that nothing active
or external survives in what is stored (the cleaned SVG is read back
independently of the cleaner, with ElementTree)."""

import io
import re
import struct
import xml.etree.ElementTree as ET
import zlib

import pytest
from PIL import Image

from assessor.branding import logos
from assessor.branding.logos import LogoRefused, process_logo
from tests.branding.conftest import SVG_LOGO, png_bytes

SVG = "http://www.w3.org/2000/svg"


def svg(body: str, extra_ns: str = "") -> bytes:
    return (
        f'<svg xmlns="{SVG}" xmlns:xlink="http://www.w3.org/1999/xlink" {extra_ns} '
        f'viewBox="0 0 100 40"><rect width="100" height="40" fill="#14532d"/>{body}</svg>'
    ).encode()


def references(text: str) -> list[str]:
    """Every href and url() left in an SVG, read with a plain parser."""
    root = ET.fromstring(text)  # noqa: S314 - our own test output
    found = []
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.endswith("href"):
                found.append(value)
            found += re.findall(r"url\(([^)]*)\)", value)
        if element.tag == f"{{{SVG}}}style":
            found += re.findall(r"url\(([^)]*)\)|@import", element.text or "")
    return found


def tags(text: str) -> set[str]:
    root = ET.fromstring(text)  # noqa: S314
    return {element.tag.rsplit("}", 1)[-1] for element in root.iter()}


def test_a_clean_svg_is_kept_and_rasterized():
    logo = process_logo(SVG_LOGO)
    assert "Northwind" in logo.svg
    assert logo.notes == []
    image = Image.open(io.BytesIO(logo.png))
    assert image.format == "PNG"
    assert (image.width, image.height) == (1024, 256)  # 240x60 scaled into the 1024 box
    # The drawing is there: the circle's colour and the word's.
    colours = {c for _, c in image.convert("RGB").getcolors(1 << 20)}
    assert (0xB4, 0x53, 0x09) in colours and (0x14, 0x53, 0x2D) in colours


def test_script_and_event_handlers_are_removed():
    logo = process_logo(
        svg(
            '<script>alert(1)</script><script xlink:href="https://evil.test/x.js"/>'
            '<circle r="5" onload="alert(2)" onclick="alert(3)"/>'
        )
    )
    assert "script" not in tags(logo.svg)
    assert "alert" not in logo.svg and "onload" not in logo.svg
    assert "scripts" in logo.notes


@pytest.mark.parametrize(
    "body",
    [
        '<image xlink:href="file:///etc/passwd" width="10" height="10"/>',
        '<image href="/etc/hostname" width="10" height="10"/>',
        '<image href="https://evil.test/track.png" width="10" height="10"/>',
        '<use xlink:href="https://evil.test/sprite.svg#a"/>',
        '<use href="file:///etc/passwd#x"/>',
        '<a xlink:href="javascript:alert(1)"><circle r="4"/></a>',
        '<a href="https://evil.test/"><text>visit</text></a>',
        '<filter id="f"><feImage href="https://evil.test/x.png"/></filter>',
    ],
)
def test_references_to_files_and_addresses_are_removed(body):
    logo = process_logo(svg(body))
    assert references(logo.svg) == []
    for needle in ("etc/passwd", "etc/hostname", "evil.test", "javascript"):
        assert needle not in logo.svg
    assert "image" not in tags(logo.svg)


def test_an_internal_reference_survives():
    logo = process_logo(
        svg(
            '<defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/></linearGradient>'
            '<circle id="dot" r="5"/></defs><use href="#dot"/>'
            '<rect fill="url(#g)" width="9" height="9"/>'
        )
    )
    assert references(logo.svg) == ["#dot", "#g"]


def test_foreign_object_is_removed():
    logo = process_logo(
        svg(
            '<foreignObject width="50" height="20"><div xmlns="http://www.w3.org/1999/xhtml">'
            '<iframe src="https://evil.test/"></iframe>hi</div></foreignObject>'
        )
    )
    assert "foreignObject" not in tags(logo.svg)
    assert "iframe" not in logo.svg and "evil.test" not in logo.svg


@pytest.mark.parametrize(
    "style",
    [
        "@import url(https://evil.test/a.css); .x{fill:#123456}",
        '@import "file:///etc/passwd"; .x{fill:#123456}',
        ".x{fill:#123456} rect{fill:url(https://evil.test/p.svg#p)}",
        ".x{fill:#123456} rect{background-image:url('/etc/passwd')}",
        "@font-face{font-family:x;src:url(https://evil.test/f.woff)} .x{fill:#123456}",
        ".x{fill:#123456} rect{filter:url( file:///etc/x#f )}",
        ".x{fill:#123456} rect{mask:image-set('https://evil.test/m.png' 1x)}",
    ],
)
def test_css_imports_and_urls_are_removed(style):
    logo = process_logo(svg(f'<style>{style}</style><circle class="x" r="5"/>'))
    assert references(logo.svg) == []
    assert "evil.test" not in logo.svg and "/etc/" not in logo.svg
    assert ".x{fill:#123456}" in logo.svg  # the harmless rule stays


def test_urls_in_style_attributes_and_presentation_attributes_are_removed():
    logo = process_logo(
        svg(
            '<rect style="fill:url(https://evil.test/p);stroke:#ff0000" width="5" height="5"/>'
            '<rect filter="url(/etc/passwd)" mask="url(https://evil.test/m)" width="5" height="5"/>'
        )
    )
    assert references(logo.svg) == []
    assert "stroke:#ff0000" in logo.svg


@pytest.mark.parametrize(
    "document",
    [
        # Billion laughs, and an external entity reading a file.
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><text>&b;</text></svg>',
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><text>&x;</text></svg>',
    ],
)
def test_entity_declarations_are_refused(document):
    with pytest.raises(LogoRefused, match="entities"):
        process_logo(document)


def test_animations_cannot_bring_a_link_back():
    logo = process_logo(
        svg(
            '<a><set attributeName="href" to="javascript:alert(1)"/>'
            '<animate attributeName="xlink:href" values="https://evil.test"/><text>x</text></a>'
        )
    )
    assert {"set", "animate", "a"}.isdisjoint(tags(logo.svg))
    assert "javascript" not in logo.svg and "evil.test" not in logo.svg


def test_an_oversized_file_is_refused(settings):
    settings.BRAND_LOGO_MAX_KB = 50
    padding = b"<!--" + b"x" * 60_000 + b"-->"
    with pytest.raises(LogoRefused, match="at most 50 KB"):
        process_logo(SVG_LOGO.replace(b"</svg>", padding + b"</svg>"))
    with pytest.raises(LogoRefused, match="at most 50 KB"):
        process_logo(png_bytes() + b"\0" * 60_000)


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height, with one tiny compressed
    row stream: a decompression bomb's shape, a few hundred bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        logos.PNG_MAGIC
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_picture_over_the_pixel_limit_is_refused_before_decoding(settings):
    settings.BRAND_LOGO_MAX_SIDE = 4000
    bomb = _png_header_only(60_000, 60_000)  # 3.6 gigapixels claimed
    assert len(bomb) < 200
    with pytest.raises(LogoRefused, match="far more pixels"):
        process_logo(bomb)  # Pillow's own bomb guard, turned into a refusal
    with pytest.raises(LogoRefused, match="5,000 × 5,000 pixels"):
        process_logo(_png_header_only(5000, 5000))  # under Pillow's guard, over ours
    with pytest.raises(LogoRefused, match="4,001 × 10 pixels"):
        process_logo(png_bytes(4001, 10))


def test_a_non_image_with_an_image_name_is_refused():
    for data in (
        b"MZ\x90\x00 not a picture",
        b"<html><script>alert(1)</script></html>",
        b"%PDF-1.7",
    ):
        with pytest.raises(LogoRefused, match="not a PNG, JPEG or SVG"):
            process_logo(data)


def test_a_damaged_png_is_refused():
    with pytest.raises(LogoRefused, match="cannot be read"):
        process_logo(png_bytes()[:60])


def test_an_xml_file_that_is_not_svg_is_refused():
    with pytest.raises(LogoRefused):
        process_logo(b'<svg><rect width="1" height="1"/></svg>')  # no SVG namespace


def test_png_and_jpeg_are_reencoded_as_png_without_their_extra_bytes():
    trailer = b"<script>alert(1)</script>"
    for data in (png_bytes() + trailer, png_bytes(fmt="JPEG") + trailer):
        logo = process_logo(data)
        assert logo.svg is None
        assert logo.png.startswith(logos.PNG_MAGIC)
        assert trailer not in logo.png
        assert Image.open(io.BytesIO(logo.png)).size == (120, 40)


def test_a_large_picture_is_scaled_into_the_box():
    logo = process_logo(png_bytes(3000, 1000))
    assert (logo.width, logo.height) == (1024, 341)


def test_a_damaged_png_is_refused_even_where_weasyprint_allows_truncated_images(monkeypatch):
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(LogoRefused, match="cannot be read"):
        process_logo(png_bytes()[:-20])


@pytest.mark.parametrize(
    "root",
    [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 inf 10">',
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 1e999">',
        '<svg xmlns="http://www.w3.org/2000/svg" width="1e999" height="10">',
    ],
)
def test_an_endless_size_is_refused_not_a_server_error(root):
    # float() reads "inf" and "1e999" as infinity: scaling it gave NaN pixels.
    with pytest.raises(LogoRefused, match="cannot be scaled"):
        process_logo(f'{root}<rect width="5" height="5"/></svg>'.encode())


def test_filter_effects_are_removed_as_drawing_them_can_take_minutes():
    # Measured with resvg at the 1024-pixel raster size: one feTurbulence of
    # 100 octaves took about a minute, 20 blurred rectangles 24 seconds (CSS
    # blur() 43), so a 2 kB upload could hold a worker for hours.
    logo = process_logo(
        svg(
            '<filter id="f"><feTurbulence baseFrequency="0.9" numOctaves="100"/>'
            '<feMorphology radius="100"/></filter>'
            '<rect filter="url(#f)" width="10" height="10"/>'
            '<circle style="filter:blur(30px);fill:#fff" r="5"/>'
            "<style>rect{filter:url(#f)} circle{fill:#fff}</style>"
        )
    )
    assert not tags(logo.svg) & {"filter", "feTurbulence", "feMorphology"}
    assert "filter" not in logo.svg
    assert 'style="fill:#fff"' in logo.svg and "circle{fill:#fff}" in logo.svg
    assert "filter effects (shadows, blurs)" in logo.notes


def test_a_logo_with_pages_of_text_is_refused_before_it_is_drawn():
    # resvg took 9.6 s for 50,000 letters at the raster size (a 1 MB upload
    # holds twenty times that); a logo's words are a few dozen letters.
    with pytest.raises(LogoRefused, match="characters of text"):
        process_logo(svg(f'<text y="20" font-size="1">{"W" * 900_000}</text>'))
    # Indentation between elements is not text.
    indented = "".join(f'\n        <rect x="{i}" width="1" height="1"/>' for i in range(2000))
    assert process_logo(svg(f"<g>{indented}\n</g><text y='20'>Meridian Advisory</text>")).svg
