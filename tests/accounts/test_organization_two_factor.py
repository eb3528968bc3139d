"""An owner requires two-factor of every member of their organization."""

from django.test import Client

from accounts import mfa
from accounts.models import Organization
from tests.accounts.mfa_helpers import code_of, enrol, password_step


def require(org: Organization) -> None:
    org.require_mfa = True
    org.save(update_fields=["require_mfa"])


def test_owner_turns_it_on_after_setting_up_their_own(personas, login, received):
    client = login(personas.alice)
    refused = client.post("/orgs/acme/two-factor/", {"require_mfa": "on"})
    assert refused.status_code == 200
    assert "Set up two-factor for yourself first" in refused.content.decode()
    personas.org_a.refresh_from_db()
    assert not personas.org_a.require_mfa

    enrol(client)
    page = client.get("/orgs/acme/two-factor/")
    rows = {m.user.email: has_app for m, has_app, _ in page.context["rows"]}
    assert rows == {
        "alice@example.org": True,
        "bob@example.org": False,
        "carol@example.org": False,
    }
    response = client.post("/orgs/acme/two-factor/", {"require_mfa": "on"})
    assert response["Location"] == "/orgs/acme/two-factor/"
    personas.org_a.refresh_from_db()
    assert personas.org_a.require_mfa
    changed = [kw for n, kw in received if n == "organization_mfa_requirement_changed"]
    assert changed == [{"organization": personas.org_a, "actor": personas.alice, "required": True}]
    # Saving the same value again changes nothing and says nothing.
    client.post("/orgs/acme/two-factor/", {"require_mfa": "on"})
    client.post("/orgs/acme/two-factor/", {})
    changed = [kw["required"] for n, kw in received if n == "organization_mfa_requirement_changed"]
    assert changed == [True, False]


def test_only_owners_see_the_setting(personas, login):
    assert login(personas.bob).get("/orgs/acme/two-factor/").status_code == 403
    assert login(personas.charlie).get("/orgs/acme/two-factor/").status_code == 404


def test_a_member_without_two_factor_is_sent_to_set_it_up(personas, login):
    require(personas.org_a)
    client = login(personas.bob)
    for url in ("/orgs/acme/", "/orgs/acme/members/", "/orgs/acme/timeline/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"/account/two-factor/?next={url.replace('/', '%2F')}"
    # Other organizations and one's own account pages stay open.
    assert client.get("/").status_code == 200
    assert client.get("/account/two-factor/").status_code == 200

    device, _ = enrol(client)
    assert client.get("/orgs/acme/").status_code == 200


def test_enrolment_goes_back_to_the_page_asked_for(personas, login):
    require(personas.org_a)
    client = login(personas.bob)
    client.get("/account/two-factor/?next=/orgs/acme/members/")
    device = mfa.enrolment_device(personas.bob)
    response = client.post(
        "/account/two-factor/", {"code": code_of(device), "next": "/orgs/acme/members/"}
    )
    assert response["Location"] == "/account/two-factor/recovery-codes/?next=/orgs/acme/members/"
    page = client.get(response["Location"])
    assert 'href="/orgs/acme/members/"' in page.content.decode()


def test_a_session_from_before_the_app_enters_a_code(personas, login):
    """Signed in on two browsers, set up the app on one: the other one's
    session has not shown the app, so it is asked for a code."""
    device, _ = enrol(login(personas.bob))
    require(personas.org_a)
    client = Client()
    client.force_login(personas.bob, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/orgs/acme/")
    assert response["Location"] == "/login/code/?next=%2Forgs%2Facme%2F"
    response = client.post("/login/code/?next=/orgs/acme/", {"code": code_of(device, 1)})
    assert response["Location"] == "/orgs/acme/"
    assert client.get("/orgs/acme/").status_code == 200


def test_the_requirement_reaches_htmx_requests_and_the_api(personas, login):
    require(personas.org_a)
    client = login(personas.bob)
    response = client.get("/orgs/acme/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith("/account/two-factor/")
    response = client.get("/api/v1/orgs/acme/")
    assert response.status_code == 403
    assert "requires two-factor" in response.json()["detail"]


def test_members_of_a_requiring_org_cannot_turn_it_off(personas, login):
    client = login(personas.bob)
    enrol(client)
    require(personas.org_a)
    page = client.get("/account/two-factor/disable/")
    assert "Acme Payments" in page.content.decode()
    client.post("/account/two-factor/disable/", {"password": "correct horse battery staple"})
    assert mfa.has_two_factor(personas.bob)


def test_sign_in_with_code_then_the_org_opens(personas, login):
    device, _ = enrol(login(personas.bob))
    require(personas.org_a)
    client = Client()
    password_step(client, "bob@example.org", "/orgs/acme/")
    response = client.post("/login/code/", {"code": code_of(device, 1)})
    assert response["Location"] == "/orgs/acme/"
    assert client.get("/orgs/acme/").status_code == 200


def test_a_session_that_has_not_passed_two_factor_cannot_mint_an_api_token(personas, login):
    """A token made by a session from before the app was set up would carry
    the account past the organization's rule (the API accepts the tokens of
    users who have two-factor): the tokens page asks for a code first."""
    device, _ = enrol(login(personas.bob))
    require(personas.org_a)
    client = Client()
    client.force_login(personas.bob, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post("/account/tokens/", {"name": "ci", "scope": "read", "expires": "30"})

    assert response["Location"] == "/login/code/?next=%2Faccount%2Ftokens%2F"
    assert not personas.bob.tokens.exists()
    response = client.post("/login/code/?next=/account/tokens/", {"code": code_of(device, 1)})
    assert response["Location"] == "/account/tokens/"
    assert client.get("/account/tokens/").status_code == 200


def test_a_member_without_two_factor_is_sent_to_set_it_up_before_making_a_token(personas, login):
    require(personas.org_a)
    client = login(personas.carol)
    response = client.get("/account/tokens/")
    assert response["Location"] == "/account/two-factor/?next=%2Faccount%2Ftokens%2F"
    # Outside such organizations tokens are made as before.
    assert login(personas.charlie).get("/account/tokens/").status_code == 200
