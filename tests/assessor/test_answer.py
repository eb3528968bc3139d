from django.test import Client
from django.urls import reverse

from assessor.models import Answer, AnswerRevision, Assessment
from tests.assessor.conftest import answer_all

HTMX = {"HX-Request": "true"}


def url(a, slug="acme"):
    return reverse("assessor:answer", args=[slug, a.code])


def first_question(a):
    return a.framework.parsed.dimensions[0].questions[0]


def post(c, a, htmx=True, **data):
    payload = {"question": first_question(a).key, "value": "2", "version": "0", "client": "tab1"}
    payload.update({k: str(v) for k, v in data.items()})
    return c.post(url(a), payload, headers=HTMX if htmx else {})


def test_it_saves_and_acknowledges_in_place(personas, assessment, login):
    r = post(
        login(personas.bob),
        assessment,
        note="Only the core API",
        evidence="https://wiki.example.com/x",
    )
    assert r.status_code == 200
    assert "Saved ✓" in r.text
    assert 'hx-swap-oob="true"' in r.text and 'id="progress"' in r.text
    a = Answer.objects.get(assessment=assessment, question_key=first_question(assessment).key)
    assert (a.state, a.level, a.version, a.answered_by) == ("answered", 2, 1, personas.bob)
    assert a.note == "Only the core API" and a.evidence == "https://wiki.example.com/x"
    assessment.refresh_from_db()
    assert assessment.status == "in_progress"
    assert assessment.headline["answered"] == 1


def test_without_javascript_it_redirects_back_to_the_question(personas, assessment, login):
    r = post(login(personas.alice), assessment, htmx=False)
    dim = assessment.framework.parsed.dimensions[0]
    assert r.status_code == 302
    assert (
        r.url
        == reverse("assessor:step", args=["acme", assessment.code, dim.key])
        + f"#q-{first_question(assessment).key}"
    )
    assert Answer.objects.get(question_key=first_question(assessment).key).level == 2


def test_it_records_every_change(personas, assessment, login):
    c = login(personas.bob)
    post(c, assessment, value="1")
    post(c, assessment, value="3", version=1)
    revs = list(AnswerRevision.objects.order_by("at", "id"))
    assert [(r.old and r.old["level"], r.new["level"]) for r in revs] == [(None, 1), (1, 3)]
    assert all(r.user == personas.bob for r in revs)
    r = c.get(
        reverse("assessor:history", args=["acme", assessment.code, first_question(assessment).key])
    )
    assert "Bob Participant" in r.text and "Level 1" in r.text and "Level 3" in r.text


def test_an_unchanged_save_records_nothing(personas, assessment, login):
    c = login(personas.bob)
    post(c, assessment)
    post(c, assessment, version=1)
    assert AnswerRevision.objects.count() == 1
    assert Answer.objects.get().version == 1


def test_na_and_unknown(personas, assessment, login):
    c = login(personas.bob)
    post(c, assessment, value="na", note="We buy this as a service")
    a = Answer.objects.get()
    assert (a.state, a.level) == ("na", None)
    post(c, assessment, value="unknown", version=1)
    a.refresh_from_db()
    assert (a.state, a.level) == ("unknown", None)


def test_context_answers_take_a_choice(personas, assessment, login):
    q = assessment.framework.parsed.context_questions[0]
    r = post(login(personas.bob), assessment, question=q.key, value=q.choices[1].key)
    assert r.status_code == 200
    a = Answer.objects.get(question_key=q.key)
    assert a.choice == q.choices[1].key and a.level is None


def assert_refused(r, message):
    assert r.status_code == 422
    assert message in r.content.decode()
    assert not Answer.objects.filter(version__gt=0).exists()
    assert not AnswerRevision.objects.exists()


def test_level_out_of_range_is_refused(personas, assessment, login):
    assert_refused(post(login(personas.bob), assessment, value="5"), "Choose a level from 0 to 4")
    assert_refused(post(login(personas.bob), assessment, value="-1"), "Choose a level from 0 to 4")


def test_unknown_question_is_refused(personas, assessment, login):
    r = post(login(personas.bob), assessment, question="no_such_question")
    assert_refused(r, "There is no question “no_such_question”")


def test_na_without_note_is_refused(personas, assessment, login):
    assert_refused(post(login(personas.bob), assessment, value="na", note="  "), "N/A needs a note")


def held_back(r, field, message):
    """The save landed except `field`, whose error stands next to it."""
    assert r.status_code == 200
    slot = r.text.split(f'id="q-{FIRST}-{field}-errors"')[1].split("</div>")[0]
    assert message in slot
    assert "Saved ✓ except what is marked above" in r.text


FIRST = "vcs_all_code_and_config"


def test_an_oversized_note_holds_back_only_the_note(personas, assessment, login):
    assert first_question(assessment).key == FIRST
    c = login(personas.bob)
    post(c, assessment, note="Kept")
    r = post(c, assessment, value="3", version=1, note="x" * 4001)
    held_back(r, "note", "keep the note under 4,000 characters (it has 4,001)")
    a = Answer.objects.get()
    assert (a.level, a.note) == (3, "Kept")


