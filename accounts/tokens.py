"""Personal access tokens: making, checking, recording use and revoking.

`token_record_use` is the one place a token's use is written down, in the
audit log too (at most once a day per organization and address there).
"""

import logging
import secrets
from datetime import datetime, timedelta

from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.audit.recording import record_token_use
from accounts.models import AccessToken, AccessTokenUse, Organization, User

logger = logging.getLogger(__name__)

# Last-used times are refreshed at most this often: a write per API request
# would cost more than the request itself.
USE_RESOLUTION = timedelta(minutes=1)


def token_create(
    *, user: User, name: str, scope: str, expires_at: datetime | None
) -> tuple[AccessToken, str]:
    """A new token and its secret; the secret is never stored, only its sha256."""
    # 32 random bytes: guessing is hopeless, so one unsalted sha256 suffices
    # (unlike passwords, which need a slow hash).
    secret = AccessToken.PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        expires_at=expires_at,
        digest=AccessToken.digest_of(secret),
        hint=secret[-4:],
    )
    return token, secret


def token_for_secret(secret: str) -> AccessToken | None:
    """The active token of `secret` with its user, or None."""
    if not secret.startswith(AccessToken.PREFIX):
        return None
    token = (
        AccessToken.objects.select_related("user")
        .filter(digest=AccessToken.digest_of(secret))
        .first()
    )
    if token is None or not token.is_active or not token.user.is_active:
        return None
    return token


def token_record_use(*, token: AccessToken, organization: Organization | None) -> None:
    """Note that `token` was used (on `organization`), at most once a minute each."""
    now = timezone.now()
    record_token_use(token=token, organization=organization)
    if _first_this_minute(f"token-used:{token.code}"):
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    if organization is None:
        return
    if _first_this_minute(f"token-used:{token.code}:{organization.pk}"):
        updated = AccessTokenUse.objects.filter(token=token, organization=organization).update(
            last_used_at=now
        )
        if not updated:
            try:
                with transaction.atomic():
                    AccessTokenUse.objects.create(
                        token=token, organization=organization, first_used_at=now, last_used_at=now
                    )
            except IntegrityError:
                pass  # a parallel request recorded it first


def _first_this_minute(key: str) -> bool:
    """Whether `key` was not seen in the last minute (marks it seen).

    Without the cache (Redis down), every use is written: slower, not wrong.
    """
    try:
        return caches["api"].add(key, 1, int(USE_RESOLUTION.total_seconds()))
    except Exception:
        logger.warning("API cache unreachable; recording token use without it", exc_info=True)
        return True


def token_revoke(*, token: AccessToken, by: User) -> bool:
    """Revoke `token`; False when it was already revoked."""
    return bool(
        AccessToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by
        )
    )


def tokens_used_on(organization: Organization) -> list[AccessTokenUse]:
    """The tokens that reached `organization`, newest use first, for its owners."""
    return list(
        AccessTokenUse.objects.filter(organization=organization)
        .select_related("token__user", "token__revoked_by")
        .order_by("-last_used_at")
    )
