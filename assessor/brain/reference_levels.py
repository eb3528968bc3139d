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

from assessor.brain.i18n import _, gettext_noop
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
    (
        gettext_noop("Manual process"),
        lambda s: True,
        gettext_noop("models are trained and released by hand"),
    ),
    (
        gettext_noop("ML pipeline automation"),
        lambda s: s[TRAINING] >= 3 and s[RETRAINING] >= 2 and s[REGISTRY] >= 3,
        gettext_noop("training runs as an automated, tracked pipeline that retrains on new data"),
    ),
    (
        gettext_noop("CI/CD pipeline automation"),
        lambda s: s["delivery"] >= 3 and s[SERVING] >= 3 and s[RETRAINING] >= 3,
        gettext_noop("the training pipeline itself is built, tested and released by CI/CD"),
    ),
)
MICROSOFT: tuple[tuple[str, Condition, str], ...] = (
    (
        gettext_noop("No MLOps"),
        lambda s: True,
        gettext_noop("neither software nor models are delivered automatically"),
    ),
    (
        gettext_noop("DevOps but no MLOps"),
        lambda s: s["delivery"] >= 2,
        gettext_noop("software delivery is automated, models are still handled by hand"),
    ),
    (
        gettext_noop("Automated training"),
        lambda s: s[TRAINING] >= 3 and s[REGISTRY] >= 2,
        gettext_noop("training is automated and its runs are tracked"),
    ),
    (
        gettext_noop("Automated model deployment"),
        lambda s: s[SERVING] >= 3 and s[REGISTRY] >= 3,
        gettext_noop("models are released from the registry automatically"),
    ),
    (
        gettext_noop("Full MLOps automated operations"),
        lambda s: s[MONITORING] >= 3 and s[RETRAINING] >= 3,
        gettext_noop("production models are watched and retrained on triggers"),
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
        _level(_("Google Cloud MLOps level"), GOOGLE, scores),
        _level(_("Microsoft MLOps maturity level"), MICROSOFT, scores),
    )


def _level(
    reference: str, ladder: tuple[tuple[str, Condition, str], ...], scores: Mapping[str, float]
) -> ReferenceLevel:
    level = 0
    while level + 1 < len(ladder) and ladder[level + 1][1](scores):
        level += 1
    name, _condition, holds = ladder[level]
    if level + 1 < len(ladder):
        reason = _("%(holds)s; the next level needs: %(next)s.") % {
            "holds": _(holds),
            "next": _(ladder[level + 1][2]),
        }
    else:
        reason = _("%(holds)s.") % {"holds": _(holds)}
    reason = reason[0].upper() + reason[1:]
    return ReferenceLevel(reference, level, len(ladder) - 1, _(name), reason)
