"""The brand of the page header: the organization's override on its own
pages (for its members), the installation's brand elsewhere.

Lazy: fragments that never show the header never query. One query for a
page that does (both rows, membership-scoped).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from assessor.branding.models import Branding
from assessor.branding.resolve import DEFAULT

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Header:
    name: str
    logo_url: str
    css_url: str


def brand(request):
    return {"brand_header": SimpleLazyObject(lambda: header_for(request))}


def header_for(request) -> Header:
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("slug") if match else None
    user = getattr(request, "user", None)
    scope = Q(organization__isnull=True)
    if slug and user is not None and user.is_authenticated:
        # Only a member sees an organization's brand.
        scope |= Q(organization__slug=slug, organization__memberships__user=user)
    installation = override = None
    try:
        rows = list(Branding.objects.filter(scope).select_related("organization"))
    except DatabaseError:
        # An error page while the database is away still renders, in our look.
        logger.warning("brand header: database unavailable, showing the default header")
        rows = []
    for row in rows:
        if row.organization_id is None:
            installation = row
        else:
            override = row
    rows = [row for row in (override, installation) if row]
    name = next((row.name for row in rows if row.name), "") or settings.SITE_NAME
    logo_row = next((row for row in rows if row.has_logo), None)
    logo_url = ""
    if logo_row:
        logo_url = _url(logo_row, "logo") + f"?v={logo_row.logo_sha256[:16]}"
    primary = next((row.primary for row in rows if row.primary), DEFAULT.primary)
    accent = next((row.accent for row in rows if row.accent), DEFAULT.accent)
    css_url = ""
    if (primary, accent) != (DEFAULT.primary, DEFAULT.accent):
        # Served for the row whose colours win; versioned by the colours.
        colour_row = override if override and (override.primary or override.accent) else None
        version = hashlib.sha256(f"{primary}{accent}".encode()).hexdigest()[:12]
        css_url = _url(colour_row or installation, "css") + f"?v={version}"
    return Header(name=name, logo_url=logo_url, css_url=css_url)


def _url(row: Branding | None, what: str) -> str:
    if row is None or row.organization_id is None:
        return reverse(f"branding:{what}")
    return reverse(f"branding:organization_{what}", args=[row.organization.slug])
