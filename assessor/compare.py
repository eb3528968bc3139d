"""Compare two assessments of one organization: what moved, what changed in
the answers, which roadmap items are now done, and how the advice shifted.

Works across framework versions by comparing what both share (dimension and
question keys) and listing what it left out.
"""

from dataclasses import dataclass

from assessor import vocabulary
from assessor.models import Answer, Assessment, Results

# Smaller moves are rounding noise on a 0-4 scale shown with one decimal.
UNCHANGED_WITHIN = 0.05


@dataclass(frozen=True)
class Delta:
    key: str
    title: str
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 1)

    @property
    def direction(self) -> str:
        change = self.change
        if change is None:
            return "n/a"
        if abs(change) < UNCHANGED_WITHIN:
            return "unchanged"
        return "up" if change > 0 else "down"


@dataclass(frozen=True)
class ChangedAnswer:
    key: str
    text: str
    dimension: str
    before: str
    after: str
    note_before: str
    note_after: str


@dataclass(frozen=True)
class DoneItem:
    dimension: str
    title: str
    target: float
    reached: float | None


@dataclass(frozen=True)
class Comparison:
    before: Assessment
    after: Assessment
    areas: list[Delta]
    dimensions: list[Delta]
    changed_answers: list[ChangedAnswer]
    done: list[DoneItem]
    path_before: str
    path_after: str
    left_out_dimensions: list[str]
    left_out_questions: list[str]


def compare(
    before: Assessment,
    before_results: Results,
    before_answers: list[Answer],
    after: Assessment,
    after_results: Results,
    after_answers: list[Answer],
) -> Comparison:
    sc_b, sc_a = before_results.scorecard, after_results.scorecard
    dims_b = {d.key: d for d in sc_b.dimensions}
    dims_a = {d.key: d for d in sc_a.dimensions}
    shared_dims = [k for k in dims_a if k in dims_b]
    fw_a, fw_b = after.framework.parsed, before.framework.parsed

    areas = [
        Delta(area.key, area.title, _area_score(sc_b, area.key), area.score)
        for area in sc_a.areas
        if sc_b.area(area.key) is not None
    ]
    dimensions = [Delta(k, dims_a[k].title, dims_b[k].score, dims_a[k].score) for k in shared_dims]

    keys_b, keys_a = before.question_keys(), after.question_keys()
    shared_questions = [k for k in keys_a if k in set(keys_b)]
    answers_b = {a.question_key: a for a in before_answers}
    answers_a = {a.question_key: a for a in after_answers}
    changed = []
    for key in shared_questions:
        old, new = answers_b.get(key), answers_a.get(key)
        if _value(old) != _value(new) or _note(old) != _note(new):
            text, dimension = _describe(fw_a, key)
            changed.append(
                ChangedAnswer(
                    key,
                    text,
                    dimension,
                    _label(fw_b, key, old),
                    _label(fw_a, key, new),
                    _note(old),
                    _note(new),
                )
            )

    # Roadmap items of the earlier assessment whose final target is now met.
    done = []
    seen = set()
    for phase in before_results.advice.phases:
        for item in phase.items:
            if item.dimension in seen or item.dimension not in dims_a:
                continue
            seen.add(item.dimension)
            reached = dims_a[item.dimension].gated
            if reached is not None and reached >= item.final_target - UNCHANGED_WITHIN:
                done.append(
                    DoneItem(
                        item.dimension, item.title, item.final_target, dims_a[item.dimension].score
                    )
                )

    return Comparison(
        before=before,
        after=after,
        areas=areas,
        dimensions=dimensions,
        changed_answers=changed,
        done=done,
        path_before=before_results.advice.path.title,
        path_after=after_results.advice.path.title,
        left_out_dimensions=sorted(set(dims_a) ^ set(dims_b)),
        left_out_questions=sorted(set(keys_a) ^ set(keys_b)),
    )


def _area_score(scorecard, key: str) -> float | None:
    area = scorecard.area(key)
    return area.score if area else None


def _value(answer: Answer | None) -> str:
    return answer.value if answer else ""


def _note(answer: Answer | None) -> str:
    return answer.note if answer else ""


def _describe(framework, key: str) -> tuple[str, str]:
    ref = vocabulary.question(framework, key)
    return ref.text, ref.section


def _label(framework, key: str, answer: Answer | None) -> str:
    if answer is None:
        return vocabulary.STATE_LABELS[vocabulary.UNANSWERED]
    return answer.label(framework)
