"""Resume and an answer's history: members only; another organization's is a 404."""

from django.urls import reverse

from assessor import services


def resume_url(a, slug="acme"):
    return reverse("assessor:resume", args=[slug, a.code])


def history_url(a, key, slug="acme"):
    return reverse("assessor:history", args=[slug, a.code, key])


def first_key(a):
    return a.framework.parsed.scored_questions[0].key


def test_resume_goes_to_the_first_open_question(personas, assessment, login):
    r = login(personas.bob).get(resume_url(assessment))
    assert r.status_code == 302 and "/step/context/" in r.url


def test_history_lists_changes_in_words(personas, assessment, login):
    key = first_key(assessment)
    for level, version in ((1, 0), (3, 1)):
        services.answer_save(
            assessment=assessment,
            user=personas.bob,
            question_key=key,
            state="answered",
            level=level,
            choice="",
            note="",
            evidence="",
            version=version,
        )
    r = login(personas.carol).get(history_url(assessment, key))
    assert r.status_code == 200
    assert "Level 1" in r.text and "Level 3" in r.text and "Bob Participant" in r.text


def test_resume_checks_membership(personas, assessment, other_assessment, login):
    c = login(personas.charlie)
    assert c.get(resume_url(assessment)).status_code == 404
    # Charlie's own organization in the address does not open Acme's assessment.
    assert c.get(resume_url(assessment, slug="bolt")).status_code == 404


def test_history_checks_membership(personas, assessment, other_assessment, login):
    c = login(personas.charlie)
    key = first_key(assessment)
    assert c.get(history_url(assessment, key)).status_code == 404
    assert c.get(history_url(assessment, key, slug="bolt")).status_code == 404
    # Nor does Acme's member reach Bolt's history.
    bob = login(personas.bob)
    assert bob.get(history_url(other_assessment, key, slug="bolt")).status_code == 404
