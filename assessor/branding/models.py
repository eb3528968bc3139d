"""The brand settings: one row for the installation, one per client
organization that overrides it (co-branding).

Every field may stay blank: a blank field of an organization's row takes
the installation's value, a blank installation field takes our default
(assessor/branding/resolve.py puts the three together).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization

colour_field = RegexValidator(r"^#[0-9a-f]{6}$", _("Enter a colour as #RRGGBB."))


class Branding(models.Model):
    # Null: the installation's brand (one row at most).
    organization = models.OneToOneField(
        Organization, models.CASCADE, null=True, blank=True, related_name="branding"
    )
    name = models.CharField(_("practice name"), max_length=80, blank=True)
    primary = models.CharField(
        _("primary colour"), max_length=7, blank=True, validators=[colour_field]
    )
    accent = models.CharField(
        _("accent colour"), max_length=7, blank=True, validators=[colour_field]
    )
    footer_text = models.CharField(_("report footer"), max_length=120, blank=True)
    contact_line = models.CharField(_("contact line"), max_length=160, blank=True)
    cover_statement = models.TextField(_("cover statement"), max_length=600, blank=True)
    # The logo as the documents use it: always a PNG (rasterized from an SVG
    # or re-encoded from a PNG/JPEG upload), plus the sanitized SVG when the
    # upload was one. Names are content hashes, so a report snapshot that
    # names a logo keeps pointing at the same picture.
    logo_png = models.FileField(max_length=255, blank=True)
    logo_svg = models.FileField(max_length=255, blank=True)
    logo_width = models.PositiveIntegerField(null=True, blank=True)
    logo_height = models.PositiveIntegerField(null=True, blank=True)
    logo_sha256 = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            # OneToOne keeps one row per organization; this keeps one
            # installation row (NULLs are otherwise all distinct).
            models.UniqueConstraint(
                Coalesce("organization", models.Value(0)), name="one_brand_per_scope"
            )
        ]

    def __str__(self) -> str:
        return f"Brand of {self.organization or 'the installation'}"

    @property
    def is_installation(self) -> bool:
        return self.organization_id is None

    @property
    def has_logo(self) -> bool:
        return bool(self.logo_png)

    @property
    def is_empty(self) -> bool:
        """Nothing set: the row changes nothing."""
        texts = (self.name, self.primary, self.accent, self.footer_text, self.contact_line)
        return not (any(texts) or self.cover_statement or self.has_logo)
