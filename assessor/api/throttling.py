"""Rate limits per token (per user for a browser session).

Counts live in the "api" cache: Redis when REDIS_URL is set, so every
gunicorn worker shares them; a per-process memory cache on a laptop.
"""

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import AccessToken


class PerTokenThrottle(SimpleRateThrottle):
    scope = "token"

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
