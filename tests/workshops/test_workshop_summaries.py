"""One definition of "the team disagreed", for the board, results and PDF."""

import pytest

from assessor.workshops import services
from assessor.workshops.summaries import provenance_of, summarize, vote_summaries
from tests.workshops.conftest import cast, join_as_guest, scored_keys


def test_distribution_median_and_spread():
    s = summarize("q", [2, 2, 3, None, 1])
    assert s.counts == (0, 1, 2, 1, 0) and s.unknown == 1
    assert (s.count, s.rated, s.median, s.spread) == (5, 4, 2.0, 2)
    assert [b.count for b in s.bars] == [0, 1, 2, 1, 0, 1]
    assert [b.scale for b in s.bars] == [0, 50, 100, 50, 0, 50]


def test_agreement_is_not_flagged():
    s = summarize("q", [2, 2, 3, 3, 2])
    assert not s.disagreement and s.spread == 1 and not s.bimodal


def test_a_spread_of_two_levels_is_flagged():
    s = summarize("q", [2, 2, 2, 2, 2, 2, 2, 2, 0])
    assert s.disagreement and s.reasons == ("votes spread over 2 levels (0 to 2)",)
    assert not s.bimodal


def test_two_camps_are_flagged_as_such():
    s = summarize("q", [1, 1, 1, 3, 3, 3, 2])
    assert s.bimodal and "two camps: around level 1 and around level 3" in s.reasons


@pytest.mark.parametrize(
    "levels",
    [[1, 1, 2, 2, 3, 3], [0, 4], [1, 1, 1, 1, 1, 1, 1, 1, 1, 3]],
)
def test_no_camps_without_a_valley_or_enough_votes(levels):
    assert not summarize("q", levels).bimodal


def test_no_level_votes():
    s = summarize("q", [None, None])
    assert (s.median, s.spread, s.suggested, s.disagreement) == (None, None, None, False)
    assert summarize("q", []).count == 0


def test_the_suggested_level_rounds_a_tie_down():
    assert summarize("q", [1, 2]).suggested == 1
    assert summarize("q", [1, 2, 3]).suggested == 2


def test_provenance_text():
    assert provenance_of(summarize("q", [1, 2, 3, None])) == (
        "Workshop consensus of 4 votes (1 don’t know), spread 2"
    )
    assert provenance_of(summarize("q", [2])) == "Workshop consensus of 1 vote, spread 0"
    assert provenance_of(summarize("q", [])) == "Workshop consensus, set without votes"


def test_vote_summaries_of_an_assessment(personas, workshop, first_key, django_assert_num_queries):
    for i, level in enumerate(["0", "2", "4"]):
        cast(join_as_guest(workshop, f"P{i}"), workshop, first_key, level, f"c{i}" if i else "")
    second = scored_keys(workshop)[1]
    services.workshop_go(workshop=workshop, key=second)  # shown, nobody voted
    with django_assert_num_queries(2):
        summaries = vote_summaries(workshop.assessment)
    assert list(summaries) == [first_key]
    s = summaries[first_key]
    assert s.counts == (1, 0, 1, 0, 1) and s.disagreement
    assert s.comments == ((2, "c1"), (4, "c2"))  # no names: votes are private


def test_disagreements_in_question_order_and_as_a_snapshot(workshop):
    import json

    from django.template.loader import render_to_string

    from assessor.workshops.summaries import disagreements

    keys = scored_keys(workshop)
    for key, levels in [(keys[2], ["0", "3"]), (keys[0], ["1", "4"]), (keys[1], ["2", "2"])]:
        services.workshop_go(workshop=workshop, key=key)
        for i, level in enumerate(levels):
            cast(join_as_guest(workshop, f"{key}{i}"), workshop, key, level)
    found = disagreements(workshop.assessment)
    assert [s.question_key for s in found] == [keys[0], keys[2]]
    snapshot = json.loads(json.dumps(found[0].as_snapshot()))
    assert (
        snapshot["spread"] == 3 and snapshot["disagreement"] and snapshot["bars"][1]["count"] == 1
    )
    # The distribution partial renders the object and its snapshot alike.
    html = [
        render_to_string("workshops/_distribution.html", {"summary": summary})
        for summary in (found[0], snapshot)
    ]
    assert html[0] == html[1]
    assert "<svg" in html[0] and "votes spread over 3 levels (1 to 4)" in html[0]


@pytest.mark.parametrize(
    "levels, unchosen",
    [([1, 3], True), ([1, 1, 3, 3], True), ([0, 4], True), ([1, 2, 3], False), ([1, 2], False)],
)
def test_a_median_nobody_voted_for_is_flagged(levels, unchosen):
    assert summarize("q", levels).median_unchosen is unchosen


def test_context_votes_are_tallied_not_summarized(personas, workshop, login):
    from assessor.workshops.summaries import tally

    counted = tally(["A", "B"], ["x", "y"], ["y", "y", "x", ""])
    assert [(b.label, b.count) for b in counted.bars] == [("A", 1), ("B", 2), ("?", 1)]
    assert counted.leader_value == "y" and counted.count == 4
    assert tally(["A", "B"], ["x", "y"], ["x", "y"]).leader is None  # a tie has no leader
    # The results page's vote summaries are about levels: context rounds stay out.
    q = workshop.assessment.framework.parsed.context_questions[0]
    services.workshop_go(workshop=workshop, key=q.key)
    cast(join_as_guest(workshop), workshop, q.key, q.choices[0].key)
    assert q.key not in vote_summaries(workshop.assessment)
