"""Rate limits per token (per user for a browser session).

Counts live in the "api" cache: Redis when REDIS_URL is set, so every
gunicorn worker shares them; a per-process memory cache on a laptop. If
Redis is unreachable, requests are let through (and logged) rather than
refused with a 500: the limit protects the service, it is not a permission.
"""

import logging

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import AccessToken

logger = logging.getLogger(__name__)


class PerTokenThrottle(SimpleRateThrottle):
    scope = "token"

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning("API cache unreachable; request not rate-limited", exc_info=True)
            return True

    def __init__(self):
        self.cache = caches["api"]
        super().__init__()

    def get_rate(self) -> str:
        # Read per request, so a changed setting (or a test) takes effect at once.
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view) -> str | None:
        if isinstance(request.auth, AccessToken):
            ident = f"token:{request.auth.code}"
        elif request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"address:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
