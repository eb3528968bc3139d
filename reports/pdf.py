"""The report document: a snapshot -> HTML (Django templates) -> PDF (WeasyPrint).

WeasyPrint loads every stylesheet and image through `StaticFilesOnly`, which
serves our own files from the static folder for `static:` URLs and refuses
everything else (file://, http(s)://, data:, relative paths): a report can
never read the server's disk or reach the network, whatever ends up in its
HTML. User text reaches the HTML only through autoescaping templates.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reports import content, wording

SCHEME = "static:"
PDFA_VARIANT = "pdf/a-3b"


class URLRefused(ValueError):
    """Any URL but our static files. WeasyPrint logs it and renders without the resource."""


class StaticFilesOnly(URLFetcher):
    """A WeasyPrint URL fetcher for `static:<path>` in our static folders, nothing else."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
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
    return html_to_pdf(render_html(snapshot), pdfa=pdfa)


def render_html(snapshot: dict[str, Any]) -> str:
    return render_to_string("reports/report_pdf.html", document_context(snapshot))


def html_to_pdf(html: str, *, pdfa: bool = False) -> bytes:
    # No base URL: a relative URL resolves to nothing rather than to the disk.
    document = HTML(string=html, base_url=None, url_fetcher=StaticFilesOnly())
    return document.write_pdf(pdf_variant=PDFA_VARIANT if pdfa else None)


def document_context(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The template's view of a snapshot: the content every format shows, and
    the charts as inline SVG."""
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
        "static": SCHEME,
    }
