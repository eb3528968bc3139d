"""Consensus: the room's answer is written into the assessment through the
assessment services (audit trail, headline), says it came from a vote, and
leaves the votes in place."""

from django.urls import reverse

from assessor import services as assessor_services
from assessor.models import Answer, AnswerRevision
from assessor.workshops.models import Round, Vote
from tests.workshops.conftest import HTMX, cast, join_as_guest, presenter_url


def vote_all(workshop, key, levels):
    for i, level in enumerate(levels):
        cast(join_as_guest(workshop, f"P{i}"), workshop, key, level)


def test_accepting_the_median(personas, workshop, first_key, login):
    vote_all(workshop, first_key, ["1", "2", "2", "3", "3", "2", "unknown"])
    c = login(personas.alice)
    r = c.post(presenter_url(workshop, "consensus"), {"decision": "median"}, headers=HTMX)
    assert r.status_code == 200 and "Set: <strong>Level 2</strong>" in r.text
    answer = Answer.objects.get(assessment=workshop.assessment, question_key=first_key)
    assert (answer.state, answer.level, answer.answered_by) == ("answered", 2, personas.alice)
    assert answer.note == "Workshop consensus of 7 votes (1 don’t know), spread 2."
    assert AnswerRevision.objects.filter(answer=answer).count() == 1
    round_ = Round.objects.get()
    assert round_.state == "closed" and round_.provenance.startswith("Workshop consensus of 7")
    assert Vote.objects.count() == 7  # the votes are kept
    workshop.assessment.refresh_from_db()
    assert workshop.assessment.headline["answered"] == 1


def test_a_tied_median_rounds_down(personas, workshop, first_key, login):
    vote_all(workshop, first_key, ["1", "2"])
    login(personas.alice).post(presenter_url(workshop, "consensus"), {"decision": "median"})
    assert Answer.objects.get(question_key=first_key).level == 1


def test_picking_another_level_with_a_note(personas, workshop, first_key, login):
    vote_all(workshop, first_key, ["0", "3", "3"])
    c = login(personas.alice)
    c.post(presenter_url(workshop, "consensus"), {"decision": "1", "note": "Only one team <b>"})
    answer = Answer.objects.get(question_key=first_key)
    assert answer.level == 1
    assert answer.note == "Workshop consensus of 3 votes, spread 3. Only one team <b>"
    # A later change of mind in the same workshop replaces it, no conflict.
    c.post(presenter_url(workshop, "consensus"), {"decision": "2"})
    answer.refresh_from_db()
    assert (answer.level, answer.version) == (2, 2)


def test_na_needs_a_note(personas, workshop, first_key, login):
    c = login(personas.alice)
    r = c.post(presenter_url(workshop, "consensus"), {"decision": "na"}, headers=HTMX)
    assert r.status_code == 422 and "N/A needs a note" in r.text
    assert not Answer.objects.filter(question_key=first_key).exists()
    c.post(presenter_url(workshop, "consensus"), {"decision": "na", "note": "We buy it in."})
    answer = Answer.objects.get(question_key=first_key)
    assert (answer.state, answer.level) == ("na", None)
    assert answer.note == "Workshop consensus, set without votes. We buy it in."


def test_the_median_needs_a_level_vote(personas, workshop, first_key, login):
    vote_all(workshop, first_key, ["unknown"])
    r = login(personas.alice).post(
        presenter_url(workshop, "consensus"), {"decision": "median"}, headers=HTMX
    )
    assert r.status_code == 422 and "Nobody voted a level yet" in r.text


def test_it_keeps_the_evidence_link_of_the_wizard(personas, workshop, first_key, login):
    assessor_services.answer_save(
        assessment=workshop.assessment, user=personas.bob, question_key=first_key,
        state="answered", level=4, choice="", note="Bob's guess",
        evidence="https://wiki.example.com/ci", version=0,
    )  # fmt: skip
    vote_all(workshop, first_key, ["1", "1"])
    login(personas.alice).post(presenter_url(workshop, "consensus"), {"decision": "median"})
    answer = Answer.objects.get(question_key=first_key)
    assert (answer.level, answer.evidence) == (1, "https://wiki.example.com/ci")
    assert answer.revisions.count() == 2  # the wizard's answer stays in the history


