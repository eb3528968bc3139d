import copy

from django.urls import reverse

from assessor import frameworks, services
from assessor.models import Answer, Assessment, Framework
from tests.assessor.conftest import answer_all

HTMX = {"HX-Request": "true"}
URL = reverse("assessor:follow_up", args=["acme"])


def completed(assessment, user, level=2):
    answer_all(assessment, user, level)
    services.assessment_complete(assessment=assessment, user=user)
    return assessment


def test_it_carries_answers_over(personas, assessment, login):
    completed(assessment, personas.alice)
    Answer.objects.filter(assessment=assessment, question_key="vcs_all_code_and_config").update(
        note="Monorepo since 2025"
    )
    r = login(personas.alice).post(URL, {"title": "Spring review"})
    follow_up = Assessment.objects.exclude(pk=assessment.pk).get()
    assert r.status_code == 302
    assert r.url == reverse("assessor:step", args=["acme", follow_up.code, "context"])
    assert follow_up.based_on == assessment
    carried = follow_up.answers.all()
    assert carried.count() == assessment.answers.count()
    assert all(a.carried_over for a in carried)
    assert (
        follow_up.answers.get(question_key="vcs_all_code_and_config").note == "Monorepo since 2025"
    )
    # The baseline scores the same as what it was carried from.
    assert (
        follow_up.results().scorecard.to_dict()["areas"]
        == assessment.results().scorecard.to_dict()["areas"]
    )
    assert follow_up.headline["carried_over"] == carried.count()


def test_confirming_and_changing_clear_the_mark(personas, assessment, login):
    completed(assessment, personas.alice)
    c = login(personas.bob)
    login(personas.alice).post(URL, {"title": "Spring review"})
    follow_up = Assessment.objects.exclude(pk=assessment.pk).get()
    c = login(personas.bob)
    keys = follow_up.framework.parsed.dimensions[0].questions
    page = c.get(
        reverse(
            "assessor:step",
            args=["acme", follow_up.code, follow_up.framework.parsed.dimensions[0].key],
        )
    )
    assert "Carried over from the last assessment" in page.text
    assert "carried over, not counted until confirmed" in page.text
    answer_url = reverse("assessor:answer", args=["acme", follow_up.code])
    # Confirm: the same value, saved again.
    r = c.post(
        answer_url,
        {"question": keys[0].key, "value": "2", "version": 1, "client": "t", "confirm": "1"},
        headers=HTMX,
    )
    assert r.status_code == 200 and "Saved" in r.text
    confirmed = follow_up.answers.get(question_key=keys[0].key)
    assert (confirmed.carried_over, confirmed.level, confirmed.answered_by) == (
        False,
        2,
        personas.bob,
    )
    # Change: a new value.
    c.post(
        answer_url,
        {"question": keys[1].key, "value": "3", "version": 1, "client": "t"},
        headers=HTMX,
    )
    changed = follow_up.answers.get(question_key=keys[1].key)
    assert (changed.carried_over, changed.level) == (False, 3)
    assert follow_up.answers.filter(carried_over=True).count() == follow_up.answers.count() - 2
    # The audit trail says the confirmation happened.
    revision = confirmed.revisions.first()
    assert revision.old["carried_over"] is True and revision.new["carried_over"] is False


def test_it_needs_a_completed_assessment(personas, assessment, login):
    r = login(personas.alice).post(URL, follow=True)
    assert "there is none yet" in r.text
    assert Assessment.objects.count() == 1


