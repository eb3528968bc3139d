"""Forgetting audit entries older than AUDIT_RETENTION_DAYS, the one way
an entry ever leaves the log.

On PostgreSQL the append-only trigger (migration 0002) refuses every DELETE
unless the transaction has announced a cut-off with
`set_config('audit.purge_before', ..., true)`, and then only of rows older
than it. The setting is local to this transaction: it ends with it.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.audit.models import AuditEvent, Kind
from accounts.audit.recording import record


def audit_purge(*, now: datetime | None = None) -> int:
    """Delete entries older than the retention period (0 days keeps them all)
    and note the purge itself in the log. Returns how many went."""
    days = settings.AUDIT_RETENTION_DAYS
    if not days:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            announce = "SELECT set_config('audit.purge_before', %s, true)"
            cursor.execute(announce, [cutoff.isoformat()])
        # Raw SQL on purpose: the model and its queryset refuse deletes.
        before = connection.ops.adapt_datetimefield_value(cutoff)
        cursor.execute(f"DELETE FROM {table} WHERE at < %s", [before])  # noqa: S608
        purged = cursor.rowcount
        if purged:
            record(
                Kind.AUDIT_PURGED,
                detail={"entries": purged, "older_than": cutoff.isoformat(timespec="seconds")},
            )
    return purged
