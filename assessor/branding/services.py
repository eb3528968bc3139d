"""Writes of a brand: its fields and its logo files together."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from assessor.branding.logos import Logo
from assessor.branding.models import Branding

LOGO_FOLDER = "branding"


def branding_save(
    *, branding: Branding, user, logo: Logo | None = None, remove_logo: bool = False
) -> Branding:
    """Save the form's fields, store a new logo (or drop the current one).

    Logo files are named by their content's hash and never overwritten; the
    old ones stay, since a report snapshot may still name them."""
    if logo is not None:
        storage = Branding.logo_png.field.storage
        digest = logo.sha256
        branding.logo_png = _store(storage, f"{LOGO_FOLDER}/{digest}.png", logo.png)
        branding.logo_svg = (
            _store(storage, f"{LOGO_FOLDER}/{digest}.svg", logo.svg.encode()) if logo.svg else ""
        )
        branding.logo_width, branding.logo_height = logo.width, logo.height
        branding.logo_sha256 = digest
    elif remove_logo:
        branding.logo_png = branding.logo_svg = ""
        branding.logo_width = branding.logo_height = None
        branding.logo_sha256 = ""
    branding.updated_at = timezone.now()
    branding.updated_by = user
    branding.save()
    return branding


def _store(storage, name: str, data: bytes) -> str:
    if storage.exists(name):
        return name  # the same content, already there
    return storage.save(name, ContentFile(data))
