"""Plain view rows for the results page: each dimension with its target and
the "why this score" lines carrying the question texts."""

from dataclasses import dataclass

from assessor import vocabulary
from assessor.frameworks import Framework
from assessor.models import Results
from assessor.scoring import DimensionScore, QuestionResult
from assessor.workshops.summaries import VoteSummary


@dataclass(frozen=True)
class WhyLine:
    text: str
    result: QuestionResult
    votes: VoteSummary | None = None  # how the room voted, when a workshop took a vote

    @property
    def state_label(self) -> str:
        return vocabulary.level_or_state_label(self.result.state, self.result.level)


@dataclass(frozen=True)
class DimensionRow:
    score: DimensionScore
    area_title: str
    target: float | None
    target_source: str
    why: list[WhyLine]

    @property
    def gap(self) -> float | None:
        if self.target is None:
            return None
        return max(0.0, round(self.target - (self.score.gated or 0.0), 1))


def dimension_rows(
    framework: Framework, results: Results, votes: dict[str, VoteSummary]
) -> list[DimensionRow]:
    targets = {t.dimension: t for t in results.advice.targets}
    areas = {area.key: area.title for area in framework.areas}
    rows = []
    for dim in results.scorecard.dimensions:
        if not dim.is_practice:
            continue  # the delivery profile has its own section, never a score row
        target = targets.get(dim.key)
        rows.append(
            DimensionRow(
                score=dim,
                area_title=areas.get(dim.area, dim.area),
                target=target.target if target else None,
                target_source=target.source if target else "",
                why=[
                    WhyLine(framework.question(q.key).text, q, votes.get(q.key))
                    for q in dim.questions
                ],
            )
        )
    return rows
