"""Opening a workshop on an assessment: facilitators only, one at a time."""

from django.urls import reverse

from assessor import services as assessor_services
from assessor.workshops.models import JOIN_ALPHABET, JOIN_CODE_LENGTH, Workshop


def start_url(a):
    return reverse("workshops:start", args=[a.organization.slug, a.code])


def test_it_opens_a_workshop_with_a_join_code(personas, assessment, login):
    c = login(personas.alice)
    assert c.get(start_url(assessment)).status_code == 200
    r = c.post(start_url(assessment))
    ws = Workshop.objects.get(assessment=assessment)
    assert r.status_code == 302 and r["Location"] == ws.board_url()
    assert ws.is_open and ws.created_by == personas.alice and ws.current_key == ""
    assert len(ws.join_code) == JOIN_CODE_LENGTH and set(ws.join_code) <= set(JOIN_ALPHABET)


def test_a_second_open_goes_to_the_running_workshop(personas, assessment, login):
    c = login(personas.alice)
    c.post(start_url(assessment))
    r = c.post(start_url(assessment))
    assert Workshop.objects.count() == 1
    assert r["Location"] == Workshop.objects.get().board_url()
    page = c.get(start_url(assessment)).text
    assert "Open your facilitator board" in page and "Open the projected screen" in page


def test_participants_and_viewers_cannot_open_one(personas, assessment, login):
    for user in (personas.bob, personas.carol):
        c = login(user)
        assert c.get(start_url(assessment)).status_code == 403
        assert c.post(start_url(assessment)).status_code == 403
    assert not Workshop.objects.exists()


def test_it_checks_ownership(personas, assessment, login):
    c = login(personas.charlie)
    assert c.get(start_url(assessment)).status_code == 404
    assert c.post(start_url(assessment)).status_code == 404


def test_a_completed_assessment_cannot_have_one(personas, assessment, login):
    assessor_services.assessment_complete(assessment=assessment, user=personas.alice)
    c = login(personas.alice)
    r = c.post(start_url(assessment), follow=True)
    assert "Reopen it to run a workshop" in r.text
    assert not Workshop.objects.exists()


def test_the_facilitator_sees_the_link_on_results_and_the_wizard(personas, assessment, login):
    c = login(personas.alice)
    results = c.get(reverse("assessor:results", args=["acme", assessment.code])).text
    step = c.get(reverse("assessor:step", args=["acme", assessment.code, "context"])).text
    assert "Run live workshop" in results and "Run live workshop" in step
    results = login(personas.bob).get(reverse("assessor:results", args=["acme", assessment.code]))
    assert "Run live workshop" not in results.text
