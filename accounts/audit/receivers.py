"""Sign-in and two-factor events, from the signals Django, django-axes and
our single sign-on and two-factor code (accounts/signals.py) send.

Receivers only turn a signal into an entry: what happened is decided where
it happens. One thing happening is one entry: a sign-in through the identity
provider is a sign-in like any other (its method says so), and a wrong code
at the two-factor step, which also counts as a failed sign-in for the
lockout, is recorded as a wrong code only. Connected in AuditConfig.ready().
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts import signals
from accounts.audit.models import Kind
from accounts.audit.recording import record
from accounts.models import User, normalize_email

# How each authentication backend signs someone in, for the entry's detail.
METHODS = {
    "django.contrib.auth.backends.ModelBackend": "password",
    "accounts.sso.SingleSignOnBackend": "single sign-on",
}


@receiver(user_logged_in, dispatch_uid="audit-signed-in")
def signed_in(sender, request, user, **kwargs) -> None:
    backend = getattr(user, "backend", "") or ""
    method = METHODS.get(backend, backend.rsplit(".", 1)[-1])
    record(Kind.SIGNED_IN, request=request, actor=user, detail={"method": method})


@receiver(user_logged_out, dispatch_uid="audit-signed-out")
def signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(Kind.SIGNED_OUT, request=request, actor=user)


@receiver(user_login_failed, dispatch_uid="audit-sign-in-failed")
def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    if request is not None and getattr(request, "axes_locked_out", False):
        return  # recorded as a lockout (below): one entry per attempt
    if "password" not in credentials:
        return  # the two-factor step's, recorded as a wrong code (below)
    record(Kind.SIGN_IN_FAILED, request=request, **_attempted(credentials.get("username")))


@receiver(user_locked_out, dispatch_uid="audit-locked-out")
def locked_out(sender, request, username, **kwargs) -> None:
    record(Kind.LOCKED_OUT, request=request, **_attempted(username))


@receiver(signals.mfa_code_failed, dispatch_uid="audit-mfa-code-failed")
def mfa_code_failed(sender, user, request, **kwargs) -> None:
    # Whoever typed it knew the password, but may not be the account's owner.
    record(Kind.MFA_CODE_FAILED, request=request, actor=None, **_attempted(user.email))


@receiver(signals.mfa_enabled, dispatch_uid="audit-mfa-enabled")
def mfa_enabled(sender, user, **kwargs) -> None:
    record(Kind.MFA_ENABLED, actor=user, target=user.email)


@receiver(signals.mfa_disabled, dispatch_uid="audit-mfa-disabled")
def mfa_disabled(sender, user, **kwargs) -> None:
    record(Kind.MFA_DISABLED, actor=user, target=user.email)


@receiver(signals.recovery_codes_regenerated, dispatch_uid="audit-recovery-codes")
def recovery_codes_regenerated(sender, user, **kwargs) -> None:
    record(Kind.RECOVERY_CODES_REGENERATED, actor=user, target=user.email)


@receiver(signals.sso_signed_in, dispatch_uid="audit-sso-signed-in")
def sso_signed_in(sender, user, request, created=False, **kwargs) -> None:
    # The sign-in itself is user_logged_in's entry; a new account is news.
    if created:
        record(Kind.SSO_ACCOUNT_CREATED, request=request, actor=user, target=user.email)


@receiver(signals.sso_refused, dispatch_uid="audit-sso-refused")
def sso_refused(sender, email, request, reason, **kwargs) -> None:
    attempted = _attempted(email)
    attempted["detail"]["reason"] = reason
    record(Kind.SSO_REFUSED, request=request, **attempted)


@receiver(signals.organization_mfa_requirement_changed, dispatch_uid="audit-mfa-required")
def mfa_requirement_changed(sender, organization, actor, required, **kwargs) -> None:
    record(
        Kind.MFA_REQUIREMENT_CHANGED,
        actor=actor,
        organization=organization,
        target=organization.name,
        detail={"required": required},
    )


def _attempted(username) -> dict:
    """The account a failed attempt named, never the actor: whoever typed it
    is unknown. Only something that looks like an email address is kept, as
    people do type their password into the wrong field."""
    email = normalize_email(str(username or "")).replace("\x00", "")
    if "@" not in email:
        return {"target": "(not an email address)", "detail": {"account_exists": False}}
    exists = User.objects.filter(email=email).exists()
    return {"target": email, "detail": {"account_exists": exists}}
