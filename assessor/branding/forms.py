"""The brand form: the installation's and an organization's alike.

Blank means "inherit": an organization's blank field shows the
installation's brand, the installation's blank field our default.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessor.branding import colours, logos
from assessor.branding.models import Branding

LOGO_EXTENSIONS = ["png", "jpg", "jpeg", "svg"]
# Refused in one-line texts: controls, line breaks and invisible format
# characters such as bidi overrides; the joiners that scripts and emoji need stay.
BREAKS_AND_CONTROLS = ("Cc", "Cf", "Zl", "Zp")
JOINERS = "\u200c\u200d"


class BrandingForm(forms.ModelForm):
    logo = forms.FileField(
        required=False,
        label=_("Logo"),
        validators=[FileExtensionValidator(LOGO_EXTENSIONS)],
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg,.svg"}),
    )
    remove_logo = forms.BooleanField(required=False, label=_("Remove the logo"))

    class Meta:
        model = Branding
        fields = ["name", "primary", "accent", "footer_text", "contact_line", "cover_statement"]
        widgets = {
            "primary": forms.TextInput(attrs={"placeholder": "#RRGGBB", "size": 9}),
            "accent": forms.TextInput(attrs={"placeholder": "#RRGGBB", "size": 9}),
            "cover_statement": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "name": _("Shown in the header, on the report cover and in every page header."),
            "primary": _("The header and the report cover are filled with it."),
            "accent": _("Rules and highlights in reports and slides."),
            "footer_text": _("The bottom of every report page, e.g. “© Northwind · confidential”."),
            "contact_line": _(
                "Under the footer and on the cover, e.g. an email address and phone."
            ),
            "cover_statement": _("A short paragraph on the report cover."),
        }

    def __init__(self, *args, inherited=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.logo_result: logos.Logo | None = None
        self.fields["logo"].help_text = gettext(
            "PNG, JPEG or SVG, at most %(size)s KB and %(side)s pixels wide and high. "
            "SVG files are cleaned: scripts, links and references to other files are removed."
        ) % {
            "size": number_format(logos.max_bytes() // 1024, force_grouping=True),
            "side": number_format(logos.max_side(), force_grouping=True),
        }
        if not self.instance.has_logo:
            del self.fields["remove_logo"]
        if inherited is not None:
            # What a blank field falls back to, as the placeholder.
            for name in self.Meta.fields:
                value = getattr(inherited, name)
                if value:
                    self.fields[name].widget.attrs["placeholder"] = value

    def _one_line(self, name: str) -> str:
        value = self.cleaned_data.get(name, "")
        # These end up in email headers (the sender's name) and page margins.
        if any(unicodedata.category(c) in BREAKS_AND_CONTROLS and c not in JOINERS for c in value):
            raise forms.ValidationError(
                gettext("Use one line of plain text (no line breaks or controls).")
            )
        return value

    def clean_name(self) -> str:
        return self._one_line("name")

    def clean_footer_text(self) -> str:
        return self._one_line("footer_text")

    def clean_contact_line(self) -> str:
        return self._one_line("contact_line")

    def clean_cover_statement(self) -> str:
        value = self.cleaned_data.get("cover_statement", "")
        if any(unicodedata.category(c) == "Cc" and c not in "\r\n" for c in value):
            raise forms.ValidationError(
                gettext("Use plain text (line breaks are fine, controls are not).")
            )
        return value

    def _clean_colour(self, name: str) -> str:
        value = self.cleaned_data.get(name, "")
        if not value:
            return ""
        try:
            value = colours.normalize(value)
        except ValueError:
            raise forms.ValidationError(
                gettext("Enter a colour as #RRGGBB, e.g. #0b1f3a.")
            ) from None
        best = colours.text_on(value)
        if not best.readable:
            white = colours.contrast_ratio(value, colours.WHITE)
            ink = colours.contrast_ratio(value, colours.INK)
            raise forms.ValidationError(
                gettext(
                    "Text on %(colour)s would be hard to read: white text reaches "
                    "%(white)s and dark text %(dark)s; at least %(needed)s is needed. "
                    "Choose a darker or a lighter colour."
                )
                % {
                    "colour": value,
                    "white": colours.shown(white),
                    "dark": colours.shown(ink),
                    "needed": f"{number_format(colours.MIN_CONTRAST)}:1",
                }
            )
        return value

    def clean_primary(self) -> str:
        return self._clean_colour("primary")

    def clean_accent(self) -> str:
        return self._clean_colour("accent")

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return upload
        if upload.size > logos.max_bytes():
            # Refused before it is read into memory.
            raise forms.ValidationError(
                gettext("The file has %(size)s KB; a logo may have at most %(limit)s KB.")
                % {
                    "size": number_format(upload.size // 1024, force_grouping=True),
                    "limit": number_format(logos.max_bytes() // 1024, force_grouping=True),
                }
            )
        try:
            self.logo_result = logos.process_logo(upload.read())
        except logos.LogoRefused as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload
