from django.urls import reverse

from accounts.models import Membership, Organization

URL = reverse("accounts:organization_create")


def test_it_creates_with_the_creator_as_owner(personas, login):
    c = login(personas.bob)
    r = c.post(
        URL, {"name": "Globex Bank", "industry": "finance", "size": "1000+", "regulated": "on"}
    )
    org = Organization.objects.get(name="Globex Bank")
    assert r.status_code == 302
    assert r.url == reverse("accounts:organization", args=[org.slug])
    assert org.slug == "globex-bank"
    assert org.regulated is True
    assert Membership.objects.get(organization=org).user == personas.bob
    assert Membership.objects.get(organization=org).role == "owner"


def test_it_makes_slugs_unique(personas, login):
    c = login(personas.alice)
    c.post(URL, {"name": "Acme", "industry": "software", "size": "1-49"})
    c.post(URL, {"name": "Acme", "industry": "software", "size": "1-49"})
    slugs = sorted(Organization.objects.filter(name="Acme").values_list("slug", flat=True))
    assert slugs == ["acme-2", "acme-3"]  # "acme" is taken by the persona org


def test_it_rejects_a_missing_name(personas, login):
    r = login(personas.alice).post(URL, {"name": "", "industry": "software", "size": "1-49"})
    assert r.status_code == 200
    assert "This field is required" in r.text
    assert Organization.objects.count() == 2


def test_it_requires_login(client, db):
    r = client.get(URL)
    assert r.status_code == 302
    assert reverse("accounts:login") in r.url
