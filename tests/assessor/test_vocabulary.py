"""One vocabulary: how answers become words, which question a key names,
the answer rules, progress, and the one service that creates assessments."""

from assessor import services, vocabulary
from assessor.models import Answer, AnswerRevision, AssessmentEvent


def test_answer_labels_are_the_same_words_everywhere(framework):
    fw = framework.parsed
    scored = fw.scored_questions[0].key
    context = fw.context_questions[0]
    assert vocabulary.answer_label(fw, scored, "answered", 3) == "Level 3"
    assert vocabulary.answer_label(fw, scored, "na", None) == "N/A"
    assert vocabulary.answer_label(fw, scored, "unknown", None) == "Don’t know"
    assert vocabulary.answer_label(fw, scored, "unanswered", None) == "Not answered"
    choice = context.choices[1]
    label = vocabulary.answer_label(fw, context.key, "answered", None, choice.key)
    assert label == choice.label and label != choice.key


def test_an_answer_labels_itself(framework):
    fw = framework.parsed
    answer = Answer(question_key=fw.context_questions[0].key, state="answered")
    answer.choice = fw.context_questions[0].choices[0].key
    assert answer.label(fw) == fw.context_questions[0].choices[0].label
    assert answer.is_answered
    assert not Answer(question_key="x").is_answered
    assert Answer(question_key="x", state="na", note="n").is_answered


def test_any_question_is_found_by_key(framework):
    fw = framework.parsed
    context = vocabulary.question(fw, fw.context_questions[0].key)
    assert context.is_context and context.step == "context" and context.choices
    q = fw.scored_questions[0]
    scored = vocabulary.question(fw, q.key)
    assert not scored.is_context and scored.step == q.dimension
    assert scored.section == fw.dimension(q.dimension).title
    assert vocabulary.find_question(fw, "no_such_question") is None


def test_the_answer_rules(framework):
    fw = framework.parsed
    key = fw.scored_questions[0].key
    assert vocabulary.answer_problems(fw, key, "answered", 4, "", "") == {}
    assert "level" in vocabulary.answer_problems(fw, key, "answered", 5, "", "")
    assert vocabulary.answer_problems(fw, key, "na", None, "", " ") == {
        "note": vocabulary.NA_NEEDS_NOTE
    }
    context = fw.context_questions[0]
    assert "choice" in vocabulary.answer_problems(fw, context.key, "answered", None, "zzz", "")
    assert "level" in vocabulary.answer_problems(
        fw, context.key, "answered", 2, context.choices[0].key, ""
    )


def test_progress_says_what_is_missing(assessment, personas):
    fw = assessment.framework.parsed
    keys = [q.key for q in fw.scored_questions[:3]]
    answers = [
        Answer(question_key=keys[0], state="answered", level=2),
        Answer(question_key=keys[1], state="unknown"),
        Answer(question_key=keys[2], state="answered", level=1, carried_over=True),
    ]
    progress = assessment.progress(answers)
    total = len(assessment.question_keys())
    # A carried-over answer counts once someone confirms it.
    assert (progress.answered, progress.total, progress.unknown) == (2, total, 1)
    assert progress.carried_over == 1
    assert progress.missing() == (
        f"{total - 3} of {total} questions not answered yet; 1 answered “don’t know”; "
        "1 carried over from the last assessment and not yet confirmed "
        "(the figures use them meanwhile)"
    )


def test_one_service_writes_answers_revisions_event_and_headline(personas, framework):
    fw = framework.parsed
    key = fw.scored_questions[0].key
    assessment = services.assessment_create(
        organization=personas.org_a,
        framework=framework,
        title="Imported",
        scope="both",
        targets={},
        user=personas.alice,
        answers=[Answer(question_key=key, state="answered", level=3)],
    )
    answer = assessment.answers.get()
    assert answer.version == 1
    assert AnswerRevision.objects.get(answer=answer).new["level"] == 3
    assert assessment.events.get().action == AssessmentEvent.Action.STARTED
    assessment.refresh_from_db()
    assert assessment.headline["answered"] == 1
    assert assessment.headline["total"] == len(assessment.question_keys())


def test_form_values_parse_back_to_answers(framework):
    fw = framework.parsed
    scored = vocabulary.question(fw, fw.scored_questions[0].key)
    context = vocabulary.question(fw, fw.context_questions[0].key)
    assert vocabulary.parse_value(scored, "3") == ("answered", 3, "")
    assert vocabulary.parse_value(scored, "na") == ("na", None, "")
    assert vocabulary.parse_value(scored, "") == ("unanswered", None, "")
    assert vocabulary.parse_value(scored, "5") is None
    assert vocabulary.parse_value(scored, "pilots") is None
    choice = fw.context_questions[0].choices[0].key
    assert vocabulary.parse_value(context, choice) == ("answered", None, choice)
    assert vocabulary.parse_value(context, "3") is None
    for answer in (Answer(question_key=scored.key, state="answered", level=2),):
        assert vocabulary.parse_value(scored, answer.value) == ("answered", 2, "")