def test_it_uses_the_newest_bank_and_lists_new_and_gone_questions(personas, assessment, login):
    completed(assessment, personas.alice)
    doc = copy.deepcopy(assessment.framework.document)
    doc["version"] = assessment.framework.version + 1
    dim = doc["dimensions"][0]
    gone = dim["questions"].pop(0)["key"]
    new_q = copy.deepcopy(dim["questions"][0])
    new_q["key"] = "brand_new_question"
    new_q["text"] = "Is this a brand new question?"
    dim["questions"].append(new_q)
    parsed = frameworks.parse_framework(doc, source="next version")
    services.framework_store(parsed=parsed, builtin=True)

    login(personas.alice).post(URL, {"title": "Spring review"})
    follow_up = Assessment.objects.exclude(pk=assessment.pk).get()
    assert follow_up.framework.version == doc["version"]
    keys = set(follow_up.answers.values_list("question_key", flat=True))
    assert gone not in keys and "brand_new_question" not in keys
    drift = services.question_drift(assessment, follow_up)
    assert drift.new == ["brand_new_question"] and drift.gone == [gone]
    page = login(personas.bob).get(
        reverse("assessor:step", args=["acme", follow_up.code, "context"])
    )
    # listed by their text, as the room reads them
    gone_text = assessment.framework.parsed.question(gone).text
    assert "New questions (1)" in page.text and "Is this a brand new question?" in page.text
    assert "No longer asked (1)" in page.text and gone_text in page.text
    assert "brand_new_question" not in page.text


def test_only_facilitators_start_follow_ups(personas, assessment, login):
    completed(assessment, personas.alice)
    assert login(personas.bob).post(URL).status_code == 403
    assert login(personas.carol).post(URL).status_code == 403
    assert Assessment.objects.count() == 1


def test_it_checks_membership(personas, assessment, login):
    completed(assessment, personas.alice)
    assert login(personas.charlie).post(URL).status_code == 404
    assert Assessment.objects.count() == 1
    # charlie's follow-up in his own org never picks up acme's assessment
    r = login(personas.charlie).post(reverse("assessor:follow_up", args=["bolt"]), follow=True)
    assert "there is none yet" in r.text
    assert Framework.objects.count() == len(frameworks.builtin_framework_files())


def start_follow_up(assessment, personas, login):
    completed(assessment, personas.alice)
    login(personas.alice).post(URL, {"title": "Spring review"})
    return Assessment.objects.exclude(pk=assessment.pk).get()


def test_the_title_is_chosen_when_starting(personas, assessment, login):
    completed(assessment, personas.alice)
    page = login(personas.alice).get(URL)
    assert 'value="Follow-up of Baseline"' in page.text
    assert Assessment.objects.count() == 1
    r = login(personas.alice).post(URL, {"title": "  "})
    assert "This field is required" in r.text and Assessment.objects.count() == 1
    follow_up = start_follow_up(assessment, personas, login)
    assert follow_up.title == "Spring review"


def test_carried_answers_count_only_once_confirmed(personas, assessment, login):
    follow_up = start_follow_up(assessment, personas, login)
    progress = follow_up.progress()
    assert progress.answered == 0
    assert progress.carried_over == progress.total == len(follow_up.question_keys())
    assert follow_up.headline["answered"] == 0
    dim = follow_up.framework.parsed.dimensions[0]
    page = login(personas.bob).get(reverse("assessor:step", args=["acme", follow_up.code, dim.key]))
    assert f"<strong>0</strong> of {progress.total} questions answered" in page.text
    assert f"{len(dim.questions)} to confirm" in page.text
    assert "✓</span>" not in page.text  # no step is ticked done
    results = login(personas.bob).get(reverse("assessor:results", args=["acme", follow_up.code]))
    assert f"Still missing: {progress.total} carried over from the last assessment" in (
        results.text
    )
    # Resuming goes to the first question still to confirm.
    r = login(personas.bob).get(reverse("assessor:resume", args=["acme", follow_up.code]))
    assert r.url.endswith(f"/step/context/#q-{follow_up.question_keys()[0]}")


def test_confirm_all_on_a_step(personas, assessment, login):
    follow_up = start_follow_up(assessment, personas, login)
    dim = follow_up.framework.parsed.dimensions[0]
    c = login(personas.bob)
    step_url = reverse("assessor:step", args=["acme", follow_up.code, dim.key])
    assert "Confirm all on this step" in c.get(step_url).text
    r = c.post(reverse("assessor:confirm_step", args=["acme", follow_up.code, dim.key]))
    assert r.url == step_url
    keys = [q.key for q in dim.questions]
    confirmed = follow_up.answers.filter(question_key__in=keys)
    assert not confirmed.filter(carried_over=True).exists()
    assert all(a.answered_by == personas.bob and a.version == 2 for a in confirmed)
    assert all(a.revisions.count() == 2 for a in confirmed)
    assert follow_up.answers.filter(carried_over=True).count() == len(
        follow_up.question_keys()
    ) - len(keys)
    follow_up.refresh_from_db()
    assert follow_up.headline["answered"] == len(keys)
    page = c.get(step_url).text
    assert "Confirm all on this step" not in page
    # Viewers cannot; another organization's member gets a 404.
    confirm_url = reverse("assessor:confirm_step", args=["acme", follow_up.code, "context"])
    assert login(personas.carol).post(confirm_url).status_code == 403
    assert login(personas.charlie).post(confirm_url).status_code == 404


