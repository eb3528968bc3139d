"""Two-factor pages: the code step of signing in, setting up an
authenticator app, recovery codes, turning it off, and an organization's
rule that every member must use it."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts import access, mfa, signals, sso
from accounts.forms import CodeForm, EnrolForm, OrganizationTwoFactorForm, ReauthForm

NEW_CODES = "mfa_new_recovery_codes"


def _safe_next(request: HttpRequest, default: str) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if ok else default


@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app or a recovery code.

    Reached after a correct password (or a provider's sign-in when our codes
    are asked for too), or by a signed-in session that has not passed
    two-factor and opened an organization that requires it.
    """
    pending = None if request.user.is_authenticated else mfa.pending_user(request)
    if pending:
        user, data = pending
    elif request.user.is_authenticated and mfa.has_two_factor(request.user):
        user, data = request.user, None
    else:
        if request.user.is_authenticated:
            return redirect("accounts:two_factor")
        messages.info(request, _("Sign in again: the time for entering a code ran out."))
        return redirect("accounts:login")

    locked = mfa.locked_out(request, user)
    if locked:
        request.session.pop(mfa.PENDING, None)
        return locked
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = mfa.check_code(user, form.cleaned_data["code"])
        if check.device is not None:
            if data:
                mfa.complete_sign_in(request, user, data, check.device)
                next_url = data["next"]
            else:
                mfa.verify_session(request, check.device)
                next_url = _safe_next(request, reverse("accounts:dashboard"))
            if check.used_recovery_code:
                left = mfa.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code; %(left)s left. "
                        "Make new ones on your two-factor page if you are running low.",
                        "You used a recovery code; %(left)s left. "
                        "Make new ones on your two-factor page if you are running low.",
                        left,
                    )
                    % {"left": left},
                )
            return redirect(next_url)
        mfa.record_failure(request, user)
        if check.wait_seconds:
            form.add_error(
                "code",
                _(
                    "Too many wrong codes in a row: wait %(seconds)s seconds, "
                    "then enter the code the app shows then."
                )
                % {"seconds": check.wait_seconds},
            )
        else:
            form.add_error("code", _("That code is not right. Codes change every 30 seconds."))
    ctx = {
        "form": form,
        "signing_in": data is not None,
        "via_provider": sso.provider_name() if data and data["sso_created"] is not None else "",
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/login_code.html", ctx)


def _qr_svg(url: str) -> str:
    # segno writes only <svg>/<path> markup built from the URL's bits: safe to
    # inline, and no inline style or script for the Content-Security-Policy.
    svg = segno.make(url, error="m").svg_inline(
        scale=5, border=3, dark="#0f172a", light="#ffffff", omitsize=True
    )
    return mark_safe(svg)  # noqa: S308


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Your two-factor page: its state when on; setting up the app when off."""
    user = request.user
    if mfa.has_two_factor(user):
        ctx = {
            "enabled": True,
            "codes_left": mfa.recovery_codes_left(user),
            "requiring": mfa.requiring_organizations(user),
            "session_verified": mfa.session_verified(request),
        }
        return render(request, "accounts/two_factor.html", ctx)

    device = mfa.enrolment_device(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.enable(request=request, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            request.session[NEW_CODES] = codes
            messages.success(request, _("Two-factor sign-in is on."))
            url = reverse("accounts:two_factor_recovery")
            next_url = _safe_next(request, "")
            return redirect(f"{url}?next={next_url}" if next_url else url)
        form.add_error(
            "code",
            _(
                "That code does not match. Check the app shows this account, and that the "
                "clock of your phone is right."
            ),
        )
    ctx = {
        "enabled": False,
        "form": form,
        "qr": _qr_svg(device.config_url),
        "secret": _grouped(_base32(device)),
        "requiring": mfa.requiring_organizations(user),
        "next": request.GET.get("next") or request.POST.get("next", ""),
    }
    return render(request, "accounts/two_factor.html", ctx)


def _base32(device) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode().rstrip("=")


def _reauthenticated(request: HttpRequest, form: ReauthForm) -> bool:
    """The password (through authenticate(), so django-axes counts a wrong
    one like a wrong sign-in) or, for an account without one, a code."""
    user = request.user
    if "password" in form.fields:
        ok = (
            authenticate(request, username=user.email, password=form.cleaned_data["password"])
            == user
        )
        if not ok:
            form.add_error("password", _("That is not your password."))
        return ok
    check = mfa.check_code(user, form.cleaned_data["code"])
    if check.device is None:
        mfa.record_failure(request, user)
        form.add_error("code", _("That code is not right."))
    return check.device is not None


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_recovery(request: HttpRequest) -> HttpResponse:
    """New recovery codes are shown here once, right after they are made;
    later visits show how many are left and make new ones (password first)."""
    if not mfa.has_two_factor(request.user):
        return redirect("accounts:two_factor")
    new_codes = request.session.pop(NEW_CODES, None)
    form = ReauthForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and _reauthenticated(request, form):
        request.session[NEW_CODES] = mfa.regenerate_recovery_codes(request.user)
        messages.success(request, _("New recovery codes made. The old ones no longer work."))
        return redirect("accounts:two_factor_recovery")
    ctx = {
        "new_codes": new_codes,
        "codes_left": mfa.recovery_codes_left(request.user),
        "form": form,
        "next": _safe_next(request, ""),
    }
    return render(request, "accounts/two_factor_recovery.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not mfa.has_two_factor(user):
        return redirect("accounts:two_factor")
    requiring = list(mfa.requiring_organizations(user))
    form = ReauthForm(request.POST or None, user=user)
    allowed = request.method == "POST" and not requiring and form.is_valid()
    if allowed and _reauthenticated(request, form):
        mfa.disable(request=request, user=user)
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("accounts:two_factor")
    ctx = {"form": form, "requiring": requiring}
    return render(request, "accounts/two_factor_disable.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def organization_two_factor(request: HttpRequest, slug: str) -> HttpResponse:
    """An owner's switch: every member must use two-factor to see the
    organization's pages. Shows who already does."""
    membership = access.membership_for_user(request.user, slug, require=access.can_manage_members)
    org = membership.organization
    before = org.require_mfa
    # An unticked box posts nothing: the form is bound whenever it is a POST.
    data = request.POST if request.method == "POST" else None
    form = OrganizationTwoFactorForm(data, instance=org)
    if request.method == "POST" and form.is_valid():
        required = form.cleaned_data["require_mfa"]
        if required and not mfa.has_two_factor(request.user):
            form.add_error(
                "require_mfa", _("Set up two-factor for yourself first, so you keep your access.")
            )
        elif required != before:
            form.save()
            signals.organization_mfa_requirement_changed.send(
                sender=None, organization=org, actor=request.user, required=required
            )
            messages.success(
                request,
                (
                    _("Members of %(name)s must now use two-factor sign-in.")
                    if required
                    else _("Two-factor sign-in is now optional in %(name)s.")
                )
                % {"name": org.name},
            )
            return redirect("accounts:organization_two_factor", slug)
        else:
            return redirect("accounts:organization_two_factor", slug)
    members = list(org.memberships.select_related("user").order_by("user__email"))
    ids = [m.user_id for m in members]
    with_app = mfa.users_with_two_factor(ids)
    # Provider sign-ins count as two-factor when the provider is trusted with it.
    with_sso = sso.users_with_identity(ids) if settings.SSO_TRUST_PROVIDER_MFA else set()
    ctx = {
        "membership": membership,
        "org": org,
        "form": form,
        "rows": [(m, m.user_id in with_app, m.user_id in with_sso) for m in members],
        "without": sum(1 for i in ids if i not in with_app and i not in with_sso),
        "trust_provider": sso.enabled() and settings.SSO_TRUST_PROVIDER_MFA,
    }
    return render(request, "accounts/organization_two_factor.html", ctx)
