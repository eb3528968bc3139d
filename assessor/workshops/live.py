"""The stage version participants' phones poll, kept in Redis.

A room of a thousand phones polls every 2 s; nearly every poll finds nothing
changed and answers 304. Those polls read the version of the workshop's stage
(`Workshop.version`, bumped by every change a phone shows) from Redis, so they
never reach PostgreSQL. PostgreSQL stays the truth: Redis holds a copy that

- a writer drops it when its transaction changes the stage and sets the new
  version once the transaction commits (`changed`, `deleted`),
- a poll that finds no copy fills in from the database (`stage_version`),
- only ever moves forward: a newer version is never overwritten by an older
  one, so a poll that read the database just before a change committed cannot
  put the old version back after the writer published the new one;
- a deleted workshop replaces with a tombstone, so its phones get the 404
  they would get from the database;
- expires after TTL seconds, which bounds how long a publish lost between the
  commit and Redis (a crash, Redis briefly away) could keep a change hidden.

Without REDIS_URL (a laptop, a single process) every poll reads the database
as before; a Redis error on a poll falls back to the database too.
"""

from __future__ import annotations

import logging
from uuid import UUID

import redis
from django.conf import settings
from django.db import transaction

from assessor.workshops.models import Workshop

logger = logging.getLogger(__name__)

TTL = 60
PREFIX = "assessor:workshop-stage:"
GONE = b"gone"
# Set the key to ARGV[1] unless it already holds a newer version or the
# tombstone: versions only move forward.
FORWARD_ONLY = """
local current = redis.call('GET', KEYS[1])
if current == ARGV[3] then return 0 end
if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1
"""

_client: tuple[str, redis.Redis] | None = None


def _redis() -> redis.Redis | None:
    global _client
    url = settings.REDIS_URL
    if not url:
        return None
    if _client is None or _client[0] != url:
        # Short timeouts: a Redis that went away costs a poll a fraction of a
        # second before it reads the database instead, never a hung worker.
        client = redis.Redis.from_url(url, socket_connect_timeout=0.3, socket_timeout=0.3)
        _client = (url, client)
    return _client[1]


def _key(code: UUID | str) -> str:
    return f"{PREFIX}{code}"


def published_version(code: UUID | str) -> int | None:
    """The version Redis holds for workshop `code`'s stage; None when it holds
    none (not published yet, expired, deleted) or cannot be asked."""
    client = _redis()
    if client is None:
        return None
    try:
        cached = client.get(_key(code))
    except redis.RedisError as e:
        logger.warning("Workshop stage cache unavailable: %s", e)
        return None
    return None if cached is None or cached == GONE else int(cached)


def stage_version(code: UUID | str) -> int | None:
    """The version of workshop `code`'s stage, None if there is no such workshop."""
    client = _redis()
    if client is not None:
        try:
            cached = client.get(_key(code))
        except redis.RedisError as e:
            logger.warning("Workshop stage cache unavailable, reading the database: %s", e)
            client = None
        else:
            if cached == GONE:
                return None
            if cached is not None:
                return int(cached)
    version = Workshop.objects.filter(code=code).values_list("version", flat=True).first()
    if client is not None and version is not None:
        _forward(client, code, version)
    return version


def changed(code: UUID | str, version: int) -> None:
    """Workshop `code`'s stage changed to `version` in the current transaction.

    The copy goes now, so a poll reads the database until the transaction
    ends (a rolled-back change leaves nothing behind), and the new version is
    published once it commits.
    """
    client = _redis()
    if client is not None:
        _drop(client, code)
        transaction.on_commit(lambda: _forward(client, code, version))


def deleted(code: UUID | str) -> None:
    """Workshop `code` is being deleted; once that commits its polls answer 404."""
    client = _redis()
    if client is not None:
        _drop(client, code)
        transaction.on_commit(lambda: _tombstone(client, code))


def _drop(client: redis.Redis, code: UUID | str) -> None:
    try:
        client.delete(_key(code))
    except redis.RedisError as e:
        logger.warning("Could not drop workshop %s from the cache: %s", code, e)


def _forward(client: redis.Redis, code: UUID | str, version: int) -> None:
    try:
        client.eval(FORWARD_ONLY, 1, _key(code), version, TTL, GONE)
    except redis.RedisError as e:
        # The copy expires within TTL seconds; until then phones may not see
        # this change (the board and the projected screen do).
        logger.warning("Could not publish workshop %s version %s: %s", code, version, e)


def _tombstone(client: redis.Redis, code: UUID | str) -> None:
    try:
        client.set(_key(code), GONE, ex=TTL)
    except redis.RedisError as e:
        logger.warning("Could not mark workshop %s deleted in the cache: %s", code, e)
