"""The report document: a snapshot -> HTML (Django templates) -> PDF (WeasyPrint).

WeasyPrint loads every stylesheet and image through `StaticFilesOnly`, which
serves our own files from the static folder for `static:` URLs, the brand's
logo and colours from memory for `brand:` URLs, and refuses everything else
(file://, http(s)://, data:, relative paths): a report can never read the
server's disk or reach the network, whatever ends up in its HTML (or in an
uploaded SVG logo). User text reaches the HTML only through autoescaping
templates.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from assessor.branding.resolve import Brand, brand_from_snapshot
from reports import content, wording

SCHEME = "static:"
BRAND_SCHEME = "brand:"
PDFA_VARIANT = "pdf/a-3b"


class URLRefused(ValueError):
    """Any URL but our static files. WeasyPrint logs it and renders without the resource."""


class StaticFilesOnly(URLFetcher):
    """A WeasyPrint URL fetcher for `static:<path>` in our static folders and
    the in-memory `brand:` resources it was given, nothing else."""

    def __init__(self, resources: dict[str, tuple[bytes, str]] | None = None, **kwargs):
        super().__init__(**kwargs)
        # "brand:<name>" -> (content, content type), e.g. the logo.
        self.resources = resources or {}

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url in self.resources:
            content, content_type = self.resources[url]
            return URLFetcherResponse(url, content, {"Content-Type": content_type})
        path = static_file(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def static_file(url: str) -> Path:
    """The file a `static:` URL names, or URLRefused."""
    if not url.startswith(SCHEME):
        raise URLRefused(f"only {SCHEME} URLs are served to the PDF renderer: {url[:80]!r}")
    relative = url.removeprefix(SCHEME).split("?")[0].split("#")[0]
    for folder in settings.STATICFILES_DIRS:
        root = Path(folder).resolve()
        candidate = (root / relative).resolve()
        # resolve() follows "..", symlinks and absolute paths: whatever the
        # URL says, the file must still be inside the static folder.
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    raise URLRefused(f"no such static file: {relative[:80]!r}")


def render_pdf(snapshot: dict[str, Any], *, pdfa: bool = False) -> bytes:
    brand = brand_from_snapshot(snapshot.get("brand"))
    return html_to_pdf(
        render_html(snapshot, brand=brand), pdfa=pdfa, resources=brand_resources(brand)
    )


def render_html(snapshot: dict[str, Any], *, brand: Brand | None = None) -> str:
    return render_to_string("reports/report_pdf.html", document_context(snapshot, brand))


def html_to_pdf(
    html: str, *, pdfa: bool = False, resources: dict[str, tuple[bytes, str]] | None = None
) -> bytes:
    # No base URL: a relative URL resolves to nothing rather than to the disk.
    document = HTML(string=html, base_url=None, url_fetcher=StaticFilesOnly(resources))
    return document.write_pdf(pdf_variant=PDFA_VARIANT if pdfa else None)


def brand_resources(brand: Brand) -> dict[str, tuple[bytes, str]]:
    """What `brand:` URLs serve: the brand's colours as a stylesheet and its logo
    (the cleaned SVG, drawn sharp, else the PNG)."""
    resources = {f"{BRAND_SCHEME}style.css": (brand_stylesheet(brand).encode(), "text/css")}
    if brand.logo_svg:
        resources[f"{BRAND_SCHEME}logo"] = (brand.logo_svg.encode(), "image/svg+xml")
    elif brand.logo_png:
        resources[f"{BRAND_SCHEME}logo"] = (brand.logo_png, "image/png")
    return resources


def brand_stylesheet(brand: Brand) -> str:
    """The brand's colours over report.css. The colours are validated
    #rrggbb values (the form and the model refuse anything else)."""
    return render_to_string("reports/pdf/brand.css", {"brand": brand})


def document_context(snapshot: dict[str, Any], brand: Brand | None = None) -> dict[str, Any]:
    """The template's view of a snapshot: the content every format shows, and
    the charts as inline SVG (the brand's texts and colours from the snapshot
    unless given)."""
    if brand is None:
        brand = brand_from_snapshot(snapshot.get("brand"), with_logo=False)
    document = content.document_content(snapshot)
    return {
        **document,
        **content.chart_svgs(document),
        "words": wording,
        "method_words": {
            "rules": wording.method_rules(document["method"]),
            "adjustments": wording.method_adjustments(document["method"]),
            "roadmap": wording.method_roadmap(document["advice"]),
        },
        "horizon": wording.horizon(document["advice"]),
        "static": SCHEME,
        "brand": brand,
        # Our own mark only while the document wears our own look.
        "brand_logo": f"{BRAND_SCHEME}logo" if brand.logo_png else "",
        "practice_name": brand.name or snapshot["site_name"],
    }
