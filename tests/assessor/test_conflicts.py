"""Two people editing the same answer never silently overwrite each other."""

from django.urls import reverse

from assessor.models import Answer

HTMX = {"HX-Request": "true"}


def save(c, a, key, value, version, client):
    return c.post(
        reverse("assessor:answer", args=["acme", a.code]),
        {"question": key, "value": value, "version": version, "client": client, "note": ""},
        headers=HTMX,
    )


def test_a_stale_save_is_refused_and_shows_the_newer_value(personas, assessment, client, login):
    from django.test import Client

    key = assessment.framework.parsed.dimensions[0].questions[0].key
    alice, bob = Client(), Client()
    alice.force_login(personas.alice, backend="django.contrib.auth.backends.ModelBackend")
    bob.force_login(personas.bob, backend="django.contrib.auth.backends.ModelBackend")
    # Both opened the page at version 0.
    assert save(alice, assessment, key, "3", 0, "alice-tab").status_code == 200
    r = save(bob, assessment, key, "1", 0, "bob-tab")
    assert r.status_code == 409
    assert "Alice Owner" in r.text and "Level 3" in r.text and "Level 1" in r.text
    assert "Keep mine" in r.text and "Use theirs" in r.text
    answer = Answer.objects.get(question_key=key)
    assert (answer.level, answer.answered_by, answer.version) == (3, personas.alice, 1)

    # "Keep mine" re-posts with the version Bob has now seen.
    r = bob.post(
        reverse("assessor:answer", args=["acme", assessment.code]),
        {"question": key, "value": "1", "version": 0, "resolve_version": 1, "client": "bob-tab"},
        headers=HTMX,
    )
    assert r.status_code == 200
    answer.refresh_from_db()
    assert (answer.level, answer.answered_by, answer.version) == (1, personas.bob, 2)
    assert answer.revisions.count() == 2


def test_a_tabs_own_quick_saves_are_not_a_conflict(personas, assessment, login):
    key = assessment.framework.parsed.dimensions[0].questions[0].key
    c = login(personas.alice)
    save(c, assessment, key, "2", 0, "tab-1")
    # The second save left before the first one's new version arrived.
    assert save(c, assessment, key, "3", 0, "tab-1").status_code == 200
    assert Answer.objects.get(question_key=key).level == 3
    # The same person in another tab is protected like anyone else.
    assert save(c, assessment, key, "0", 0, "tab-2").status_code == 409
    assert Answer.objects.get(question_key=key).level == 3


def test_plain_form_conflict_redirects_with_a_message(personas, assessment, login):
    key = assessment.framework.parsed.dimensions[0].questions[0].key
    c = login(personas.alice)
    save(c, assessment, key, "2", 0, "a")
    r = c.post(
        reverse("assessor:answer", args=["acme", assessment.code]),
        {"question": key, "value": "4", "version": 0, "client": "b"},
        follow=True,
    )
    assert "Someone else changed this answer" in r.text
    assert Answer.objects.get(question_key=key).level == 2
