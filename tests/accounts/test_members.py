from django.urls import reverse

from accounts.models import Membership


def members_url(slug="acme"):
    return reverse("accounts:members", args=[slug])


def role_url(m, slug="acme"):
    return reverse("accounts:member_role", args=[slug, m.code])


def remove_url(m, slug="acme"):
    return reverse("accounts:member_remove", args=[slug, m.code])


def test_it_lists_members(personas, login):
    r = login(personas.carol).get(members_url())
    assert r.status_code == 200
    for email in ("alice@example.org", "bob@example.org", "carol@example.org"):
        assert email in r.text
    assert "charlie" not in r.text


def test_only_owners_see_management(personas, login):
    assert "Invite someone" in login(personas.alice).get(members_url()).text
    page = login(personas.bob).get(members_url()).text
    assert "Invite someone" not in page
    assert 'name="role"' not in page


def test_it_checks_membership(personas, login):
    c = login(personas.charlie)
    assert c.get(members_url()).status_code == 404
    bob = personas.membership(personas.bob, personas.org_a)
    assert c.post(role_url(bob), {"role": "owner"}).status_code == 404
    assert c.post(remove_url(bob)).status_code == 404
    # Nor can charlie reach acme's membership through his own organization.
    assert c.post(role_url(bob, slug="bolt"), {"role": "owner"}).status_code == 404
    bob.refresh_from_db()
    assert bob.role == "participant"


def test_anonymous_is_redirected(client, personas):
    r = client.get(members_url())
    assert r.status_code == 302


def test_owner_changes_a_role(personas, login):
    bob = personas.membership(personas.bob, personas.org_a)
    r = login(personas.alice).post(role_url(bob), {"role": "facilitator"})
    assert r.status_code == 302
    bob.refresh_from_db()
    assert bob.role == "facilitator"


def test_unknown_role_is_refused(personas, login):
    bob = personas.membership(personas.bob, personas.org_a)
    r = login(personas.alice).post(role_url(bob), {"role": "emperor"}, follow=True)
    assert "Choose one of the listed roles" in r.text
    bob.refresh_from_db()
    assert bob.role == "participant"


def test_non_owner_cannot_change_roles(personas, login):
    carol = personas.membership(personas.carol, personas.org_a)
    assert login(personas.bob).post(role_url(carol), {"role": "owner"}).status_code == 403
    carol.refresh_from_db()
    assert carol.role == "viewer"


def test_last_owner_cannot_be_demoted(personas, login):
    alice = personas.membership(personas.alice, personas.org_a)
    r = login(personas.alice).post(role_url(alice), {"role": "viewer"}, follow=True)
    assert "at least one owner" in r.text
    alice.refresh_from_db()
    assert alice.role == "owner"


def test_an_owner_can_step_down_when_another_owner_exists(personas, login):
    bob = personas.membership(personas.bob, personas.org_a)
    bob.role = "owner"
    bob.save()
    alice = personas.membership(personas.alice, personas.org_a)
    login(personas.alice).post(role_url(alice), {"role": "facilitator"})
    alice.refresh_from_db()
    assert alice.role == "facilitator"


def test_owner_removes_a_member(personas, login):
    carol = personas.membership(personas.carol, personas.org_a)
    r = login(personas.alice).post(remove_url(carol))
    assert r.status_code == 302
    assert not Membership.objects.filter(pk=carol.pk).exists()


def test_last_owner_cannot_be_removed(personas, login):
    alice = personas.membership(personas.alice, personas.org_a)
    r = login(personas.alice).post(remove_url(alice), follow=True)
    assert "at least one owner" in r.text
    assert Membership.objects.filter(pk=alice.pk).exists()


def test_member_can_leave(personas, login):
    bob = personas.membership(personas.bob, personas.org_a)
    c = login(personas.bob)
    assert f'href="{remove_url(bob)}"' in c.get(members_url()).text  # a link, not a POST
    asked = c.get(remove_url(bob))
    assert asked.status_code == 200 and "Leave Acme Payments?" in asked.text
    assert Membership.objects.filter(pk=bob.pk).exists()  # asking changes nothing
    r = c.post(remove_url(bob))
    assert r.url == reverse("accounts:dashboard")
    assert not Membership.objects.filter(pk=bob.pk).exists()


def test_participant_cannot_remove_others(personas, login):
    carol = personas.membership(personas.carol, personas.org_a)
    assert login(personas.bob).post(remove_url(carol)).status_code == 403
    assert Membership.objects.filter(pk=carol.pk).exists()


def test_role_change_requires_post(personas, login):
    bob = personas.membership(personas.bob, personas.org_a)
    assert login(personas.alice).get(role_url(bob)).status_code == 405
