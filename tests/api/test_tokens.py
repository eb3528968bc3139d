"""Personal access tokens: made on the account page, shown once, stored as a
hash, limited by scope and expiry, revocable by their user and by an owner
of an organization they reached."""

import hashlib
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from accounts.models import AccessToken, AccessTokenUse


def _create(client, follow=False, **fields):
    data = {"name": "Grafana", "scope": "read", "expires": "30", **fields}
    return client.post(reverse("accounts:tokens"), data, follow=follow)


def _secret_in(html: str) -> str:
    start = html.index(AccessToken.PREFIX)
    return html[start : html.index('"', start)]


def test_it_creates_a_token_shown_once_and_stores_only_its_hash(personas, login):
    client = login(personas.alice)
    response = _create(client, follow=True)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = _secret_in(response.content.decode())
    token = AccessToken.objects.get(user=personas.alice)
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert token.name == "Grafana" and token.scope == "read"
    assert token.expires_at - timezone.now() > timedelta(days=29)
    # Nowhere in the row, and never again on the page.
    row = AccessToken.objects.filter(pk=token.pk).values().get()
    assert secret not in str(row)
    page = client.get(reverse("accounts:tokens")).content.decode()
    assert "Grafana" in page and token.hint in page
    assert secret not in page


def test_reloading_the_page_that_shows_the_secret_makes_no_second_token(personas, login):
    client = login(personas.alice)
    shown = _create(client, follow=True)
    assert AccessToken.PREFIX in shown.content.decode()
    # A reload repeats the request that produced the page: a GET after the
    # redirect (a browser would re-send the POST if the page were its answer).
    assert shown.redirect_chain, "the page showing the secret must come from a redirect"
    again = client.get(shown.request["PATH_INFO"])
    assert AccessToken.objects.filter(user=personas.alice).count() == 1
    assert AccessToken.PREFIX not in again.content.decode()
    assert "no-store" in shown["Cache-Control"]


def test_the_secret_is_long_random_and_recognisable(personas):
    _, one = tokens.token_create(user=personas.alice, name="a", scope="read", expires_at=None)
    _, two = tokens.token_create(user=personas.alice, name="b", scope="read", expires_at=None)
    assert one.startswith("rapat_") and len(one) >= 48
    assert one != two


def test_it_refuses_a_token_without_a_name(personas, login):
    response = _create(login(personas.alice), name="")
    assert response.status_code == 200
    assert not AccessToken.objects.exists()
    assert AccessToken.PREFIX not in response.content.decode()


def test_the_token_signs_in_to_the_api(personas, api):
    response = api(personas.alice).get("/api/v1/orgs/")
    assert response.status_code == 200
    assert [o["slug"] for o in response.json()["results"]] == ["acme"]


def test_an_expired_token_is_refused(personas, client):
    token, secret = tokens.token_create(
        user=personas.alice, name="old", scope="read", expires_at=timezone.now() + timedelta(1)
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/orgs/", **auth).status_code == 200
    AccessToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(1))
    response = client.get("/api/v1/orgs/", **auth)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_wrong_or_malformed_token_is_refused(personas, client):
    for header in ("Bearer rapat_nope", "Bearer nope", "Bearer a b", "Bearer"):
        response = client.get("/api/v1/orgs/", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header


def test_a_deactivated_user_s_token_is_refused(personas, client):
    _, secret = tokens.token_create(user=personas.bob, name="x", scope="read", expires_at=None)
    personas.bob.is_active = False
    personas.bob.save()
    assert client.get("/api/v1/orgs/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_the_user_revokes_a_token(personas, login, client):
    token, secret = tokens.token_create(
        user=personas.alice, name="ci", scope="write", expires_at=None
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/orgs/", **auth).status_code == 200
    login(personas.alice)
    url = reverse("accounts:token_revoke", args=[token.code])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == personas.alice
    client.logout()
    assert client.get("/api/v1/orgs/", **auth).status_code == 401


def test_nobody_else_revokes_a_user_s_token_from_the_account_page(personas, login):
    token, _ = tokens.token_create(user=personas.alice, name="ci", scope="read", expires_at=None)
    response = login(personas.bob).post(reverse("accounts:token_revoke", args=[token.code]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_last_use_is_written_at_most_once_a_minute(personas, api, django_assert_num_queries):
    client = api(personas.bob)
    token = AccessToken.objects.get(user=personas.bob)
    assert token.last_used_at is None
    client.get("/api/v1/orgs/acme/")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    # token, membership: no writes for the second request within the minute.
    with django_assert_num_queries(2):
        client.get("/api/v1/orgs/acme/")
    token.refresh_from_db()
    assert token.last_used_at == first


def test_it_records_which_organizations_a_token_reached(personas, api):
    client = api(personas.alice)
    client.get("/api/v1/orgs/")
    assert not AccessTokenUse.objects.exists()
    client.get("/api/v1/orgs/acme/members/")
    client.get("/api/v1/orgs/bolt/")  # not a member: 404, nothing reached
    use = AccessTokenUse.objects.get()
    assert use.organization == personas.org_a
    assert use.token.user == personas.alice


def test_an_owner_sees_and_revokes_tokens_used_on_the_organization(personas, api, login):
    api(personas.bob).get("/api/v1/orgs/acme/")
    bob_token = AccessToken.objects.get(user=personas.bob)
    unused, _ = tokens.token_create(user=personas.bob, name="unused", scope="read", expires_at=None)
    client = login(personas.alice)
    page = client.get(reverse("accounts:organization_tokens", args=["acme"])).content.decode()
    assert "bob@example.org" in page and bob_token.hint in page
    assert "unused" not in page
    url = reverse("accounts:organization_token_revoke", args=["acme", bob_token.code])
    response = client.post(url)
    assert response.status_code == 302
    bob_token.refresh_from_db()
    assert bob_token.revoked_at is not None and bob_token.revoked_by == personas.alice
    # A token that never reached Acme is not Alice's to revoke.
    url = reverse("accounts:organization_token_revoke", args=["acme", unused.code])
    assert client.post(url).status_code == 404


def test_only_owners_see_the_organization_s_tokens(personas, api, login, client):
    api(personas.bob).get("/api/v1/orgs/acme/")
    bob_token = AccessToken.objects.get(user=personas.bob)
    list_url = reverse("accounts:organization_tokens", args=["acme"])
    revoke_url = reverse("accounts:organization_token_revoke", args=["acme", bob_token.code])
    login(personas.bob)
    assert client.get(list_url).status_code == 403
    assert client.post(revoke_url).status_code == 403
    login(personas.charlie)
    assert client.get(list_url).status_code == 404
    assert client.post(revoke_url).status_code == 404
    bob_token.refresh_from_db()
    assert bob_token.revoked_at is None


def test_the_admin_lists_tokens_without_their_hash(personas, client):
    token, _ = tokens.token_create(user=personas.bob, name="ci", scope="read", expires_at=None)
    admin_user = personas.alice
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    listing = client.get("/admin/accounts/accesstoken/")
    assert listing.status_code == 200 and "bob@example.org" in listing.content.decode()
    detail = client.get(f"/admin/accounts/accesstoken/{token.pk}/change/")
    assert detail.status_code == 200
    assert token.digest not in detail.content.decode()
