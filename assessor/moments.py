"""Which moments we store: dates the database can always give back.

PostgreSQL keeps timestamps from 4713 BC on, Python's datetime only years
1-9999. An aware date such as `0001-01-01T00:00:00+14:00` is year 0 in UTC:
PostgreSQL stores it, and every later read of the row fails ("timestamp too
small"), taking down each page that lists it. The columns that outside data
can reach carry a CHECK constraint (`storable`) a day inside Python's range,
so the date also survives conversion to any time zone on display; imports
are held to a far narrower, sane range (`import_range`).
"""

from datetime import UTC, datetime, timedelta

from django.db import models
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy

STORABLE_EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
STORABLE_LATEST = datetime(9999, 12, 30, tzinfo=UTC)
STORABLE_MESSAGE = gettext_lazy("Dates lie between 2 January 0001 and 30 December 9999 (UTC).")

# No assessment of this product predates 2000; a clock a little ahead of
# ours (another installation's) is fine, next week is not.
IMPORT_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
IMPORT_AHEAD = timedelta(days=1)


def import_range() -> tuple[datetime, datetime]:
    return IMPORT_EARLIEST, timezone.now() + IMPORT_AHEAD


def storable(model: str, field: str) -> models.CheckConstraint:
    """The constraint that keeps `field` readable (null passes, as in SQL)."""
    return models.CheckConstraint(
        condition=models.Q(
            **{f"{field}__gte": STORABLE_EARLIEST, f"{field}__lte": STORABLE_LATEST}
        ),
        name=f"{model}_{field}_storable",
        violation_error_message=STORABLE_MESSAGE,
    )


def repair_unreadable_dates(*model_classes) -> int:
    """Set every stored date outside the readable range to now; the rows
    changed. For installations that stored such dates before the constraint;
    runs in the database only, as the rows cannot be read into Python."""
    changed = 0
    for model in model_classes:
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.DateTimeField):
                continue
            bad = models.Q(**{f"{field.name}__lt": STORABLE_EARLIEST}) | models.Q(
                **{f"{field.name}__gt": STORABLE_LATEST}
            )
            changed += model._default_manager.filter(bad).update(**{field.name: Now()})
    return changed
