"""Who is asking: the client's address, also behind a reverse proxy.

Lockouts (django-axes) and the workshop join limit count per address. Behind
a TLS proxy every request comes from the proxy's address, so one stranger
could lock everyone out; TRUSTED_PROXY_COUNT says how many proxies append to
X-Forwarded-For, and the address the outermost trusted one saw is used.
Entries further left are whatever the client sent and are never trusted.
"""

from django.conf import settings
from django.http import HttpRequest

from accounts.models import normalize_email


def client_ip(request: HttpRequest) -> str:
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def lockout_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The account django-axes counts a sign-in attempt against.

    Normalized, so `LOCK@a.test` and ` lock@a.test` are one account; a NUL
    byte (which PostgreSQL cannot store) is dropped, so a hostile spelling
    neither crashes the attempt log nor escapes the count.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field) or request.POST.get(field) or ""
    return normalize_email(str(value)).replace("\x00", "")


def lockout_exempt(request: HttpRequest, credentials: dict | None = None) -> bool:
    """Attempts django-axes neither counts nor refuses: the single sign-on
    callback (its authenticate() call carries a nonce, not a username). The
    provider checked the password and keeps its own lockout; counting its
    refusals here, all under an empty username, would lock everyone behind
    one office address out of single sign-on."""
    return bool(credentials) and "nonce" in credentials
