"""v1 assessments score exactly as they did when v1 was the only bank, forever.

The expected scorecards in fixtures/v1_golden_scorecards.json were computed
with the scoring code of the commit that introduced this test, before brain v2
changed anything. Regenerate them only if v1's method is meant to change,
which it is not: a stored v1 assessment must show the same numbers years later.
"""

import json
from pathlib import Path

import pytest

from assessor.frameworks import load_framework_file
from assessor.scoring import AnswerInput, score

FRAMEWORKS = Path(__file__).resolve().parents[2] / "assessor" / "frameworks"
V1 = FRAMEWORKS / "devops-mlops-readiness.v1.yaml"
GOLDEN = Path(__file__).parent / "fixtures" / "v1_golden_scorecards.json"
NA = AnswerInput("na", note="not part of this organization")
UNKNOWN = AnswerInput("unknown")


def answer_sets(framework):
    """Fixed, varied answer sets: mixed levels, N/A, don't know and gaps, one scope each."""
    questions = framework.scored_questions

    def levels(step, offset=0):
        return {
            q.key: AnswerInput("answered", (index * step + offset) % 5)
            for index, q in enumerate(questions)
        }

    mixed = levels(7)
    for index, question in enumerate(questions):
        if index % 6 == 1:
            mixed[question.key] = UNKNOWN
        elif index % 11 == 3:
            mixed[question.key] = NA
    sparse = {key: a for index, (key, a) in enumerate(levels(3, 2).items()) if index % 3 == 0}
    return {
        "every_question_answered": (levels(7), ("devops", "mlops")),
        "mixed_with_na_and_unknown": (mixed, ("devops", "mlops")),
        "a_third_answered": (sparse, ("devops", "mlops")),
        "devops_only_scope": (levels(2, 1), ("devops",)),
        "all_level_two": (
            {q.key: AnswerInput("answered", 2) for q in questions},
            ("devops", "mlops"),
        ),
    }


def scorecards():
    framework = load_framework_file(V1)
    return {
        name: _pinned(score(framework, answers, areas=areas).to_dict())
        for name, (answers, areas) in answer_sets(framework).items()
    }


def _pinned(card):
    """What the golden file pins: indices, dimension scores and confidence, caps included."""
    return {
        "framework": [card["framework_key"], card["framework_version"], card["framework_sha256"]],
        "areas": [
            {
                k: area[k]
                for k in ("key", "index", "raw_index", "score", "percent", "label", "confidence")
            }
            for area in card["areas"]
        ],
        "dimensions": [
            {
                **{
                    k: dimension[k]
                    for k in (
                        "key",
                        "raw",
                        "gated",
                        "score",
                        "raw_score",
                        "percent",
                        "label",
                        "confidence",
                    )
                },
                "caps": [[g["prerequisite"], g["cap"], g["lowered"]] for g in dimension["gating"]],
            }
            for dimension in card["dimensions"]
        ],
    }


@pytest.mark.parametrize(
    "name",
    [
        "every_question_answered",
        "mixed_with_na_and_unknown",
        "a_third_answered",
        "devops_only_scope",
        "all_level_two",
    ],
)
def test_v1_scores_exactly_as_before(name):
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))

    assert scorecards()[name] == golden[name]


if __name__ == "__main__":  # pragma: no cover - regenerates the golden file (do not, see above)
    GOLDEN.write_text(json.dumps(scorecards(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
