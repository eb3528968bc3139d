"""Evidence that ages: an answered question whose evidence is past its
valid-until day keeps its level but counts half towards confidence
(scoring.EXPIRED_EVIDENCE_TRUST), as of the day the caller passes in."""

import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessor.frameworks import load_framework_file
from assessor.scoring import EXPIRED_EVIDENCE_TRUST, AnswerInput, score
from tests.brain.test_scoring_properties import assessments

MINI = load_framework_file(Path(__file__).parent / "fixtures" / "mini-readiness.v1.yaml")
TODAY = datetime.date(2026, 11, 30)
YESTERDAY = TODAY - datetime.timedelta(days=1)


def answered(level: int, until: datetime.date | None = None) -> AnswerInput:
    return AnswerInput("answered", level, evidence_valid_until=until)


def test_the_rule_is_stated_as_half():
    assert EXPIRED_EVIDENCE_TRUST == 0.5


def test_expired_evidence_counts_half_towards_confidence_and_keeps_the_level():
    # weights 1 and 2; the weight-1 answer's evidence ran out yesterday:
    # confidence (2 + 0.5 * 1) / 3, the score unchanged (1*4 + 2*2) / 3
    answers = {
        "source_control_testing_q1": answered(4, until=YESTERDAY),
        "source_control_testing_q2": answered(2),
    }
    dimension = score(MINI, answers, areas=["devops"], today=TODAY).dimension(
        "source_control_testing"
    )

    assert dimension.confidence == pytest.approx(2.5 / 3)
    assert dimension.raw == pytest.approx(8 / 3)
    assert dimension.expired_weight == 1.0
    assert dimension.expired_evidence == ("source_control_testing_q1",)
    assert [q.evidence_expired for q in dimension.questions] == [True, False]


def test_evidence_holds_through_its_last_day():
    answers = {"source_control_testing_q1": answered(3, until=TODAY)}
    dimension = score(MINI, answers, areas=["devops"], today=TODAY).dimension(
        "source_control_testing"
    )

    assert dimension.expired_evidence == ()
    assert dimension.confidence == pytest.approx(1 / 3)


def test_without_a_day_nothing_expires():
    answers = {"source_control_testing_q1": answered(3, until=datetime.date(2001, 1, 1))}

    card = score(MINI, answers, areas=["devops"])

    assert card.dimension("source_control_testing").expired_evidence == ()


def test_the_area_confidence_falls_with_its_dimension():
    fresh = {"source_control_testing_q1": answered(3), "source_control_testing_q2": answered(3)}
    aged = fresh | {"source_control_testing_q2": answered(3, until=YESTERDAY)}

    before = score(MINI, fresh, areas=["devops"], today=TODAY).area("devops")
    after = score(MINI, aged, areas=["devops"], today=TODAY).area("devops")

    assert after.confidence < before.confidence
    assert after.index == before.index


def test_a_valid_until_day_must_be_a_date():
    with pytest.raises(ValueError, match="must be a date"):
        AnswerInput("answered", 2, evidence_valid_until="2026-01-01")  # type: ignore[arg-type]


@given(assessments(), st.data())
def test_expiry_never_moves_a_score_and_never_raises_confidence(assessment, data):
    framework, answers = assessment
    expire = data.draw(st.sets(st.sampled_from(sorted(answers) or ["none"])))
    aged = {
        key: AnswerInput(a.state, a.level, a.note, evidence_valid_until=YESTERDAY)
        if key in expire
        else a
        for key, a in answers.items()
    }
    before = score(framework, answers, today=TODAY)
    after = score(framework, aged, today=TODAY)

    for old, new in zip(before.dimensions, after.dimensions, strict=True):
        assert (new.raw, new.gated) == (old.raw, old.gated)
        if old.confidence is not None:
            assert new.confidence <= old.confidence
            # at most half of the answered share is lost
            assert new.confidence >= old.confidence * EXPIRED_EVIDENCE_TRUST - 1e-9
    for old, new in zip(before.areas, after.areas, strict=True):
        assert new.index == old.index
        if old.confidence is not None:
            assert new.confidence <= old.confidence + 1e-12
