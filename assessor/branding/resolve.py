"""The brand a page, an email or a document is dressed in.

`brand_for(organization)` puts together the organization's override, the
installation's brand and our defaults, field by field: a blank field of
the override takes the installation's value, a blank installation field
takes ours. Every renderer (PDF, DOCX, PPTX, the web header, emails) reads
the same `Brand`.

Reports freeze what they show: `brand_snapshot` is the brand as plain JSON
(the logo by its content-addressed file name) for a report's snapshot, and
`brand_from_snapshot` turns it back into a `Brand` on the worker, so a
report renders with the brand of the moment it was requested.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from typing import Any

from django.conf import settings
from django.db.models import Q

from assessor.branding import colours
from assessor.branding.models import Branding

logger = logging.getLogger(__name__)

TEXT_FIELDS = ("name", "primary", "accent", "footer_text", "contact_line", "cover_statement")


@dataclass(frozen=True)
class Brand:
    name: str  # practice name shown on cover/headers ("" means: use SITE_NAME)
    primary: str  # "#RRGGBB"
    accent: str  # "#RRGGBB"
    footer_text: str
    contact_line: str
    cover_statement: str
    logo_png: bytes | None  # the logo rasterized to PNG (what DOCX/PPTX embed), None without a logo
    logo_svg: str | None  # the sanitized SVG when the logo was SVG, else None

    @property
    def display_name(self) -> str:
        return self.name or settings.SITE_NAME

    @property
    def is_default(self) -> bool:
        """Nothing set anywhere: our own look."""
        return self == DEFAULT

    @property
    def on_primary(self) -> str:
        """The text colour on a primary-coloured background (white or ink)."""
        return colours.text_on(self.primary).text

    @property
    def on_accent(self) -> str:
        """The text colour on an accent-coloured background (white or ink)."""
        return colours.text_on(self.accent).text

    @property
    def heading_colour(self) -> str:
        """Headings on white paper: the primary colour where it reads there, else ink."""
        return colours.text_colour_on_paper(self.primary)


DEFAULT = Brand(
    name="",
    primary="#0b1f3a",
    accent="#1d4ed8",
    footer_text="Confidential",
    contact_line="",
    cover_statement="",
    logo_png=None,
    logo_svg=None,
)


def rows_for(organization) -> tuple[Branding | None, Branding | None]:
    """(installation row, organization row), in one query; None where there is none."""
    scope = Q(organization__isnull=True)
    if organization is not None:
        scope |= Q(organization=organization)
    installation = override = None
    for row in Branding.objects.filter(scope):
        if row.organization_id is None:
            installation = row
        else:
            override = row
    return installation, override


def brand_snapshot(organization) -> dict[str, Any]:
    """The brand as plain JSON: merged texts and the logo's file names."""
    installation, override = rows_for(organization)
    data: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        data[name] = next(
            (getattr(row, name) for row in (override, installation) if row and getattr(row, name)),
            getattr(DEFAULT, name),
        )
    for name in ("primary", "accent"):
        # Colours reach stylesheets and document styles: only #rrggbb ever
        # does, even if a row was written around the form (admin, shell).
        if not colours.HEX.fullmatch(data[name]):
            data[name] = getattr(DEFAULT, name)
    logo_row = next((row for row in (override, installation) if row and row.has_logo), None)
    data["logo"] = (
        {
            "png": logo_row.logo_png.name,
            "svg": logo_row.logo_svg.name or None,
            "sha256": logo_row.logo_sha256,
            "width": logo_row.logo_width,
            "height": logo_row.logo_height,
        }
        if logo_row
        else None
    )
    return data


def brand_from_snapshot(data: dict[str, Any] | None, *, with_logo: bool = True) -> Brand:
    """A `Brand` from `brand_snapshot`'s JSON (None, from a report older than
    branding: our defaults), with the logo read from storage (unless
    `with_logo` is False: for colours and texts only, no file is read)."""
    if not data:
        return DEFAULT
    logo = (data.get("logo") or {}) if with_logo else {}
    png = _read(logo.get("png"))
    svg = _read(logo.get("svg")) if png is not None else None
    known = {f.name for f in fields(Brand)} - {"logo_png", "logo_svg"}
    return Brand(
        **{name: data.get(name, getattr(DEFAULT, name)) for name in known},
        logo_png=png,
        logo_svg=svg.decode() if svg is not None else None,
    )


def brand_for(organization, *, with_logo: bool = True) -> Brand:
    """The brand for `organization` (None: the installation's) as it is now."""
    return brand_from_snapshot(brand_snapshot(organization), with_logo=with_logo)


def _read(name: str | None) -> bytes | None:
    if not name:
        return None
    storage = Branding.logo_png.field.storage
    try:
        with storage.open(name) as f:
            return f.read()
    except Exception as exc:  # OSError locally; botocore's errors on a bucket
        # A lost logo file must not fail a report: it renders without it.
        logger.warning("brand logo %s cannot be read (%s); rendering without it", name, exc)
        return None
