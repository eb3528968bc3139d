"""Writing audit entries: `record()` and the request it happens in.

Views pass their request; code deeper down (signal receivers, the token
hook) runs inside one too without being handed it, so a middleware keeps
the current request in a context variable and `record()` takes the client
address from there. The address is the one `accounts/network.py` trusts,
proxies and all, the same that sign-in lockouts count.

What goes in: kind, who (the actor, else the signed-in user), the
organization, a target named as people know it, and a small detail dict.
Nothing secret: keys that name secrets are dropped and values that look
like a token secret are masked, so a careless caller cannot leak one.
"""

import ipaddress
import logging
from collections.abc import Callable
from contextvars import ContextVar
from datetime import timedelta
from uuid import UUID

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from accounts.audit.models import AuditEvent, Kind
from accounts.models import AccessToken, Organization, User
from accounts.network import client_ip

logger = logging.getLogger(__name__)

_current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)

TEXT_MAX = 200
SECRET_WORDS = ("password", "secret", "digest", "otp", "recovery")
# A token is noted once a day per organization and address: its every
# request is already counted on the token (last used) and its AccessTokenUse.
TOKEN_USE_RESOLUTION = timedelta(days=1)


class AuditContextMiddleware:
    """Makes the request being served known to `record()` (for its address)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reset = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(reset)


def record(
    kind: Kind,
    *,
    request: HttpRequest | None = None,
    actor: User | None = None,
    organization: Organization | None = None,
    target: str = "",
    target_code: UUID | None = None,
    detail: dict | None = None,
) -> AuditEvent:
    """Append one entry to the audit log (in the caller's transaction: an
    action rolled back leaves no entry either)."""
    request = request if request is not None else _current_request.get()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    detail = _clean(detail or {})
    token = getattr(request, "auth", None)  # a DRF request signed with a token
    if isinstance(token, AccessToken):
        detail.setdefault("via", f"API token {token.name} (…{token.hint})")
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor,
        actor_email=actor.email if actor else "",
        address=_address(request),
        organization=organization,
        organization_name=organization.name if organization else "",
        target=_text(target),
        target_code=target_code,
        detail=detail,
    )


def record_token_use(*, token: AccessToken, organization: Organization | None) -> None:
    """A token's use, once a day per organization and address.

    Every API request already refreshes the token's last-used time and the
    organization it reached (accounts/tokens.py); the log keeps where from
    and where to, not each request. The cache spares a query per request;
    the query keeps the promise when the cache is cold or per process.
    """
    request = _current_request.get()
    address = _address(request)
    org_id = organization.pk if organization else None
    key = f"audit-token-use:{token.code}:{org_id}:{address}:{timezone.localdate()}"
    try:
        if not caches["api"].add(key, 1, int(TOKEN_USE_RESOLUTION.total_seconds())):
            return
    except Exception:
        logger.warning("API cache unreachable; checking the audit log instead", exc_info=True)
    seen = AuditEvent.objects.filter(
        kind=Kind.TOKEN_USED,
        target_code=token.code,
        organization_id=org_id,
        address=address,
        at__gte=timezone.now() - TOKEN_USE_RESOLUTION,
    ).exists()
    if not seen:
        record(
            Kind.TOKEN_USED,
            request=request,
            actor=token.user,
            organization=organization,
            target=f"{token.name} (…{token.hint})",
            target_code=token.code,
            detail={"scope": token.scope},
        )


def _address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    try:
        return str(ipaddress.ip_address(client_ip(request)))
    except ValueError:
        return None  # no address (a test client, a management command) or a garbled one


def _text(value: str) -> str:
    value = str(value).replace("\x00", "")
    return value if len(value) <= TEXT_MAX else value[: TEXT_MAX - 1] + "…"


def _clean(detail: dict) -> dict:
    clean: dict = {}
    for key, value in detail.items():
        if any(word in key.lower() for word in SECRET_WORDS):
            logger.warning("audit detail %r dropped: it may hold a secret", key)
            continue
        if isinstance(value, str):
            value = "(masked)" if value.startswith(AccessToken.PREFIX) else _text(value)
        elif not (value is None or isinstance(value, bool | int | float)):
            value = _text(value)
        clean[key] = value
    return clean
