"""Rename, archive and delete an assessment (owner or facilitator)."""

from django.urls import reverse

from assessor.models import Assessment, AssessmentDeletion, AssessmentEvent
from reports import services as report_services
from reports.models import Report
from tests.assessor.conftest import answer_all


def manage_url(a, slug="acme"):
    return reverse("assessor:manage", args=[slug, a.code])


def delete_url(a, slug="acme"):
    return reverse("assessor:delete", args=[slug, a.code])


def test_it_renames_and_records_it(personas, assessment, login):
    c = login(personas.alice)
    r = c.post(manage_url(assessment), {"action": "rename", "title": "  Spring review  "})
    assert r.status_code == 302
    assessment.refresh_from_db()
    assert assessment.title == "Spring review"
    event = assessment.events.get(action=AssessmentEvent.Action.RENAMED)
    assert event.user == personas.alice and event.detail == "was “Baseline”"
    results = c.get(reverse("assessor:results", args=["acme", assessment.code])).text
    assert "renamed (was “Baseline”) by Alice Owner" in results


def test_a_rename_reads_in_the_assessments_language(personas, assessment, login):
    login(personas.alice).post(manage_url(assessment), {"action": "rename", "title": "Frühjahr"})
    Assessment.objects.filter(pk=assessment.pk).update(language="de")
    results = login(personas.alice).get(reverse("assessor:results", args=["acme", assessment.code]))
    # Stored as written; said in German on a German assessment's page.
    assert assessment.events.get(action=AssessmentEvent.Action.RENAMED).detail == "was “Baseline”"
    assert "vorher „Baseline“" in results.text
    assert "was “Baseline”" not in results.text


def test_an_empty_title_is_refused(personas, assessment, login):
    r = login(personas.alice).post(manage_url(assessment), {"action": "rename", "title": " "})
    assert r.status_code == 200 and "This field is required" in r.text
    assessment.refresh_from_db()
    assert assessment.title == "Baseline"


def test_archived_assessments_leave_the_list_and_come_back(personas, assessment, login):
    c = login(personas.alice)
    org_url = reverse("accounts:organization", args=["acme"])
    c.post(manage_url(assessment), {"action": "archive"}, follow=True)  # shows the message
    assessment.refresh_from_db()
    assert assessment.is_archived
    page = c.get(org_url).text
    assert "Baseline" not in page and "Archived assessments (1)" in page
    assert "Baseline" in c.get(org_url + "?archived=1").text
    c.post(manage_url(assessment), {"action": "restore"})
    assessment.refresh_from_db()
    assert not assessment.is_archived
    actions = list(assessment.events.values_list("action", flat=True))
    assert actions[:2] == ["restored", "archived"]


def test_delete_asks_first_then_removes_everything_and_records_it(
    personas, assessment, login, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    from reports.rendering import report_render

    answer_all(assessment, personas.alice)
    with django_capture_on_commit_callbacks(execute=False):
        report = report_services.report_request(assessment=assessment, user=personas.alice)
    report_render(report_id=report.id)
    report.refresh_from_db()
    path = tmp_path / report.file.name
    assert path.is_file()

    c = login(personas.alice)
    confirm = c.get(delete_url(assessment))
    assert confirm.status_code == 200 and "cannot be undone" in confirm.text
    assert Assessment.objects.filter(pk=assessment.pk).exists()

    wrong = c.post(delete_url(assessment), {"confirm_title": "baseline"})
    assert wrong.status_code == 422 and Assessment.objects.filter(pk=assessment.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(delete_url(assessment), {"confirm_title": "Baseline"})
    assert r.status_code == 302
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    assert not Report.objects.filter(pk=report.pk).exists()
    assert not path.exists()
    record = AssessmentDeletion.objects.get(code=assessment.code)
    assert (record.title, record.user, record.reports) == ("Baseline", personas.alice, 1)
    assert record.answers == len(assessment.question_keys())
    page = c.get(reverse("accounts:organization", args=["acme"])).text
    assert "“Baseline” (Draft" in page and "by Alice Owner" in page


def test_participants_and_viewers_cannot_manage(personas, assessment, login):
    for user in (personas.bob, personas.carol):
        c = login(user)
        assert c.get(manage_url(assessment)).status_code == 403
        assert c.post(delete_url(assessment), {"confirm_title": "Baseline"}).status_code == 403
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_it_checks_membership(personas, assessment, other_assessment, login):
    c = login(personas.charlie)
    assert c.get(manage_url(assessment)).status_code == 404
    assert c.post(delete_url(assessment), {"confirm_title": "Baseline"}).status_code == 404
    # Nor through charlie's own organization's address.
    assert c.get(manage_url(assessment, slug="bolt")).status_code == 404
    assert Assessment.objects.filter(pk=assessment.pk).exists()
