"""The DORA delivery profile: the delivery-performance keys, apart from practice scores.

The bank's `roles.dora` names the question that measures each key; its five
levels are written against the clusters of the State of DevOps reports, so a
level maps to a cluster: 0-1 low, 2 medium, 3 high, 4 elite. The profile's own
cluster is the one every answered key reaches, forgiving one key below it when
four or more are answered (one bad quarter of restores does not make a team
"low"). With fewer than three of the four classic keys answered there is no
overall cluster: too little to place the team.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessor.frameworks import Framework
from assessor.frameworks.roles import DORA_METRICS, Roles
from assessor.scoring import Scorecard

CLUSTERS = ("low", "medium", "high", "elite")
LEVEL_CLUSTER = ("low", "low", "medium", "high", "elite")
CLASSIC_KEYS = ("deployment_frequency", "lead_time", "change_failure_rate", "time_to_restore")
MIN_CLASSIC_ANSWERED = 3
# The clusters in our words, rounded from the State of DevOps reports (2023-2024).
CLUSTER_MEANINGS = {
    "elite": "deploys on demand, a change reaches production in under a day, fewer than one "
    "change in twenty fails and service is back within the hour",
    "high": "deploys between weekly and daily, changes take a day to a week, about one change "
    "in twenty to one in seven fails and service is back the same day",
    "medium": "deploys between monthly and weekly, changes take a week to a month, up to a "
    "third of changes fail and service is back within the week",
    "low": "deploys monthly or less often, changes take more than a month, a third or more of "
    "changes fail and recovering from a failure can take more than a week",
}
METRIC_TITLES = {
    "deployment_frequency": "Deployment frequency",
    "lead_time": "Lead time for changes",
    "change_failure_rate": "Change failure rate",
    "time_to_restore": "Time to restore service",
    "rework_rate": "Rework rate",
}


@dataclass(frozen=True, slots=True)
class DoraMetric:
    metric: str
    title: str
    question_text: str
    level: int | None  # None: not answered, don't know or N/A
    answer: str  # the level text the team chose, in the bank's words
    cluster: str | None


@dataclass(frozen=True, slots=True)
class DoraProfile:
    metrics: tuple[DoraMetric, ...]
    cluster: str | None  # None: too few keys answered to place the team
    meaning: str  # what the cluster means, or why there is none
    answered: int
    scale: tuple[tuple[str, str], ...] = tuple(
        (cluster, CLUSTER_MEANINGS[cluster]) for cluster in reversed(CLUSTERS)
    )


def dora_profile(framework: Framework, scorecard: Scorecard, roles: Roles) -> DoraProfile | None:
    """The profile, or None when the bank names no delivery-performance questions in scope."""
    results = {
        result.key: result for dimension in scorecard.dimensions for result in dimension.questions
    }
    metrics = []
    for metric in DORA_METRICS:
        key = roles.dora.get(metric)
        if key is None or key not in results:
            continue
        result = results[key]
        question = framework.question(key)
        level = result.level if result.state == "answered" else None
        metrics.append(
            DoraMetric(
                metric=metric,
                title=METRIC_TITLES[metric],
                question_text=question.text,
                level=level,
                answer=question.levels[level].text if level is not None else "",
                cluster=LEVEL_CLUSTER[level] if level is not None else None,
            )
        )
    if not metrics:
        return None
    answered = [m for m in metrics if m.cluster is not None]
    classic = sum(1 for m in answered if m.metric in CLASSIC_KEYS)
    if classic < MIN_CLASSIC_ANSWERED:
        return DoraProfile(
            tuple(metrics),
            None,
            f"only {classic} of the four delivery keys answered: too few to place the team "
            "in a cluster",
            len(answered),
        )
    ranks = sorted(CLUSTERS.index(m.cluster) for m in answered)  # type: ignore[arg-type]
    cluster = CLUSTERS[ranks[1] if len(ranks) >= 4 else ranks[0]]
    return DoraProfile(tuple(metrics), cluster, CLUSTER_MEANINGS[cluster], len(answered))
