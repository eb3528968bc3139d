"""A token acts for its user: an organization that requires two-factor
answers a token only when its user has two-factor."""

from django_otp.plugins.otp_totp.models import TOTPDevice


def test_a_token_of_a_user_without_two_factor_is_refused(personas, api):
    personas.org_a.require_mfa = True
    personas.org_a.save()
    client = api(personas.bob, "read")
    response = client.get("/api/v1/orgs/acme/")
    assert response.status_code == 403
    assert "requires two-factor" in response.json()["detail"]
    # Other organizations are not affected.
    assert api(personas.charlie, "read").get("/api/v1/orgs/bolt/").status_code == 200

    TOTPDevice.objects.create(user=personas.bob, name="app", confirmed=True)
    assert client.get("/api/v1/orgs/acme/").status_code == 200
