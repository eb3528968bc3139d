"""An organization's audit log as CSV, for people and their spreadsheets.

Rows are written as they are read from the database (the log can be long),
UTF-8 with a BOM so Excel reads the accents, every cell spreadsheet-safe.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import UTC

from django.utils.translation import gettext_lazy as _

from accounts.audit.models import AuditEvent
from accounts.spreadsheets import safe_cells

ROWS_PER_CHUNK = 500
# In the reader's language; the event code and the details' JSON keys stay
# as stored, for scripts.
CSV_HEADER = [
    _("When (UTC)"),
    _("Event"),
    _("Event code"),
    _("Who"),
    _("From address"),
    _("Concerning"),
    _("Concerning (id)"),
    _("Details"),
]


def events_to_csv(events: Iterable[AuditEvent]) -> Iterator[bytes]:
    out = io.StringIO()
    writer = csv.writer(out)

    def flush() -> bytes:
        chunk = out.getvalue().encode("utf-8")
        out.seek(0)
        out.truncate()
        return chunk

    writer.writerow(CSV_HEADER)
    yield "\ufeff".encode() + flush()
    for n, event in enumerate(events, 1):
        writer.writerow(
            safe_cells(
                [
                    event.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
                    event.get_kind_display(),
                    event.kind,
                    event.actor_email,
                    event.address or "",
                    event.target,
                    str(event.target_code or ""),
                    json.dumps(event.detail, ensure_ascii=False, sort_keys=True)
                    if event.detail
                    else "",
                ]
            )
        )
        if n % ROWS_PER_CHUNK == 0:
            yield flush()
    yield flush()
