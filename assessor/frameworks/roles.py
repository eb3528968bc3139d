"""The roles a bank declares for the advice (FORMAT.md "Roles").

The advice never names a dimension or question key: it asks the bank which
dimensions are delivery foundations, which question holds the adoption stage,
and so on. A bank declares that under `roles:`; a bank without it (version 1,
older custom banks) gets `implied_roles`, the keys version 1 always had.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assessor.frameworks.schema import Framework

# role -> what the advice uses its dimensions for
DIMENSION_ROLES = {
    "delivery_foundation": "the DevOps practices software delivery rests on",
    "model_delivery": "the practices that carry a model to production",
    "model_safety": "what keeps production models known, watched, reversible and owned",
    "governance": "governance and responsible AI",
    "collaboration": "collaboration between data science, engineering, operations and business",
    "genai": "GenAI and LLM applications",
    "security": "security and supply chain",
}
# role -> the question that shows it; the finer grain of "model safety" work
MODEL_SAFETY_QUESTION_ROLES = {
    "inventory": "an inventory or registry of production models",
    "outcome_monitoring": "predictions compared with real outcomes",
    "rollback": "a way to roll a model back",
    "owner": "a named owner per production model",
}
# role -> the question that shows it; responsible-AI work the advice can name
GOVERNANCE_QUESTION_ROLES = {
    "policy": "a policy on what AI may be used for",
    "ai_inventory": "an inventory of every AI system in use, bought or built",
    "risk_classification": "a risk class for each AI system",
    "human_oversight": "people able to review and overrule automated decisions",
    "incident_reporting": "AI incidents recorded and reported",
}
# role -> the choice keys the advice reads; the bound question must offer them all
CONTEXT_ROLE_CHOICES = {
    "adoption_stage": ("none", "exploring", "pilots", "production", "core"),
    "pilots": ("no_pilots", "rarely", "sometimes", "routinely"),
    "objective": ("stability", "faster_delivery", "ai_differentiator", "ai_revenue"),
    "industry": (
        "software",
        "finance",
        "healthcare",
        "aviation_transport",
        "public_sector",
        "retail",
        "manufacturing",
        "other",
    ),
    "compliance": ("low", "moderate", "high"),
    "team": ("no_data_roles", "data_scientists_only", "ds_and_ml_engineers", "cross_functional"),
    "budget": ("constrained", "moderate", "dedicated"),
    "model_usage": ("none", "api_only", "fine_tunes", "trains_own"),
}
# delivery-performance metric -> the question that measures it
DORA_METRICS = {
    "deployment_frequency": "how often changes reach production",
    "lead_time": "how long a committed change takes to reach production",
    "change_failure_rate": "the share of changes that fail in production",
    "time_to_restore": "how long service takes to recover after a failure",
    "rework_rate": "the share of deployments that are unplanned fixes",
}
ROLE_GROUPS = ("dimensions", "model_safety_questions", "governance_questions", "context", "dora")


def _frozen(mapping: dict) -> MappingProxyType:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Roles:
    """Role -> key(s) of the bank. Every key named here exists in the bank."""

    dimensions: MappingProxyType[str, tuple[str, ...]] = field(default_factory=lambda: _frozen({}))
    model_safety_questions: MappingProxyType[str, str] = field(default_factory=lambda: _frozen({}))
    governance_questions: MappingProxyType[str, str] = field(default_factory=lambda: _frozen({}))
    context: MappingProxyType[str, str] = field(default_factory=lambda: _frozen({}))
    dora: MappingProxyType[str, str] = field(default_factory=lambda: _frozen({}))

    def __post_init__(self) -> None:
        for name in ROLE_GROUPS:
            value = getattr(self, name)
            if not isinstance(value, MappingProxyType):
                object.__setattr__(self, name, _frozen(value))

    def dimensions_of(self, role: str) -> tuple[str, ...]:
        return self.dimensions.get(role, ())

    def context_key(self, role: str) -> str | None:
        return self.context.get(role)


# What a bank without `roles` gets: the keys version 1 of the built-in bank has
# always used, kept where the bank has them (FORMAT.md "Roles").
IMPLIED_ROLES = Roles(
    dimensions={
        "delivery_foundation": (
            "source_control_testing",
            "ci_cd",
            "infrastructure_as_code",
            "deployment_rollback",
            "observability_incident",
        ),
        "model_delivery": ("ci_cd", "deployment_rollback", "infrastructure_as_code"),
        "model_safety": (
            "experiment_tracking_registry",
            "model_serving",
            "model_monitoring_drift",
            "ml_governance",
        ),
        "governance": ("ml_governance",),
        "collaboration": ("ml_collaboration",),
    },
    model_safety_questions={
        "inventory": "model_registry_single_source",
        "outcome_monitoring": "live_model_quality_tracking",
        "rollback": "model_version_rollback",
        "owner": "shared_production_ownership",
    },
    context={
        "adoption_stage": "ai_adoption_stage",
        "pilots": "pilots_reach_production",
        "objective": "business_objective",
        "industry": "industry",
        "compliance": "compliance_exposure",
        "team": "team_composition",
        "budget": "budget_compute",
        "model_usage": "model_usage",
    },
    # none: version 1's delivery questions are practice questions whose levels
    # were not written against the delivery-performance clusters
)


def implied_roles(framework: Framework) -> Roles:
    """IMPLIED_ROLES reduced to what `framework` has: dimensions that exist,
    questions that exist, context questions that offer the role's choices."""
    dimensions = {}
    for role, keys in IMPLIED_ROLES.dimensions.items():
        present = tuple(key for key in keys if framework.has_dimension(key))
        if present:
            dimensions[role] = present
    context = {
        role: key
        for role, key in IMPLIED_ROLES.context.items()
        if framework.has_context_question(key)
        and set(CONTEXT_ROLE_CHOICES[role]) <= set(framework.context_question(key).choice_keys)
    }
    return Roles(
        dimensions=dimensions,
        model_safety_questions=_present(IMPLIED_ROLES.model_safety_questions, framework),
        context=context,
    )


def roles_of(framework: Framework) -> Roles:
    """The roles the bank declares, or the implied ones when it declares none."""
    return framework.roles if framework.roles is not None else implied_roles(framework)


def _present(mapping: MappingProxyType[str, str], framework: Framework) -> dict[str, str]:
    return {role: key for role, key in mapping.items() if framework.has_question(key)}
