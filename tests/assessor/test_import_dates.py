"""An import never stores a date the database cannot give back, and no page
of an organization can be taken down by one such row.

`0001-01-01T00:00:00+14:00` is a valid ISO date, but in UTC it falls in the
year 0: PostgreSQL stores it (as 1 BC) and every later read of the row fails
with "timestamp too small", so every page listing the assessment answered 500.
"""

import copy
import json
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from assessor import moments, transfer
from assessor.models import Answer, Assessment
from tests.assessor.test_transfer import fill

OUT_OF_RANGE = [
    "0001-01-01T00:00:00+14:00",  # year 0 in UTC
    "9999-12-31T23:59:59-14:00",  # year 10000 in UTC
    "0001-01-01T00:00:00+00:00",  # storable, but no sane assessment date
    "1999-12-31T23:59:59+00:00",
]


@pytest.fixture
def exported(personas, assessment):
    fill(assessment, personas.alice)
    return transfer.assessment_to_json(assessment)


def _import(personas, document):
    return transfer.assessment_import(
        organization=personas.org_b, user=personas.charlie, data=json.dumps(document).encode()
    )


def _org_pages(org, code=None):
    pages = [
        reverse("accounts:dashboard"),
        reverse("accounts:organization", args=[org.slug]),
        reverse("assessor:timeline", args=[org.slug]),
        reverse("assessor:compare", args=[org.slug]),
    ]
    if code:
        for name in ("results", "export_csv", "export_json", "step"):
            args = [org.slug, code] + (["context"] if name == "step" else [])
            pages.append(reverse(f"assessor:{name}", args=args))
    return pages


def _with_date(exported, where, value):
    document = copy.deepcopy(exported)
    document["status"] = "completed"
    document["completed_at"] = "2026-03-02T10:00:00+00:00"
    if where == "answered_at":
        document["answers"][0]["answered_at"] = value
    else:
        document[where] = value
    return document


@pytest.mark.parametrize("where", ["created_at", "completed_at", "answered_at"])
@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_dates_outside_the_sane_range_are_refused(personas, exported, login, where, value):
    before = Assessment.objects.count()
    with pytest.raises(transfer.ImportInvalid) as refused:
        _import(personas, _with_date(exported, where, value))
    path = "answers[0].answered_at" if where == "answered_at" else where
    assert any(
        e.startswith(f"{path}: ") and "between 1 Jan 2000 and" in e for e in refused.value.errors
    ), refused.value.errors
    assert Assessment.objects.count() == before
    c = login(personas.charlie)
    for url in _org_pages(personas.org_b):
        assert c.get(url).status_code == 200, url


def test_a_date_more_than_a_day_ahead_is_refused(personas, exported):
    ahead = (timezone.now() + timedelta(days=1, hours=1)).isoformat()
    with pytest.raises(transfer.ImportInvalid) as refused:
        _import(personas, _with_date(exported, "created_at", ahead))
    assert any(e.startswith("created_at: ") for e in refused.value.errors)


def test_dates_in_range_in_any_time_zone_are_kept(personas, exported, login):
    soon = (timezone.now() + timedelta(hours=12)).isoformat()
    document = _with_date(exported, "created_at", "2000-01-01T00:00:00+00:00")
    document["answers"][0]["answered_at"] = soon
    document["completed_at"] = "2026-03-02T10:00:00-14:00"
    imported = _import(personas, document)
    imported.refresh_from_db()
    assert imported.created_at.year == 2000
    assert imported.completed_at == timezone.datetime.fromisoformat("2026-03-03T00:00:00+00:00")
    c = login(personas.charlie)
    for url in _org_pages(personas.org_b, imported.code):
        assert c.get(url).status_code == 200, url


# -- whatever writes it: the database refuses a date it could not give back --------------

COLUMNS = [
    (Assessment, "created_at"),
    (Assessment, "completed_at"),
    (Answer, "updated_at"),
]


@pytest.mark.parametrize("model, column", COLUMNS)
@pytest.mark.parametrize("value", OUT_OF_RANGE[:2])
def test_the_database_refuses_unreadable_dates(exported, model, column, value):
    table = model._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s", [value])  # noqa: S608


def test_rows_stored_before_the_check_are_repaired(personas, login, exported):
    """An installation that imported such a file before this fix gets its pages back."""
    imported = _import(personas, exported)
    answer = imported.answers.first()
    constraints = [c.name for c in Assessment._meta.constraints + Answer._meta.constraints]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush the deferred FK checks
        for table in (Assessment._meta.db_table, Answer._meta.db_table):
            for name in constraints:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")
        cursor.execute(
            f"UPDATE {Assessment._meta.db_table} SET created_at = %s, completed_at = %s "  # noqa: S608
            "WHERE id = %s",
            [OUT_OF_RANGE[0], OUT_OF_RANGE[1], imported.pk],
        )
        cursor.execute(
            f"UPDATE {Answer._meta.db_table} SET updated_at = %s WHERE id = %s",  # noqa: S608
            [OUT_OF_RANGE[1], answer.pk],
        )
    moments.repair_unreadable_dates(Assessment, Answer)
    imported.refresh_from_db()
    assert imported.created_at.year == timezone.now().year
    c = login(personas.charlie)
    for url in _org_pages(personas.org_b, imported.code):
        assert c.get(url).status_code == 200, url


@pytest.mark.parametrize("review", ["0001-01-01", "9999-12-31"])
def test_extreme_review_dates_take_no_page_down(personas, login, exported, review):
    """The other date a member types: the organization's next review."""
    c = login(personas.alice)
    r = c.post(
        reverse("accounts:organization_edit", args=["acme"]),
        {"name": "Acme Payments", "industry": "finance", "size": "50-249", "next_review": review},
    )
    assert r.status_code in (200, 302)
    for url in _org_pages(personas.org_a, personas.org_a.assessments.get().code):
        assert c.get(url).status_code == 200, url


def test_the_admin_form_path_refuses_such_dates_as_a_form_error(personas, exported):
    """The admin validates a model before saving (full_clean), constraints included."""
    from datetime import UTC, datetime

    from django.core.exceptions import ValidationError

    assessment = personas.org_a.assessments.get()
    assessment.completed_at = datetime.fromisoformat(OUT_OF_RANGE[0])
    with pytest.raises(ValidationError) as refused:
        assessment.full_clean()
    assert "Dates lie between 2 January 0001 and 30 December 9999" in str(refused.value)
    assessment.completed_at = datetime(2026, 3, 2, tzinfo=UTC)
    assessment.full_clean()
