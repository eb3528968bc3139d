"""Every kind of audit entry, each caused the way it happens in real use
(a page, the API, a sign-in form, a signal, the retention purge), written
once, with the right actor, organization and address.

TRIGGERS is keyed by AuditEvent.Kind and a test checks that it covers every
kind: a new kind without a test here fails the suite.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import signals, tokens
from accounts.audit import retention
from accounts.audit.models import ORGANIZATION_KINDS, AuditEvent, Kind
from accounts.audit.recording import AuditContextMiddleware, record
from accounts.models import AccessToken, Membership, Organization, User
from assessor import transfer
from assessor.plans import services as plan_services
from tests.audit.conftest import last_id, new_events
from tests.conftest import PASSWORD
from tests.security.conftest import World

LOOPBACK = "127.0.0.1"


@dataclass
class Expect:
    actor: User | None
    organization: Organization | None
    address: str | None = LOOPBACK


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def token_client(user: User) -> tuple[APIClient, AccessToken]:
    token, secret = tokens.token_create(user=user, name="dashboards", scope="read", expires_at=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client, token


def login_url() -> str:
    return reverse("accounts:login")


# -- one function per kind: do it as a person would, say what should be written -------------
# Each runs after the world is built and returns the entries it expects (usually one).


def signs_in(w: World, settings) -> list[Expect]:
    r = Client().post(login_url(), {"username": "BOB@example.org", "password": PASSWORD})
    assert r.status_code == 302
    return [Expect(w.personas.bob, None)]


def signs_out(w: World, settings) -> list[Expect]:
    client = signed_in(w.personas.bob)
    assert client.post(reverse("accounts:logout")).status_code == 302
    return [Expect(w.personas.bob, None)]


def fails_to_sign_in(w: World, settings) -> list[Expect]:
    r = Client().post(login_url(), {"username": "bob@example.org", "password": "wrong"})
    assert r.status_code == 200
    return [Expect(None, None)]


def gets_locked_out(w: World, settings) -> list[Expect]:
    settings.AXES_FAILURE_LIMIT = 1
    r = Client().post(login_url(), {"username": "bob@example.org", "password": "wrong"})
    assert r.status_code == 429
    return [Expect(None, None)]


# Two-factor and single sign-on: their views (accounts/mfa*.py, accounts/sso*.py)
# send the signals of accounts/signals.py, whose sending their own tests
# cover; here each signal is sent as those views send it, from a request.


def _request(path: str = "/login/code/", user: User | None = None):
    request = RequestFactory().post(path, REMOTE_ADDR=LOOPBACK)
    request.user = user or AnonymousUser()
    return request


def _within(request, send) -> None:
    """Send a signal while `request` is being served, as the middleware sees it."""
    AuditContextMiddleware(lambda r: send() or HttpResponse())(request)


def fails_a_two_factor_code(w: World, settings) -> list[Expect]:
    bob, request = w.personas.bob, _request()
    # As accounts/mfa.py does: the lockout counts it, then it says what it was.
    user_login_failed.send(sender="accounts.mfa", credentials={"username": bob.email},
                           request=request)  # fmt: skip
    signals.mfa_code_failed.send(sender=None, user=bob, request=request)
    return [Expect(None, None)]


def turns_two_factor_on(w: World, settings) -> list[Expect]:
    bob = w.personas.bob
    _within(_request("/account/two-factor/", bob),
            lambda: signals.mfa_enabled.send(sender=None, user=bob))  # fmt: skip
    return [Expect(bob, None)]


def turns_two_factor_off(w: World, settings) -> list[Expect]:
    bob = w.personas.bob
    _within(_request("/account/two-factor/", bob),
            lambda: signals.mfa_disabled.send(sender=None, user=bob))  # fmt: skip
    return [Expect(bob, None)]


def replaces_recovery_codes(w: World, settings) -> list[Expect]:
    bob = w.personas.bob
    _within(_request("/account/two-factor/", bob),
            lambda: signals.recovery_codes_regenerated.send(sender=None, user=bob))  # fmt: skip
    return [Expect(bob, None)]


def requires_two_factor(w: World, settings) -> list[Expect]:
    alice = w.personas.alice
    _within(_request("/orgs/acme/two-factor/", alice),
            lambda: signals.organization_mfa_requirement_changed.send(
                sender=None, organization=w.acme.org, actor=alice, required=True))  # fmt: skip
    return [Expect(alice, w.acme.org)]


def is_created_by_single_sign_on(w: World, settings) -> list[Expect]:
    newcomer = User.objects.create_user("sso.newcomer@example.org")
    request = _request("/sso/callback/")
    newcomer.backend = "accounts.sso.SingleSignOnBackend"
    user_logged_in.send(sender=User, request=request, user=newcomer)
    signals.sso_signed_in.send(sender=None, user=newcomer, request=request, created=True)
    return [Expect(newcomer, None)]


def is_refused_by_single_sign_on(w: World, settings) -> list[Expect]:
    signals.sso_refused.send(sender=None, email="eve@elsewhere.test", request=_request(),
                             reason="domain")  # fmt: skip
    return [Expect(None, None)]


def creates_a_token(w: World, settings) -> list[Expect]:
    client = signed_in(w.personas.alice)
    r = client.post(
        reverse("accounts:tokens"), {"name": "CI", "scope": "read", "expires": ""}, follow=True
    )
    assert r.redirect_chain and b"rapat_" in r.content
    return [Expect(w.personas.alice, None)]


def uses_a_token(w: World, settings) -> list[Expect]:
    client, _ = token_client(w.personas.bob)
    assert client.get("/api/v1/orgs/acme/").status_code == 200
    assert client.get("/api/v1/orgs/acme/members/").status_code == 200  # same day: no entry
    # One for the token's use as such, one for the organization it reached.
    return [Expect(w.personas.bob, None), Expect(w.personas.bob, w.acme.org)]


def revokes_a_token(w: World, settings) -> list[Expect]:
    client, token = token_client(w.personas.bob)
    client.get("/api/v1/orgs/acme/")
    url = reverse("accounts:organization_token_revoke", args=["acme", token.code])
    assert signed_in(w.personas.alice).post(url).status_code == 302
    return [Expect(w.personas.alice, w.acme.org)]


def invites(w: World, settings) -> list[Expect]:
    r = signed_in(w.personas.alice).post(
        reverse("accounts:members", args=["acme"]), {"email": "zoe@acme.test", "role": "viewer"}
    )
    assert r.status_code == 200 and b"zoe@acme.test" in r.content
    return [Expect(w.personas.alice, w.acme.org)]


def withdraws_an_invitation(w: World, settings) -> list[Expect]:
    url = reverse("accounts:invitation_revoke", args=["acme", w.acme.invitation.code])
    assert signed_in(w.personas.alice).post(url).status_code == 302
    return [Expect(w.personas.alice, w.acme.org)]


def accepts_an_invitation(w: World, settings) -> list[Expect]:
    form = {"full_name": "Nina Newcomer", "password1": PASSWORD, "password2": PASSWORD}
    r = Client().post(w.acme.invitation.get_absolute_url(), form)
    assert r.status_code == 302, r.content[-600:]
    return [Expect(User.objects.get(email=w.acme.invitation.email), w.acme.org)]


def changes_a_role(w: World, settings) -> list[Expect]:
    bob = w.personas.membership(w.personas.bob, w.acme.org)
    url = reverse("accounts:member_role", args=["acme", bob.code])
    assert signed_in(w.personas.alice).post(url, {"role": "viewer"}).status_code == 302
    return [Expect(w.personas.alice, w.acme.org)]


def removes_a_member(w: World, settings) -> list[Expect]:
    carol = w.personas.membership(w.personas.carol, w.acme.org)
    url = reverse("accounts:member_remove", args=["acme", carol.code])
    assert signed_in(w.personas.alice).post(url).status_code == 302
    return [Expect(w.personas.alice, w.acme.org)]


def leaves(w: World, settings) -> list[Expect]:
    bob = w.personas.membership(w.personas.bob, w.acme.org)
    url = reverse("accounts:member_remove", args=["acme", bob.code])
    assert signed_in(w.personas.bob).post(url).status_code == 302
    return [Expect(w.personas.bob, w.acme.org)]


def exports_an_assessment(w: World, settings) -> list[Expect]:
    url = reverse("assessor:export_csv", args=["acme", w.acme.assessment.code])
    assert signed_in(w.personas.carol).get(url).status_code == 200
    return [Expect(w.personas.carol, w.acme.org)]


def imports_an_assessment(w: World, settings) -> list[Expect]:
    data = json.dumps(transfer.assessment_to_json(w.bolt.assessment)).encode()
    upload = _upload("bolt.json", data)
    r = signed_in(w.fred).post(reverse("assessor:import", args=["acme"]), {"file": upload})
    assert r.status_code == 302, r.content[-800:]
    return [Expect(w.fred, w.acme.org)]


def deletes_an_assessment(w: World, settings) -> list[Expect]:
    assessment = w.acme.assessment
    url = reverse("assessor:delete", args=["acme", assessment.code])
    r = signed_in(w.fred).post(url, {"confirm_title": assessment.title})
    assert r.status_code == 302
    return [Expect(w.fred, w.acme.org)]


def exports_the_plan(w: World, settings) -> list[Expect]:
    r = signed_in(w.personas.carol).get(reverse("plans:export_csv", args=["acme"]))
    assert r.status_code == 200
    return [Expect(w.personas.carol, w.acme.org)]


def imports_a_plan(w: World, settings) -> list[Expect]:
    plan_services.action_create(
        organization=w.acme.org, assessment=w.acme.assessment, user=w.fred,
        title="Pipeline for every service",
        dimension=w.acme.assessment.framework.parsed.dimensions[0].key, question_keys=[],
    )  # fmt: skip
    client = signed_in(w.fred)
    exported = client.get(reverse("plans:export_csv", args=["acme"])).content
    r = client.post(
        reverse("plans:import", args=["acme"]),
        {"assessment": str(w.acme.assessment.code), "file": _upload("plan.csv", exported)},
    )
    assert r.status_code == 302, r.content.decode().split('class="errorlist')[-1][:600]
    return [Expect(w.fred, w.acme.org)]


def downloads_a_report(w: World, settings) -> list[Expect]:
    report = w.acme.report
    url = reverse("reports:download", args=["acme", w.acme.assessment.code, report.code])
    r = signed_in(w.personas.carol).get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    return [Expect(w.personas.carol, w.acme.org)]


def deletes_a_report(w: World, settings) -> list[Expect]:
    report = w.acme.report
    url = reverse("reports:delete", args=["acme", w.acme.assessment.code, report.code])
    assert signed_in(w.fred).post(url).status_code == 302
    return [Expect(w.fred, w.acme.org)]


def exports_the_audit_log(w: World, settings) -> list[Expect]:
    r = signed_in(w.personas.alice).get(reverse("audit:export", args=["acme"]))
    assert r.status_code == 200
    b"".join(r.streaming_content)
    return [Expect(w.personas.alice, w.acme.org)]


def purges_old_entries(w: World, settings) -> list[Expect]:
    settings.AUDIT_RETENTION_DAYS = 30
    AuditEvent.objects.create(kind=Kind.SIGNED_IN, at=timezone.now() - timedelta(days=31))
    assert retention.audit_purge() == 1
    return [Expect(None, None, address=None)]


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/json")


TRIGGERS: dict[str, Callable[[World, object], list[Expect]]] = {
    Kind.SIGNED_IN: signs_in,
    Kind.SIGNED_OUT: signs_out,
    Kind.SIGN_IN_FAILED: fails_to_sign_in,
    Kind.LOCKED_OUT: gets_locked_out,
    Kind.SSO_ACCOUNT_CREATED: is_created_by_single_sign_on,
    Kind.SSO_REFUSED: is_refused_by_single_sign_on,
    Kind.MFA_ENABLED: turns_two_factor_on,
    Kind.MFA_DISABLED: turns_two_factor_off,
    Kind.RECOVERY_CODES_REGENERATED: replaces_recovery_codes,
    Kind.MFA_CODE_FAILED: fails_a_two_factor_code,
    Kind.MFA_REQUIREMENT_CHANGED: requires_two_factor,
    Kind.TOKEN_CREATED: creates_a_token,
    Kind.TOKEN_USED: uses_a_token,
    Kind.TOKEN_REVOKED: revokes_a_token,
    Kind.INVITATION_SENT: invites,
    Kind.INVITATION_REVOKED: withdraws_an_invitation,
    Kind.INVITATION_ACCEPTED: accepts_an_invitation,
    Kind.ROLE_CHANGED: changes_a_role,
    Kind.MEMBER_REMOVED: removes_a_member,
    Kind.MEMBER_LEFT: leaves,
    Kind.ASSESSMENT_EXPORTED: exports_an_assessment,
    Kind.ASSESSMENT_IMPORTED: imports_an_assessment,
    Kind.ASSESSMENT_DELETED: deletes_an_assessment,
    Kind.PLAN_EXPORTED: exports_the_plan,
    Kind.PLAN_IMPORTED: imports_a_plan,
    Kind.REPORT_DOWNLOADED: downloads_a_report,
    Kind.REPORT_DELETED: deletes_a_report,
    Kind.AUDIT_EXPORTED: exports_the_audit_log,
    Kind.AUDIT_PURGED: purges_old_entries,
}


def test_every_kind_has_a_trigger_here():
    assert sorted(set(Kind) - TRIGGERS.keys()) == []


@pytest.mark.parametrize("kind", list(TRIGGERS), ids=str)
def test_each_kind_is_written_once_with_its_actor_and_organization(kind, world: World, settings):
    since = last_id()
    expected = TRIGGERS[kind](world, settings)
    written = new_events(since, kind=kind)
    got = [(e.actor_id, e.organization_id, e.address) for e in written]
    want = [
        (x.actor.pk if x.actor else None, x.organization.pk if x.organization else None, x.address)
        for x in expected
    ]
    assert sorted(got, key=str) == sorted(want, key=str)
    for event in written:
        assert event.actor_email == (event.actor.email if event.actor_id else "")
        assert event.organization_name == (event.organization.name if event.organization_id else "")
        # Owners see exactly the organization's kinds; the rest concern people.
        if event.organization_id:
            assert kind in ORGANIZATION_KINDS


def test_the_entries_name_what_happened(world: World):
    """Targets and details, for a few kinds whose wording matters."""
    since = last_id()
    changes_a_role(world, None)
    fails_to_sign_in(world, None)
    downloads_a_report(world, None)
    (role,) = new_events(since, kind=Kind.ROLE_CHANGED)
    (failure,) = new_events(since, kind=Kind.SIGN_IN_FAILED)
    (download,) = new_events(since, kind=Kind.REPORT_DOWNLOADED)
    assert role.target == "bob@example.org"
    assert role.detail == {"from": "participant", "to": "viewer"}
    assert failure.target == "bob@example.org" and failure.detail == {"account_exists": True}
    assert download.target == f"{world.acme.assessment.title}, v{world.acme.report.number}"
    assert download.target_code == world.acme.report.code


def test_a_failed_sign_in_never_keeps_what_was_typed_unless_it_is_an_address(world: World):
    since = last_id()
    # Someone typed their password into the email field (of the admin's
    # sign-in form: ours refuses anything but an address before trying it).
    Client().post("/admin/login/", {"username": "hunter2-secret", "password": "x"})
    (failure,) = new_events(since, kind=Kind.SIGN_IN_FAILED)
    assert "hunter2" not in failure.target + json.dumps(failure.detail)
    assert failure.actor_id is None


def test_a_token_is_noted_again_from_another_address_or_on_another_day(world: World):
    client, token = token_client(world.personas.bob)
    since = last_id()
    client.get("/api/v1/orgs/acme/")
    client.get("/api/v1/orgs/acme/", REMOTE_ADDR="192.0.2.7")
    client.get("/api/v1/orgs/acme/", REMOTE_ADDR="192.0.2.7")
    uses = new_events(since, kind=Kind.TOKEN_USED, organization=world.acme.org)
    assert [e.address for e in uses] == [LOOPBACK, "192.0.2.7"]
    assert {e.target_code for e in uses} == {token.code}
    assert uses[0].target == f"dashboards (…{token.hint})"


def test_a_report_downloaded_through_the_api_names_the_token(world: World):
    client, token = token_client(world.personas.carol)
    url = (
        f"/api/v1/orgs/acme/assessments/{world.acme.assessment.code}"
        f"/reports/{world.acme.report.code}/download/"
    )
    since = last_id()
    assert client.get(url).status_code == 200
    (download,) = new_events(since, kind=Kind.REPORT_DOWNLOADED)
    assert download.actor == world.personas.carol
    assert download.detail["via"] == f"API token dashboards (…{token.hint})"


def test_the_address_behind_a_trusted_proxy_is_the_client_s(world: World, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    since = last_id()
    Client().post(
        login_url(),
        {"username": "bob@example.org", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9",
    )
    (event,) = new_events(since, kind=Kind.SIGNED_IN)
    assert event.address == "203.0.113.9"


def test_nothing_secret_reaches_an_entry(world: World):
    since = last_id()
    creates_a_token(world, None)
    signs_in(world, None)
    _, secret = tokens.token_create(
        user=world.personas.bob, name="x", scope="read", expires_at=None
    )

    record(Kind.TOKEN_CREATED, detail={"password": PASSWORD, "note": secret, "otp_code": "123"})
    rows = json.dumps([[e.target, e.detail] for e in new_events(since)])
    assert PASSWORD not in rows and "rapat_" not in rows and "123" not in rows
    assert "(masked)" in rows


def test_a_refused_action_writes_nothing(world: World):
    """Bob may not change roles: no entry pretends he did."""
    alice = world.personas.membership(world.personas.alice, world.acme.org)
    since = last_id()
    url = reverse("accounts:member_role", args=["acme", alice.code])
    assert signed_in(world.personas.bob).post(url, {"role": "viewer"}).status_code == 403
    assert new_events(since, kind=Kind.ROLE_CHANGED) == []
    assert Membership.objects.get(pk=alice.pk).role == "owner"


def test_a_wrong_two_factor_code_is_one_entry_not_also_a_failed_sign_in(world: World):
    since = last_id()
    fails_a_two_factor_code(world, None)
    (entry,) = new_events(since)
    assert (entry.kind, entry.target) == (Kind.MFA_CODE_FAILED, "bob@example.org")


def test_a_single_sign_on_is_one_sign_in_whose_method_says_so(world: World):
    since = last_id()
    is_created_by_single_sign_on(world, None)
    signed_in_entry, created = new_events(since)
    assert signed_in_entry.kind == Kind.SIGNED_IN
    assert signed_in_entry.detail == {"method": "single sign-on"}
    assert created.kind == Kind.SSO_ACCOUNT_CREATED
    assert signed_in_entry.address == created.address == LOOPBACK


def test_a_refusal_by_single_sign_on_names_the_address_and_the_reason(world: World):
    since = last_id()
    is_refused_by_single_sign_on(world, None)
    (refusal,) = new_events(since)
    assert refusal.target == "eve@elsewhere.test"
    assert refusal.detail == {"account_exists": False, "reason": "domain"}