def test_a_completed_assessment_refuses_the_consensus(personas, workshop, first_key, login):
    assessor_services.assessment_complete(assessment=workshop.assessment, user=personas.alice)
    r = login(personas.alice).post(
        presenter_url(workshop, "consensus"), {"decision": "2"}, headers=HTMX
    )
    assert r.status_code == 422 and "completed" in r.text
    assert not Answer.objects.filter(question_key=first_key).exists()


def test_participants_see_the_outcome(personas, workshop, first_key, login, guest):
    cast(guest, workshop, first_key, "3")
    login(personas.alice).post(presenter_url(workshop, "consensus"), {"decision": "3"})
    r = guest.get(workshop.participant_url())
    assert "Voting is closed" in r.text and "The team agreed: <strong>Level 3</strong>" in r.text


def test_results_page_shows_the_vote_and_the_disagreement(personas, workshop, first_key, login):
    """The distribution sits beside its question on the results page, and a
    split room is listed under "Where the team disagreed"."""
    from assessor.workshops import services

    dim_key = workshop.assessment.framework.parsed.question(first_key).dimension
    assert dim_key  # the first workshop question is a scored one
    for i, level in enumerate([0, 0, 3, 4]):
        p = services.participant_join(workshop=workshop, display_name=f"P{i}", user=None)
        services.vote_cast(
            workshop=workshop, participant_id=p.pk, question_key=first_key, level=level, comment=""
        )
    round_ = Round.objects.get(workshop=workshop, question_key=first_key)
    services.consensus_set(round_=round_, user=personas.alice, state="answered", level=2, note="")
    r = login(personas.carol).get(
        reverse("assessor:results", args=["acme", workshop.assessment.code])
    )
    assert r.status_code == 200
    assert "Where the team disagreed" in r.text
    assert (
        'aria-label="Votes per level: Level 0 2, Level 1 0, Level 2 0, Level 3 1, Level 4 1'
        in r.text
    )
    assert "consensus of 4 votes" in r.text


def test_a_closed_workshop_takes_no_consensus_or_voting_change(
    personas, workshop, first_key, login
):
    from assessor.workshops import services

    services.workshop_close(workshop=workshop)
    c = login(personas.alice)
    r = c.post(presenter_url(workshop, "consensus"), {"decision": "2", "note": ""}, headers=HTMX)
    assert r.status_code == 409 and "closed" in r.text
    r = c.post(presenter_url(workshop, "voting"), {"action": "close"}, headers=HTMX)
    assert r.status_code == 409
    assert not Answer.objects.filter(question_key=first_key).exists()


def test_a_vote_that_lands_just_before_the_close_is_confirmed(personas, workshop, first_key):
    """The vote is stored, then voting closes before its answer is rendered:
    the phone must still say the vote counted."""
    from unittest import mock

    from assessor.workshops import services

    guest = join_as_guest(workshop, "Last Second")
    real_cast = services.vote_cast

    def cast_then_close(**kwargs):
        real_cast(**kwargs)
        services.voting_set(
            round_=Round.objects.get(workshop=workshop, question_key=first_key), is_open=False
        )

    with mock.patch.object(services, "vote_cast", cast_then_close):
        r = cast(guest, workshop, first_key, "3")
    assert "Voting is closed" in r.text and "Saved ✓ just in time" in r.text
    assert Vote.objects.get().level == 3


