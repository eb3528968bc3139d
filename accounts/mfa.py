"""Two-factor sign-in on django-otp: an authenticator app (TOTP) and
one-time recovery codes.

The library keeps the devices and checks the codes (time window, no replay
of a used code, a growing delay after each wrong one); this module adds the
sign-in step between the password and the session, the lockout that wrong
codes share with wrong passwords (django-axes), and the question every
organization page asks: did this session pass two-factor?
"""

import secrets
import time
from dataclasses import dataclass

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib.auth import login, user_login_failed
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import signals
from accounts.models import Organization, User

PENDING = "mfa_pending"
# A session signed in through a provider trusted with two-factor (SSO_TRUST_PROVIDER_MFA).
PROVIDER_VERIFIED = "mfa_by_provider"
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def app_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_NAME).count()


def new_recovery_code() -> str:
    """Ten characters shown as `abcde-fghjk`: about 49 bits, typed once."""
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def _normalize(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


# -- enrolment ------------------------------------------------------------------------


def enrolment_device(user: User) -> TOTPDevice:
    """The app being set up: the same secret until it is confirmed, so
    reloading the page does not invalidate a QR code already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def enable(*, request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with its first code; returns the new recovery codes,
    or None when the code is wrong."""
    if not device.verify_token(_normalize(code)):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_recovery_codes(device.user)
    # This session has just shown it holds the app.
    otp_login(request, device)
    signals.mfa_enabled.send(sender=None, user=device.user)
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [new_recovery_code() for _ in range(settings.MFA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return [format_code(c) for c in codes]


def regenerate_recovery_codes(user: User) -> list[str]:
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
    signals.recovery_codes_regenerated.send(sender=None, user=user)
    return codes


def disable(*, request: HttpRequest, user: User) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    signals.mfa_disabled.send(sender=None, user=user)


# -- checking a code --------------------------------------------------------------------


@dataclass
class CodeCheck:
    device: TOTPDevice | StaticDevice | None
    used_recovery_code: bool = False
    wait_seconds: int = 0  # the device's own delay after wrong codes


def check_code(user: User, code: str) -> CodeCheck:
    """Six digits are the app's code; anything else a recovery code, which
    works once (deleted in the same statement that matches it, so two
    requests racing with one code cannot both pass)."""
    code = _normalize(code)
    if code.isdigit() and len(code) == 6:
        device = app_device(user)
        if device is None:
            return CodeCheck(None)
        allowed, info = device.verify_is_allowed()
        if not allowed:
            return CodeCheck(None, wait_seconds=_wait(device))
        return CodeCheck(device if device.verify_token(code) else None)
    recovery = StaticDevice.objects.filter(user=user, name=RECOVERY_NAME).first()
    if recovery is None or not code:
        return CodeCheck(None)
    allowed, _ = recovery.verify_is_allowed()
    if not allowed:
        return CodeCheck(None, wait_seconds=_wait(recovery))
    deleted, _ = StaticToken.objects.filter(device=recovery, token=code).delete()
    if deleted:
        recovery.throttle_reset()
        return CodeCheck(recovery, used_recovery_code=True)
    recovery.throttle_increment()
    return CodeCheck(None)


def _wait(device) -> int:
    from django.utils import timezone

    if device.throttling_failure_timestamp is None:
        return 0
    required = device.get_throttle_factor() * 2 ** (device.throttling_failure_count - 1)
    waited = (timezone.now() - device.throttling_failure_timestamp).total_seconds()
    return max(1, int(required - waited + 0.999))


# -- the sign-in step between the password (or the provider) and the session ------------


def begin_code_step(
    request: HttpRequest, user: User, *, backend: str, next_url: str, sso_created=None
) -> None:
    request.session[PENDING] = {
        "user": user.pk,
        "backend": backend,
        "next": next_url,
        "at": time.time(),
        # None: a password sign-in; True/False: SSO, the account new or not.
        "sso_created": sso_created,
    }


def pending_user(request: HttpRequest) -> tuple[User, dict] | None:
    data = request.session.get(PENDING)
    if not data or time.time() - data["at"] > settings.MFA_CODE_STEP_SECONDS:
        return None
    user = User.objects.filter(pk=data["user"], is_active=True).first()
    return (user, data) if user else None


def lockout_credentials(user: User) -> dict:
    return {settings.AXES_USERNAME_FORM_FIELD: user.email}


def locked_out(request: HttpRequest, user: User) -> HttpResponse | None:
    """The lockout page when this account and address are locked, as after
    wrong passwords."""
    credentials = lockout_credentials(user)
    if AxesProxyHandler.is_locked(request, credentials):
        return get_lockout_response(request, None, credentials)
    return None


def record_failure(request: HttpRequest, user: User) -> None:
    """A wrong code counts as a failed sign-in: the same signal a wrong
    password sends, so django-axes counts it and locks out at the same
    limit (AxesMiddleware then answers with the lockout page)."""
    user_login_failed.send(sender=__name__, credentials=lockout_credentials(user), request=request)
    signals.mfa_code_failed.send(sender=None, user=user, request=request)


def complete_sign_in(request: HttpRequest, user: User, pending: dict, device) -> None:
    request.session.pop(PENDING, None)
    login(request, user, backend=pending["backend"])
    otp_login(request, device)
    if pending.get("sso_created") is not None:
        signals.sso_signed_in.send(
            sender=None, user=user, request=request, created=pending["sso_created"]
        )


def verify_session(request: HttpRequest, device) -> None:
    """A signed-in session that had not passed two-factor has now."""
    otp_login(request, device)


# -- organizations that require it -------------------------------------------------------


def session_verified(request: HttpRequest) -> bool:
    """This session passed two-factor: a code from the user's own app or a
    recovery code, or a sign-in through a provider trusted with it."""
    if request.session.get(PROVIDER_VERIFIED) and settings.SSO_TRUST_PROVIDER_MFA:
        return True
    persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
    if not persistent_id:
        return False
    model, _, pk = persistent_id.rpartition("/")
    if model == "otp_totp.totpdevice":
        return TOTPDevice.objects.filter(pk=pk, user=request.user, confirmed=True).exists()
    if model == "otp_static.staticdevice":
        return StaticDevice.objects.filter(pk=pk, user=request.user).exists()
    return False


def requiring_organizations(user: User):
    return Organization.objects.filter(require_mfa=True, memberships__user=user)


def required_response(request: HttpRequest, slug: str) -> HttpResponse:
    """Where a member goes who has not passed two-factor for an organization
    that requires it: set it up, or enter a code, then come back."""
    from django.urls import reverse

    org = Organization.objects.get(slug=slug)
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse(
            {"detail": f"{org.name} requires two-factor sign-in; this session has not passed it."},
            status=403,
        )
    next_url = (
        request.get_full_path()
        if request.method == "GET"
        else reverse("accounts:organization", args=[slug])
    )
    return verification_redirect(request, next_url)


def verification_redirect(request: HttpRequest, next_url: str) -> HttpResponse:
    """To the code step (or setting up the app, for whom has none), then back to `next_url`."""
    from django.shortcuts import redirect
    from django.urls import reverse
    from django.utils.http import urlencode
    from django_htmx.http import HttpResponseClientRedirect

    target = "accounts:login_code" if has_two_factor(request.user) else "accounts:two_factor"
    url = f"{reverse(target)}?{urlencode({'next': next_url})}"
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def must_verify_for_tokens(request: HttpRequest) -> bool:
    """A token acts for its user on every organization, and the API lets the
    tokens of users with two-factor into organizations that require it: so
    whoever belongs to one makes tokens only from a session that passed it."""
    return requiring_organizations(request.user).exists() and not session_verified(request)


def users_with_two_factor(user_ids: list[int]) -> set[int]:
    return set(
        TOTPDevice.objects.filter(user_id__in=user_ids, confirmed=True).values_list(
            "user_id", flat=True
        )
    )


def user_meets_requirement(user: User) -> bool:
    """Outside a browser session (an API token): the user has an app, or
    signs in through a provider trusted with two-factor."""
    from accounts import sso

    if has_two_factor(user):
        return True
    return settings.SSO_TRUST_PROVIDER_MFA and bool(sso.users_with_identity([user.pk]))
