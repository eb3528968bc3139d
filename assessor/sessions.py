"""Sessions in Redis with the database behind them (Django's cached_db) that
keep working from the database alone while Redis is unreachable: a Redis
outage must not sign everyone out or refuse sign-ins (the report request
says the queue is down; the rest of the site goes on).

The price, stated in the README: a session signed out while Redis is down
stays in Redis' copy until it expires, and a later read could find it there
once Redis is back. Sign-outs during an outage are rare; losing every
request during one is not."""

import logging

from django.contrib.sessions.backends import cached_db
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class _Tolerant:
    """The session cache, with Redis errors turned into cache misses."""

    def __init__(self, cache):
        self._cache = cache

    def _quiet(self, what, default, *args, **kwargs):
        try:
            return getattr(self._cache, what)(*args, **kwargs)
        except RedisError as error:
            log.warning("session cache unavailable (%s): %s", what, type(error).__name__)
            return default

    def get(self, key, default=None):
        return self._quiet("get", default, key, default)

    def set(self, *args, **kwargs):
        return self._quiet("set", None, *args, **kwargs)

    def delete(self, key):
        return self._quiet("delete", False, key)

    def __contains__(self, key):
        return self._quiet("has_key", False, key)


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _Tolerant(self._cache)
