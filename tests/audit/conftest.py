"""Fixtures of the audit log tests: the security suite's populated world
(both organizations with one object of every kind, Acme with every role)
and an empty token-use cache, so each test sees a token's first use."""

import pytest
from django.core.cache import caches

from accounts.audit.models import AuditEvent
from tests.security.conftest import world  # noqa: F401  (the fixture)


@pytest.fixture(autouse=True)
def fresh_api_cache():
    caches["api"].clear()


def new_events(since: int, **filters) -> list[AuditEvent]:
    """Entries written after the one with id `since`, oldest first."""
    return list(AuditEvent.objects.filter(id__gt=since, **filters).order_by("id"))


def last_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
