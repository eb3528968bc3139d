"""An organization's audit log page: owners only, its own entries only,
filters, pages, and a fixed number of queries whatever the page shows."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.audit.models import AuditEvent, Kind
from accounts.audit.recording import record
from accounts.audit.views import PAGE_SIZE
from accounts.models import Membership, User
from tests.conftest import Personas

URL = reverse("audit:log", args=["acme"])


@pytest.fixture
def fred(personas: Personas) -> User:
    user = User.objects.create_user("fred@example.org", "x" * 20, full_name="Fred Facilitator")
    Membership.objects.create(user=user, organization=personas.org_a, role="facilitator")
    return user


@pytest.fixture
def log(personas: Personas) -> None:
    p = personas
    record(Kind.ROLE_CHANGED, actor=p.alice, organization=p.org_a, target="bob@example.org",
           detail={"from": "participant", "to": "viewer"})  # fmt: skip
    record(Kind.REPORT_DOWNLOADED, actor=p.carol, organization=p.org_a, target="Q3 baseline, v2")
    record(Kind.ASSESSMENT_EXPORTED, actor=p.bob, organization=p.org_a, target="=cmd|' /C calc'!A0")
    # Not Acme's: another organization's, and a person's own sign-in.
    record(Kind.MEMBER_LEFT, actor=p.charlie, organization=p.org_b, target="Bolt secret plans")
    record(Kind.SIGNED_IN, actor=p.alice)


def test_it_shows_the_organization_s_entries_to_its_owner(personas, log, login):
    page = login(personas.alice).get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Role changed" in html and "Participant → Viewer" in html
    assert "Report downloaded" in html and "carol@example.org" in html
    assert "=cmd|&#x27; /C calc&#x27;!A0" in html  # escaped, shown as text
    assert "Bolt secret plans" not in html and "Signed in" not in html
    assert "3 entries" in html


def test_the_organization_page_links_to_it_for_owners_only(personas, login, client):
    org_url = reverse("accounts:organization", args=["acme"])
    assert URL in login(personas.alice).get(org_url).content.decode()
    assert URL not in login(personas.bob).get(org_url).content.decode()


def test_other_organizations_people_get_404(personas, log, login):
    client = login(personas.charlie)
    assert client.get(URL).status_code == 404
    assert client.get(reverse("audit:export", args=["acme"])).status_code == 404
    assert client.get(reverse("audit:log", args=["no-such-org"])).status_code == 404


@pytest.mark.parametrize("who", ["bob", "carol", "fred"])
def test_members_who_are_not_owners_get_403(personas, log, login, fred, who):
    """Participants, viewers and facilitators do not manage members or
    tokens, which most entries are about."""
    user = fred if who == "fred" else getattr(personas, who)
    client = login(user)
    assert client.get(URL).status_code == 403
    assert client.get(reverse("audit:export", args=["acme"])).status_code == 403
    assert not AuditEvent.objects.filter(kind=Kind.AUDIT_EXPORTED).exists()


def test_anonymous_is_sent_to_sign_in(personas):
    from django.test import Client

    response = Client().get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_filters_by_kind_person_and_dates(personas, log, login):
    client = login(personas.alice)
    by_kind = client.get(URL, {"kind": Kind.REPORT_DOWNLOADED}).content.decode()
    assert "Q3 baseline" in by_kind and "Role changed</span>" not in by_kind
    # Whoever acted, or whom it concerned.
    by_person = client.get(URL, {"who": "BOB@"}).content.decode()
    assert "Role changed" in by_person and "Assessment exported" in by_person
    assert "Report downloaded</span>" not in by_person
    today = timezone.localdate()
    none = client.get(URL, {"until": (today - timedelta(days=1)).isoformat()}).content.decode()
    assert "No entry matches these filters." in none
    todays = client.get(URL, {"since": today.isoformat(), "until": today.isoformat()})
    assert "3 entries match the filters" in todays.content.decode()


def test_a_bad_filter_is_shown_and_the_others_still_apply(personas, log, login):
    client = login(personas.alice)
    today = timezone.localdate()
    page = client.get(
        URL,
        {"kind": "no-such-kind", "since": today.isoformat(), "until": "2000-01-01"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Select a valid choice" in html and "The end date is before the start date." in html
    assert "3 entries match the filters" in html  # "since" still applies, alone


def test_htmx_gets_the_list_only(personas, log, login):
    response = login(personas.alice).get(URL, {"kind": "role_changed"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="events"')
    assert "Role changed" in html and "<html" not in html


def test_it_pages_newest_first(personas, login):
    start = timezone.now() - timedelta(hours=1)
    for n in range(PAGE_SIZE + 5):
        AuditEvent.objects.create(
            kind=Kind.REPORT_DOWNLOADED,
            at=start + timedelta(seconds=n),
            organization=personas.org_a,
            target=f"report {n:03d}",
        )
    client = login(personas.alice)
    first = client.get(URL).content.decode()
    assert f"report {PAGE_SIZE + 4:03d}" in first and "report 004" not in first
    assert "Page 1 of 2" in first and "page=2" in first
    second = client.get(URL, {"page": 2, "kind": "report_downloaded"}).content.decode()
    assert "report 004" in second and "report 005" not in second
    assert "kind=report_downloaded&amp;page=1" in second  # the pager keeps the filters
    assert client.get(URL, {"page": "zz"}).status_code == 200  # a bad page is the first


def test_the_page_keeps_to_six_queries_with_500_entries(
    personas, login, django_assert_max_num_queries
):
    client = login(personas.alice)
    for n in range(500):
        AuditEvent.objects.create(kind=Kind.TOKEN_USED, organization=personas.org_a, target=f"t{n}")
    # session, user, the two-factor rule of one's organizations (middleware),
    # membership with organization, count, page
    with django_assert_max_num_queries(6):
        page = client.get(URL)
    assert "500 entries" in page.content.decode() and "t499" in page.content.decode()


def test_details_read_as_words():
    event = AuditEvent(detail={"to": "owner", "from": "viewer", "emailed": False, "answers": 1})
    assert event.detail_text() == "Viewer → Owner · answers: 1 · emailed: no"


def test_the_last_day_the_calendar_has_is_a_filter_not_a_server_error(personas, log, login):
    client = login(personas.alice)
    page = client.get(URL, {"until": "9999-12-31"})
    assert page.status_code == 200
    assert "3 entries" in page.content.decode()
    export = client.get(reverse("audit:export", args=["acme"]), {"until": "9999-12-31"})
    assert export.status_code == 200
    assert b"Bolt secret plans" not in b"".join(export.streaming_content)
