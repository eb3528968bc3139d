"""N/A by default: a context answer pre-fills the questions its `na_when`
names, overridably, with the history recording both (bank v2: model_usage)."""

from django.urls import reverse

from assessor import services
from assessor.frameworks.applicability import questions_defaulted_by
from assessor.models import Answer, AnswerRevision

HTMX = {"HX-Request": "true"}
TRAINING = "training_pipeline_automation"  # N/A by default for api_only
PROMPTS = "prompt_config_versioning"  # N/A by default for none


def answer(c, a, key, value, **extra):
    current = Answer.objects.filter(assessment=a, question_key=key).first()
    payload = {
        "question": key,
        "value": value,
        "version": current.version if current else 0,
        "client": "tab1",
    }
    payload.update(extra)
    return c.post(reverse("assessor:answer", args=["acme", a.code]), payload, headers=HTMX)


def states(a, *keys):
    found = {x.question_key: x for x in Answer.objects.filter(assessment=a, question_key__in=keys)}
    return [found[k].state if k in found else "unanswered" for k in keys]


def test_an_api_only_answer_prefills_the_training_questions(personas, assessment, login):
    api_only = questions_defaulted_by(assessment.framework.parsed, "model_usage")
    r = answer(login(personas.bob), assessment, "model_usage", "api_only")

    assert r.status_code == 200
    assert "N/A by default" in r.text and 'id="progress"' in r.text
    defaulted = Answer.objects.filter(assessment=assessment, state="na")
    keys = set(defaulted.values_list("question_key", flat=True))
    assert TRAINING in keys and "gpu_capacity_allocation" in keys
    assert PROMPTS not in keys  # the GenAI questions do apply to an API user
    assert keys <= set(api_only)
    pipeline = defaulted.get(question_key=TRAINING)
    assert pipeline.note.startswith("N/A by default: the context answer “Models through an API”")
    assert "api_only" not in pipeline.note  # client words, not keys
    assert (pipeline.answered_by, pipeline.version, pipeline.carried_over) == (
        personas.bob,
        1,
        False,
    )
    [revision] = AnswerRevision.objects.filter(answer=pipeline)
    assert revision.user == personas.bob and revision.new["state"] == "na"
    assessment.refresh_from_db()
    assert assessment.headline["answered"] == 1 + len(keys)


def test_a_default_can_be_overridden_and_the_history_shows_both(personas, assessment, login):
    c = login(personas.bob)
    answer(c, assessment, "model_usage", "api_only")
    r = answer(c, assessment, TRAINING, "1", note="We fine-tune a small model after all")

    assert r.status_code == 200
    pipeline = Answer.objects.get(assessment=assessment, question_key=TRAINING)
    assert (pipeline.state, pipeline.level) == ("answered", 1)
    history = [rev.new["state"] for rev in pipeline.revisions.order_by("at", "id")]
    assert history == ["na", "answered"]


def test_changing_the_context_answer_withdraws_only_untouched_defaults(personas, assessment, login):
    c = login(personas.bob)
    answer(c, assessment, "model_usage", "api_only")
    answer(c, assessment, TRAINING, "2")  # overridden: stays
    answer(c, assessment, "model_usage", "trains_own")

    assert states(assessment, TRAINING, "gpu_capacity_allocation") == ["answered", "unanswered"]
    gpu = Answer.objects.get(assessment=assessment, question_key="gpu_capacity_allocation")
    assert gpu.note == "" and gpu.revisions.count() == 2
    assert not Answer.objects.filter(assessment=assessment, state="na").exists()


def test_no_models_moves_the_defaults_to_the_genai_questions(personas, assessment, login):
    c = login(personas.bob)
    answer(c, assessment, "model_usage", "api_only")
    answer(c, assessment, "model_usage", "none")

    assert states(assessment, TRAINING, PROMPTS) == ["unanswered", "na"]
    prompts = Answer.objects.get(assessment=assessment, question_key=PROMPTS)
    assert "“No models”" in prompts.note


def test_a_question_answered_before_is_never_overwritten(personas, assessment, login):
    c = login(personas.bob)
    answer(c, assessment, TRAINING, "unknown")
    answer(c, assessment, "model_usage", "api_only")
    answer(c, assessment, "model_usage", "trains_own")

    pipeline = Answer.objects.get(assessment=assessment, question_key=TRAINING)
    assert pipeline.state == "unknown" and pipeline.revisions.count() == 1


def test_an_edited_note_makes_the_default_the_rooms_answer(personas, assessment, login):
    c = login(personas.bob)
    answer(c, assessment, "model_usage", "api_only")
    answer(c, assessment, TRAINING, "na", note="Confirmed: the vendor trains everything.")
    answer(c, assessment, "model_usage", "trains_own")

    assert states(assessment, TRAINING) == ["na"]


def test_questions_outside_the_scope_are_left_alone(personas, framework):
    devops_only = services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="DevOps only",
        scope="devops",
        targets={},
        user=personas.alice,
    )
    outcome = services.answer_save(
        assessment=devops_only,
        user=personas.alice,
        question_key="model_usage",
        state="answered",
        level=None,
        choice="none",
        note="",
        evidence="",
        version=0,
    )
    # model_artifact_provenance and the AI threat questions are in DevOps (security)
    assert set(outcome.defaulted) == {
        "model_artifact_provenance",
        "prompt_injection_defenses",
        "ai_threat_modeling",
    }
    assert not Answer.objects.filter(assessment=devops_only, question_key=TRAINING).exists()


def test_the_step_shows_the_scoring_rule_and_the_na_guidance(personas, assessment, login):
    r = login(personas.carol).get(
        reverse("assessor:step", args=["acme", assessment.code, "reproducible_training"])
    )
    assert "How to pick a level:" in r.text
    assert "Pick the highest level whose every statement is true today" in r.text
    assert "N/A when you train or fine-tune no model yourself" in r.text
    context = login(personas.carol).get(
        reverse("assessor:step", args=["acme", assessment.code, "context"])
    )
    assert "How to pick a level:" not in context.text  # context answers are choices


def test_a_version_1_assessment_has_no_defaults(personas, framework_v1, login):
    old = services.assessment_start(
        organization=personas.org_a,
        framework=framework_v1,
        title="On v1",
        scope="both",
        targets={},
        user=personas.alice,
    )
    r = answer(login(personas.bob), old, "ai_adoption_stage", "none")
    assert r.status_code == 200 and "N/A by default" not in r.text
    assert Answer.objects.filter(assessment=old).count() == 1
    step = login(personas.bob).get(reverse("assessor:step", args=["acme", old.code, "ci_cd"]))
    assert "How to pick a level:" not in step.text
    assert "Does not apply here (say why in the note)." in step.text


def test_a_follow_up_withdraws_carried_defaults_when_the_usage_changes(personas, assessment, login):
    answer(login(personas.bob), assessment, "model_usage", "api_only")
    services.assessment_complete(assessment=assessment, user=personas.alice)
    follow_up = services.assessment_follow_up(base=assessment, user=personas.alice)
    carried = Answer.objects.get(assessment=follow_up, question_key=TRAINING)
    assert (carried.state, carried.carried_over) == ("na", True)

    # a year later they train their own models
    answer(login(personas.bob), follow_up, "model_usage", "trains_own")
    assert states(follow_up, TRAINING) == ["unanswered"]
    assert states(assessment, TRAINING) == ["na"]  # the old assessment keeps its answer
