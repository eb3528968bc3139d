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

from assessor.brain.i18n import _, gettext_noop
from assessor.frameworks import Framework
from assessor.frameworks.roles import DORA_METRICS, Roles
from assessor.scoring import Scorecard

CLUSTERS = ("low", "medium", "high", "elite")
LEVEL_CLUSTER = ("low", "low", "medium", "high", "elite")
# The clusters' names as the State of DevOps reports spell them, to show.
CLUSTER_NAMES = {
    "low": gettext_noop("Low"),
    "medium": gettext_noop("Medium"),
    "high": gettext_noop("High"),
    "elite": gettext_noop("Elite"),
}
CLASSIC_KEYS = ("deployment_frequency", "lead_time", "change_failure_rate", "time_to_restore")
MIN_CLASSIC_ANSWERED = 3
# The clusters in our words, rounded from the State of DevOps reports (2023-2024).
# English msgids, translated where a profile is built.
CLUSTER_MEANINGS = {
    "elite": gettext_noop(
        "deploys on demand, a change reaches production in under a day, fewer than one "
        "change in twenty fails and service is back within the hour"
    ),
    "high": gettext_noop(
        "deploys between weekly and daily, changes take a day to a week, about one change "
        "in twenty to one in seven fails and service is back the same day"
    ),
    "medium": gettext_noop(
        "deploys between monthly and weekly, changes take a week to a month, up to a "
        "third of changes fail and service is back within the week"
    ),
    "low": gettext_noop(
        "deploys monthly or less often, changes take more than a month, a third or more of "
        "changes fail and recovering from a failure can take more than a week"
    ),
}
METRIC_TITLES = {
    "deployment_frequency": gettext_noop("Deployment frequency"),
    "lead_time": gettext_noop("Lead time for changes"),
    "change_failure_rate": gettext_noop("Change failure rate"),
    "time_to_restore": gettext_noop("Time to restore service"),
    "rework_rate": gettext_noop("Rework rate"),
}


@dataclass(frozen=True, slots=True)
class DoraMetric:
    metric: str
    title: str
    question_text: str
    level: int | None  # None: not answered, don't know or N/A
    answer: str  # the level text the team chose, in the bank's words
    cluster: str | None
    cluster_title: str | None = None  # the cluster's name to show, in the active language


@dataclass(frozen=True, slots=True)
class DoraProfile:
    metrics: tuple[DoraMetric, ...]
    cluster: str | None  # None: too few keys answered to place the team
    meaning: str  # what the cluster means, or why there is none
    answered: int
    # every cluster's name and what it means, best first, in the active language
    scale: tuple[tuple[str, str], ...] = ()
    cluster_title: str | None = None


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
                title=_(METRIC_TITLES[metric]),
                question_text=question.text,
                level=level,
                answer=question.levels[level].text if level is not None else "",
                cluster=LEVEL_CLUSTER[level] if level is not None else None,
                cluster_title=cluster_name(LEVEL_CLUSTER[level]) if level is not None else None,
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
            _(
                "only %(answered)s of the four delivery keys answered: too few to place the "
                "team in a cluster"
            )
            % {"answered": classic},
            len(answered),
            _scale(),
        )
    ranks = sorted(CLUSTERS.index(m.cluster) for m in answered)  # type: ignore[arg-type]
    cluster = CLUSTERS[ranks[1] if len(ranks) >= 4 else ranks[0]]
    return DoraProfile(
        tuple(metrics),
        cluster,
        _(CLUSTER_MEANINGS[cluster]),
        len(answered),
        _scale(),
        cluster_name(cluster),
    )


def _scale() -> tuple[tuple[str, str], ...]:
    return tuple(
        (cluster_name(cluster), _(CLUSTER_MEANINGS[cluster])) for cluster in reversed(CLUSTERS)
    )


def cluster_name(cluster: str) -> str:
    """A cluster's name for people ("low" … "elite"); the key stays English in data."""
    return _(CLUSTER_NAMES[cluster])
