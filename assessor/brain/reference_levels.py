"""Which public MLOps maturity level the answers correspond to.

Two references clients ask about, each re-expressed as rules on our own
dimension scores (gated, so a practice on weak foundations does not count):

Google Cloud's MLOps levels:
  0  training and release of models are manual steps;
  1  the training pipeline runs automatically and retrains on new data, with
     runs and models tracked (continuous training);
  2  on top of that, the pipeline itself is built, tested and released by
     CI/CD, and models are served and rolled out automatically.

Microsoft's MLOps maturity levels:
  0  no MLOps and no dependable delivery;
  1  software delivery is automated (DevOps) but models are handled by hand;
  2  training is automated and tracked;
  3  model deployment is automated from the registry too;
  4  operations are automated end to end: production models are watched and
     retrained on triggers.

A level holds when its condition and every lower level's hold. The
dimensions are found by the keys the built-in banks use; a bank without them
gets no reference level rather than a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from assessor.frameworks.roles import Roles
from assessor.scoring import Scorecard

TRAINING = "reproducible_training"
REGISTRY = "experiment_tracking_registry"
SERVING = "model_serving"
MONITORING = "model_monitoring_drift"
RETRAINING = "continuous_retraining"
NEEDED = (TRAINING, REGISTRY, SERVING, MONITORING, RETRAINING)


@dataclass(frozen=True, slots=True)
class ReferenceLevel:
    reference: str
    level: int | None
    top: int
    name: str
    reason: str


Condition = Callable[[Mapping[str, float]], bool]

GOOGLE: tuple[tuple[str, Condition, str], ...] = (
    ("Manual process", lambda s: True, "models are trained and released by hand"),
    (
        "ML pipeline automation",
        lambda s: s[TRAINING] >= 3 and s[RETRAINING] >= 2 and s[REGISTRY] >= 3,
        "training runs as an automated, tracked pipeline that retrains on new data",
    ),
    (
        "CI/CD pipeline automation",
        lambda s: s["delivery"] >= 3 and s[SERVING] >= 3 and s[RETRAINING] >= 3,
        "the training pipeline itself is built, tested and released by CI/CD",
    ),
)
MICROSOFT: tuple[tuple[str, Condition, str], ...] = (
    ("No MLOps", lambda s: True, "neither software nor models are delivered automatically"),
    (
        "DevOps but no MLOps",
        lambda s: s["delivery"] >= 2,
        "software delivery is automated, models are still handled by hand",
    ),
    (
        "Automated training",
        lambda s: s[TRAINING] >= 3 and s[REGISTRY] >= 2,
        "training is automated and its runs are tracked",
    ),
    (
        "Automated model deployment",
        lambda s: s[SERVING] >= 3 and s[REGISTRY] >= 3,
        "models are released from the registry automatically",
    ),
    (
        "Full MLOps automated operations",
        lambda s: s[MONITORING] >= 3 and s[RETRAINING] >= 3,
        "production models are watched and retrained on triggers",
    ),
)


def reference_levels(scorecard: Scorecard, roles: Roles) -> tuple[ReferenceLevel, ...]:
    if not all(scorecard.has_dimension(key) for key in NEEDED):
        return ()
    scores = {key: scorecard.dimension(key).gated or 0.0 for key in NEEDED}
    delivery = [
        scorecard.dimension(key)
        for key in roles.dimensions_of("model_delivery")
        if scorecard.has_dimension(key)
    ]
    weight = sum(d.weight for d in delivery)
    scores["delivery"] = (
        sum(d.weight * (d.gated or 0.0) for d in delivery) / weight if weight else 0.0
    )
    return (
        _level("Google Cloud MLOps level", GOOGLE, scores),
        _level("Microsoft MLOps maturity level", MICROSOFT, scores),
    )


def _level(
    reference: str, ladder: tuple[tuple[str, Condition, str], ...], scores: Mapping[str, float]
) -> ReferenceLevel:
    level = 0
    while level + 1 < len(ladder) and ladder[level + 1][1](scores):
        level += 1
    name, _, holds = ladder[level]
    reason = holds[0].upper() + holds[1:]
    if level + 1 < len(ladder):
        reason += f"; the next level needs: {ladder[level + 1][2]}"
    return ReferenceLevel(reference, level, len(ladder) - 1, name, reason + ".")
