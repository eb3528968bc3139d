"""Brand pages: the installation's (staff) and an organization's override
(its owners); the logo and the header colours as the browser loads them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from assessor.branding import colours, resolve, services
from assessor.branding.forms import BrandingForm
from assessor.branding.models import Branding
from assessor.branding.resolve import DEFAULT

# A logo is served as an image and nothing else: even opened on its own, an
# SVG may run no script and load nothing (the cleaning removed all of it;
# this is the second lock).
LOGO_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@login_required
@require_http_methods(["GET", "POST"])
def installation(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        raise PermissionDenied
    branding = Branding.objects.filter(organization__isnull=True).first() or Branding()
    return _edit(request, branding, inherited=DEFAULT, done="branding:installation")


@login_required
@require_http_methods(["GET", "POST"])
def organization(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.membership_for_user(
        request.user, slug, require=access.can_edit_organization
    )
    org = membership.organization
    branding = Branding.objects.filter(organization=org).first() or Branding(organization=org)
    # What a blank field falls back to: the installation's brand.
    inherited = resolve.brand_for(None, with_logo=False)
    return _edit(request, branding, inherited=inherited, done="branding:organization", org=org)


def _edit(request, branding: Branding, *, inherited, done: str, org=None) -> HttpResponse:
    form = BrandingForm(
        request.POST or None, request.FILES or None, instance=branding, inherited=inherited
    )
    if request.method == "POST" and form.is_valid():
        services.branding_save(
            branding=form.instance,
            user=request.user,
            logo=form.logo_result,
            remove_logo=form.cleaned_data.get("remove_logo", False),
        )
        messages.success(request, _("Brand saved."))
        for note in form.logo_result.notes if form.logo_result else []:
            messages.warning(request, _("Removed from the SVG: %(what)s.") % {"what": note})
        return redirect(done, *([org.slug] if org else []))
    brand = resolve.brand_for(org, with_logo=False)
    # An organization without a logo of its own shows the installation's.
    inherited_logo = (
        org is not None
        and not branding.has_logo
        and Branding.objects.filter(organization__isnull=True).exclude(logo_png="").exists()
    )
    return render(
        request,
        "branding/edit.html",
        {
            "form": form,
            "org": org,
            "branding": branding,
            "brand": brand,
            "checks": _contrast_checks(brand),
            "inherited_logo": inherited_logo,
        },
    )


def _contrast_checks(brand) -> list[dict]:
    return [
        {
            "label": label,
            "colour": colour,
            "on": colours.text_on(colour),
            "ratio": colours.shown(colours.text_on(colour).ratio),
        }
        for label, colour in ((_("Primary"), brand.primary), (_("Accent"), brand.accent))
    ]


@require_GET
def installation_logo(request: HttpRequest) -> HttpResponse:
    """The installation's logo: public, as the sign-in page shows it."""
    return _logo(Branding.objects.filter(organization__isnull=True).first())


@login_required
@require_GET
def organization_logo(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.membership_for_user(request.user, slug)
    return _logo(Branding.objects.filter(organization=membership.organization).first())


def _logo(branding: Branding | None) -> HttpResponse:
    if branding is None or not branding.has_logo:
        raise Http404
    field, content_type = (
        (branding.logo_svg, "image/svg+xml")
        if branding.logo_svg
        else (branding.logo_png, "image/png")
    )
    try:
        with field.open("rb") as f:
            data = f.read()
    except Exception:  # noqa: BLE001 - lost file (locally or in the bucket): nothing to show
        raise Http404 from None
    response = HttpResponse(data, content_type=content_type)
    response["Content-Security-Policy"] = LOGO_CSP
    response["Content-Disposition"] = "inline"
    # The URL carries the content hash (?v=): a new logo is a new URL.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_GET
def installation_css(request: HttpRequest) -> HttpResponse:
    return _css(resolve.brand_for(None, with_logo=False))


@login_required
@require_GET
def organization_css(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.membership_for_user(request.user, slug)
    return _css(resolve.brand_for(membership.organization, with_logo=False))


def _css(brand) -> HttpResponse:
    """The header's colours as a stylesheet (the CSP allows no inline style).
    Colours are validated #rrggbb values: nothing else reaches the CSS."""
    css = render_css(brand)
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def render_css(brand) -> str:
    return (
        ":root{"
        f"--brand-primary:{brand.primary};--brand-on-primary:{brand.on_primary};"
        f"--brand-accent:{brand.accent};--brand-on-accent:{brand.on_accent}"
        "}\n"
    )