def test_completing_with_unconfirmed_answers_asks_first(personas, assessment, login):
    follow_up = start_follow_up(assessment, personas, login)
    c = login(personas.alice)
    complete_url = reverse("assessor:complete", args=["acme", follow_up.code])
    r = c.post(complete_url)
    assert r.url == complete_url
    follow_up.refresh_from_db()
    assert follow_up.status != "completed"
    page = c.get(complete_url).text
    first = follow_up.framework.parsed.question(follow_up.question_keys()[-1])
    assert f"{len(follow_up.question_keys())} answers were carried over" in page
    assert first.text in page and "Complete anyway" in page
    r = c.post(complete_url, {"unconfirmed_ok": "1"})
    follow_up.refresh_from_db()
    assert follow_up.status == "completed"
    assert r.url == reverse("assessor:results", args=["acme", follow_up.code])


def test_completing_without_carried_answers_needs_no_question(personas, assessment, login):
    answer_all(assessment, personas.alice)
    r = login(personas.alice).post(reverse("assessor:complete", args=["acme", assessment.code]))
    assert r.url == reverse("assessor:results", args=["acme", assessment.code])
    assessment.refresh_from_db()
    assert assessment.status == "completed"


def test_a_follow_up_of_a_version_1_assessment_moves_to_version_2(personas, framework_v1, login):
    base = services.assessment_start(
        organization=personas.org_a,
        framework=framework_v1,
        title="Baseline on v1",
        scope="both",
        targets={},
        user=personas.alice,
    )
    completed(base, personas.alice, level=3)
    v1_keys = set(base.question_keys())

    login(personas.alice).post(URL, {"title": "Review on v2"})
    follow_up = Assessment.objects.exclude(pk=base.pk).get()
    assert follow_up.framework.version == 2
    v2_keys = set(follow_up.question_keys())
    carried = {a.question_key: a for a in follow_up.answers.all()}
    # Every question that kept its key keeps its answer, as a baseline to confirm.
    assert set(carried) == v1_keys & v2_keys
    assert all(a.carried_over for a in carried.values())
    assert carried["deployment_frequency"].level == 3  # moved to the DORA profile, same meaning
    assert carried["model_registry_single_source"].level == 3
    # Questions whose meaning changed got new keys: asked afresh, not carried.
    drift = services.question_drift(base, follow_up)
    for gone in (
        "config_secrets_management",
        "serving_pattern_and_service_levels",
        "elastic_training_and_inference",
        "model_risk_and_fairness_review",
        "model_explainability_practice",
        "training_data_snapshot_per_model",
        "decision_audit_trail",
        "time_to_restore_service",
    ):
        assert gone in drift.gone and gone not in carried
    for new in (
        "model_usage",
        "secrets_management",
        "app_configuration_management",
        "serving_pattern_fit",
        "model_service_levels",
        "failed_deployment_recovery_time",
        "prompt_config_versioning",
        "ai_system_inventory",
    ):
        assert new in drift.new and new not in carried
    assert set(drift.new) == v2_keys - v1_keys and set(drift.gone) == v1_keys - v2_keys
    page = login(personas.bob).get(
        reverse("assessor:step", args=["acme", follow_up.code, "context"])
    )
    assert f"New questions ({len(drift.new)})" in page.text
    assert f"No longer asked ({len(drift.gone)})" in page.text
    assert "How are application configuration and secrets" in page.text  # a v1 question
    assert "config_secrets_management" not in page.text
    # The old assessment stays on version 1 (its scores are pinned by the v1 golden test).
    base.refresh_from_db()
    assert base.framework.version == 1
