from django.urls import reverse


def url(slug="acme"):
    return reverse("accounts:organization", args=[slug])


def edit_url(slug="acme"):
    return reverse("accounts:organization_edit", args=[slug])


def test_it_works_for_every_member(personas, login):
    for user in (personas.alice, personas.bob, personas.carol):
        r = login(user).get(url())
        assert r.status_code == 200
        assert "Acme Payments" in r.text


def test_it_checks_membership(personas, login):
    assert login(personas.charlie).get(url()).status_code == 404


def test_it_is_404_for_unknown_slugs(personas, login):
    assert login(personas.alice).get(url("nope")).status_code == 404


def test_it_redirects_anonymous(client, personas):
    r = client.get(url())
    assert r.status_code == 302 and reverse("accounts:login") in r.url


def test_owner_edits(personas, login):
    r = login(personas.alice).post(
        edit_url(),
        {
            "name": "Acme Payments Ltd",
            "industry": "finance",
            "size": "250-999",
            "next_review": "2027-03-01",
        },
    )
    assert r.status_code == 302
    personas.org_a.refresh_from_db()
    assert personas.org_a.name == "Acme Payments Ltd"
    assert str(personas.org_a.next_review) == "2027-03-01"
    assert personas.org_a.regulated is False  # unchecked box


def test_edit_is_hidden_and_forbidden_for_others(personas, login):
    c = login(personas.bob)
    assert "Edit details" not in c.get(url()).text
    assert c.get(edit_url()).status_code == 403
    assert (
        c.post(edit_url(), {"name": "Hacked", "industry": "other", "size": "1-49"}).status_code
        == 403
    )
    personas.org_a.refresh_from_db()
    assert personas.org_a.name == "Acme Payments"


def test_edit_checks_membership(personas, login):
    assert login(personas.charlie).get(edit_url()).status_code == 404


def test_user_text_is_escaped(personas, login):
    personas.org_a.name = "<script>alert(1)</script>"
    personas.org_a.save()
    r = login(personas.alice).get(url())
    assert "<script>alert(1)</script>" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
