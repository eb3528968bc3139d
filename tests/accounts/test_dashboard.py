from django.urls import reverse


def test_it_lists_only_my_organizations(personas, login):
    r = login(personas.alice).get(reverse("accounts:dashboard"))
    assert r.status_code == 200
    assert "Acme Payments" in r.text
    assert "Bolt Robotics" not in r.text


def test_it_shows_the_role(personas, login):
    r = login(personas.carol).get(reverse("accounts:dashboard"))
    assert "Viewer" in r.text


def test_it_redirects_anonymous_to_login(client, db):
    r = client.get(reverse("accounts:dashboard"))
    assert r.status_code == 302
    assert r.url.startswith(reverse("accounts:login"))


def test_it_runs_a_constant_number_of_queries(personas, login, django_assert_max_num_queries):
    from accounts.models import Membership, Organization

    for i in range(20):
        org = Organization.objects.create(name=f"Client {i}", slug=f"client-{i}")
        Membership.objects.create(user=personas.alice, organization=org, role="viewer")
    c = login(personas.alice)
    with django_assert_max_num_queries(4):
        r = c.get(reverse("accounts:dashboard"))
    assert r.text.count("org-card") == 21