def test_evidence_is_a_link_or_where_to_find_it(personas, assessment, login):
    r = post(login(personas.bob), assessment, evidence="Confluence > Planning")
    assert r.status_code == 200 and "Saved ✓" in r.text
    a = Answer.objects.get()
    assert (a.level, a.evidence) == (2, "Confluence > Planning")


def test_oversized_evidence_holds_back_only_the_evidence(personas, assessment, login):
    r = post(login(personas.bob), assessment, evidence="y" * 501)
    held_back(r, "evidence", "keep the evidence under 500 characters")
    a = Answer.objects.get()
    assert (a.level, a.evidence) == (2, "")


def test_na_without_note_is_marked_next_to_the_note(personas, assessment, login):
    r = post(login(personas.bob), assessment, value="na")
    slot = r.text.split(f'id="q-{FIRST}-note-errors"')[1].split("</div>")[0]
    assert "N/A needs a note" in slot
    assert "Not saved" in r.text


def test_wrong_choice_for_a_context_question_is_refused(personas, assessment, login):
    q = assessment.framework.parsed.context_questions[0]
    assert_refused(
        post(login(personas.bob), assessment, question=q.key, value="3"),
        "Pick one of the listed answers",
    )


def test_plain_post_errors_are_a_page(personas, assessment, login):
    r = post(login(personas.bob), assessment, htmx=False, value="7")
    assert r.status_code == 422
    assert "The answer was not saved" in r.text
    # "Go back" is a real link to the question, not a script.
    step = reverse("assessor:step", args=["acme", assessment.code, "source_control_testing"])
    assert f'<a href="{step}#q-{FIRST}" data-history-back>Go back to the question</a>' in r.text
    assert "javascript:" not in r.text


def test_context_questions_take_dont_know(personas, assessment, login):
    q = assessment.framework.parsed.context_questions[0]
    r = post(login(personas.bob), assessment, question=q.key, value="unknown")
    assert r.status_code == 200
    a = Answer.objects.get(question_key=q.key)
    assert (a.state, a.choice) == ("unknown", "")
    # Left out of the context, like an unanswered one; not scored either.
    results = assessment.results()
    assert q.key not in results.context


def test_viewers_cannot_answer(personas, assessment, login):
    assert post(login(personas.carol), assessment).status_code == 403
    assert not Answer.objects.exists()


def test_it_checks_membership(personas, assessment, login):
    assert post(login(personas.charlie), assessment).status_code == 404
    assert not Answer.objects.exists()


def test_anonymous_is_redirected(client, assessment):
    r = post(client, assessment, htmx=False)
    assert r.status_code == 302
    assert not Answer.objects.exists()


def test_it_needs_a_csrf_token(personas, assessment):
    c = Client(enforce_csrf_checks=True)
    c.force_login(personas.bob, backend="django.contrib.auth.backends.ModelBackend")
    assert post(c, assessment).status_code == 403
    assert not Answer.objects.exists()


def test_completed_assessments_refuse_answers(personas, assessment, login):
    Assessment.objects.filter(pk=assessment.pk).update(status="completed")
    r = post(login(personas.bob), assessment)
    assert r.status_code == 409
    # Shown where the user looks: the question's status line, swapped in place.
    meta = r.text.split(f'id="q-{FIRST}-meta"')[1]
    assert 'hx-swap-oob="true"' in meta.split(">")[0] and "Not saved: This assessment" in meta
    assert "reopen" in meta
    assert not Answer.objects.filter(version__gt=0).exists()


def test_save_runs_a_constant_number_of_queries(
    personas, assessment, login, django_assert_max_num_queries
):
    c = login(personas.bob)
    post(c, assessment)  # warm caches, create the row
    # The user; the membership (read once for the two-factor rule and the
    # access check); the assessment; its row lock; its answers; the answer's
    # UPDATE; the revision; the headline; and the test transaction's
    # SAVEPOINT and RELEASE around the save.
    with django_assert_max_num_queries(10) as few:
        post(c, assessment, value="3", version=1)
    answer_all(assessment, personas.alice)
    version = Answer.objects.get(question_key=first_question(assessment).key).version
    with django_assert_max_num_queries(len(few.captured_queries)):
        r = post(c, assessment, value="1", version=version)
    assert r.status_code == 200


def test_a_role_changed_or_a_membership_removed_counts_from_the_next_request(
    personas, assessment, login
):
    # The membership read for the two-factor rule is reused by the access
    # check only within one request.
    c = login(personas.bob)
    assert post(c, assessment).status_code == 200
    membership = personas.membership(personas.bob, personas.org_a)
    membership.role = "viewer"
    membership.save()
    assert post(c, assessment, value="3", version=1).status_code == 403
    membership.delete()
    assert post(c, assessment, value="3", version=1).status_code == 404
    assert Answer.objects.get(question_key=first_question(assessment).key).level == 2