def test_a_median_nobody_voted_for_is_flagged_not_taken_in_one_click(
    personas, workshop, first_key, login
):
    vote_all(workshop, first_key, ["1", "1", "3", "3"])
    c = login(personas.alice)
    board = c.get(presenter_url(workshop, "board")).text
    assert "The median, level 2, is a level nobody voted for." in board
    assert "Accept the median" not in board and "Set level 2 anyway" in board
    # A board that has not caught up yet still cannot take it in one click.
    r = c.post(presenter_url(workshop, "consensus"), {"decision": "median"}, headers=HTMX)
    assert r.status_code == 422 and "nobody voted for" in r.text
    assert not Answer.objects.filter(question_key=first_key).exists()
    c.post(presenter_url(workshop, "consensus"), {"decision": "median_anyway"})
    assert Answer.objects.get(question_key=first_key).level == 2


def test_a_median_someone_chose_is_one_click(personas, workshop, first_key, login):
    vote_all(workshop, first_key, ["1", "2", "3"])
    board = login(personas.alice).get(presenter_url(workshop, "board")).text
    assert "Accept the median (level 2)" in board and "nobody voted for" not in board


def test_context_questions_are_voted_and_decide_the_path(personas, workshop, login):
    from assessor.workshops import services

    fw = workshop.assessment.framework.parsed
    q = fw.context_questions[0]
    services.workshop_go(workshop=workshop, key=q.key)
    picks = [q.choices[1].key, q.choices[1].key, q.choices[0].key, "unknown"]
    for i, pick in enumerate(picks):
        assert cast(join_as_guest(workshop, f"P{i}"), workshop, q.key, pick).status_code == 200
    assert cast(join_as_guest(workshop, "X"), workshop, q.key, "3").status_code == 422
    votes = list(Vote.objects.order_by("id").values_list("level", "choice"))
    assert votes == [(None, picks[0]), (None, picks[1]), (None, picks[2]), (None, "")]
    c = login(personas.alice)
    board = c.get(presenter_url(workshop, "board")).text
    assert "4 of 5" in board and f"Accept the most votes (B: {q.choices[1].label})" in board
    r = c.post(presenter_url(workshop, "consensus"), {"decision": q.choices[1].key}, headers=HTMX)
    assert f"Set: <strong>{q.choices[1].label}</strong>" in r.text
    answer = Answer.objects.get(question_key=q.key)
    assert (answer.state, answer.choice, answer.level) == ("answered", q.choices[1].key, None)
    assert answer.note == "Workshop consensus of 4 votes (1 don’t know)."
    assert workshop.assessment.results().context[q.key] == q.choices[1].key
    # A level is no answer to a context question.
    r = c.post(presenter_url(workshop, "consensus"), {"decision": "2"}, headers=HTMX)
    assert r.status_code == 422


BANK = {  # the golden scenario "regulated bank with ML in production"
    "ai_adoption_stage": "production",
    "pilots_reach_production": "sometimes",
    "business_objective": "stability",
    "industry": "finance",
    "compliance_exposure": "high",
    "team_composition": "ds_and_ml_engineers",
    "budget_compute": "moderate",
}


def test_a_workshop_only_regulated_bank_gets_a_real_path(personas, workshop, login):
    """Run in a workshop alone, the context answers reach the assessment: a
    regulated bank with models in production is no longer told it has "no ML
    ambition yet"."""
    from assessor.workshops import services

    personas.org_a.regulated = True
    personas.org_a.save()
    before = workshop.assessment.results().advice.path
    # Nothing answered yet: the path rests on guesses and says so.
    assert before.provisional and fired(before) != "regulated_ml_in_production"
    c = login(personas.alice)
    for key, choice in BANK.items():
        services.workshop_go(workshop=workshop, key=key)
        c.post(presenter_url(workshop, "consensus"), {"decision": choice})
    results = workshop.assessment.results()
    assert results.context == BANK
    path = results.advice.path
    assert fired(path) == "regulated_ml_in_production", fired(path)
    assert path.outcome == "mlops_critical"


def fired(path) -> str:
    """The rule that decided the path."""
    return next(r.rule for r in path.rules if r.fired)
