"""Sign-in events, from the signals Django and django-axes send.

Receivers only turn a signal into an entry: what happened is decided where
it happens. Connected in AuditConfig.ready().
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.audit.models import Kind
from accounts.audit.recording import record
from accounts.models import User, normalize_email

# How each authentication backend signs someone in, for the entry's detail.
METHODS = {"django.contrib.auth.backends.ModelBackend": "password"}


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
    record(Kind.SIGN_IN_FAILED, request=request, **_attempted(credentials.get("username")))


@receiver(user_locked_out, dispatch_uid="audit-locked-out")
def locked_out(sender, request, username, **kwargs) -> None:
    record(Kind.LOCKED_OUT, request=request, **_attempted(username))


def _attempted(username) -> dict:
    """The account a failed attempt named, never the actor: whoever typed it
    is unknown. Only something that looks like an email address is kept, as
    people do type their password into the wrong field."""
    email = normalize_email(str(username or "")).replace("\x00", "")
    if "@" not in email:
        return {"target": "(not an email address)", "detail": {"account_exists": False}}
    exists = User.objects.filter(email=email).exists()
    return {"target": email, "detail": {"account_exists": exists}}
