"""Demo data for a new installation: one client with three completed
assessments a few months apart that show a believable progression, so a
newcomer sees trends, comparisons and reports at once."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Organization, User
from assessor import services
from assessor.models import Answer, Assessment, AssessmentEvent, Framework

# Per round: how many days ago, the context answers, and a level per
# dimension (questions spread around it, see _level).
ROUNDS = [
    {
        "title": "Readiness baseline",
        "days_ago": 270,
        "context": {
            "ai_adoption_stage": "pilots",
            "model_usage": "trains_own",
            "pilots_reach_production": "rarely",
            "business_objective": "faster_delivery",
            "industry": "retail",
            "compliance_exposure": "moderate",
            "team_composition": "data_scientists_only",
            "budget_compute": "moderate",
        },
        "levels": {
            "source_control_testing": 1.5,
            "ci_cd": 1.0,
            "infrastructure_as_code": 0.5,
            "deployment_rollback": 1.0,
            "observability_incident": 1.0,
            "collaboration_culture": 1.5,
            "security_supply_chain": 1.0,
            "delivery_performance": 1.0,
            "data_versioning_quality": 0.5,
            "reproducible_training": 0.5,
            "experiment_tracking_registry": 1.0,
            "model_serving": 0.5,
            "model_monitoring_drift": 0.0,
            "continuous_retraining": 0.0,
            "ml_governance": 0.5,
            "ml_compute": 1.0,
            "ml_collaboration": 1.0,
            "genai_applications": 0.0,
        },
        "notes": {
            "ci_build_on_every_change": (
                "Only the web shop has a pipeline; the pricing service is built on a laptop."
            ),
            "dataset_versioning": (
                "Demand model trained from an ad-hoc warehouse export; nobody kept it."
            ),
        },
    },
    {
        "title": "Six-month check-in",
        "days_ago": 150,
        "context": {
            "ai_adoption_stage": "pilots",
            "model_usage": "trains_own",
            "pilots_reach_production": "sometimes",
            "business_objective": "faster_delivery",
            "industry": "retail",
            "compliance_exposure": "moderate",
            "team_composition": "ds_and_ml_engineers",
            "budget_compute": "moderate",
        },
        "levels": {
            "source_control_testing": 2.5,
            "ci_cd": 2.0,
            "infrastructure_as_code": 1.5,
            "deployment_rollback": 2.0,
            "observability_incident": 2.0,
            "collaboration_culture": 2.0,
            "security_supply_chain": 1.5,
            "delivery_performance": 2.0,
            "data_versioning_quality": 1.0,
            "reproducible_training": 1.0,
            "experiment_tracking_registry": 1.5,
            "model_serving": 1.0,
            "model_monitoring_drift": 0.5,
            "continuous_retraining": 0.0,
            "ml_governance": 1.0,
            "ml_compute": 1.0,
            "ml_collaboration": 1.5,
            "genai_applications": 0.5,
        },
        "notes": {
            "ci_build_on_every_change": (
                "Every service now builds on each merge; pricing joined in March."
            ),
        },
    },
    {
        "title": "Annual review",
        "days_ago": 30,
        "context": {
            "ai_adoption_stage": "production",
            "model_usage": "trains_own",
            "pilots_reach_production": "sometimes",
            "business_objective": "faster_delivery",
            "industry": "retail",
            "compliance_exposure": "moderate",
            "team_composition": "ds_and_ml_engineers",
            "budget_compute": "moderate",
        },
        "levels": {
            "source_control_testing": 3.0,
            "ci_cd": 3.0,
            "infrastructure_as_code": 2.5,
            "deployment_rollback": 2.5,
            "observability_incident": 3.0,
            "collaboration_culture": 2.5,
            "security_supply_chain": 2.0,
            "delivery_performance": 2.5,
            "data_versioning_quality": 2.0,
            "reproducible_training": 1.5,
            "experiment_tracking_registry": 2.0,
            "model_serving": 2.0,
            "model_monitoring_drift": 1.0,
            "continuous_retraining": 0.5,
            "ml_governance": 1.5,
            "ml_compute": 1.5,
            "ml_collaboration": 2.0,
            "genai_applications": 1.0,
        },
        "notes": {
            "dataset_versioning": "Training sets are versioned snapshots since June.",
        },
    },
]
# Spread the questions of a dimension around its level, deterministically.
OFFSETS = (0.0, 0.5, -0.5, 0.3)


def _level(base: float, index: int) -> int:
    return max(0, min(4, int(base + OFFSETS[index % len(OFFSETS)] + 0.5)))


def demo_organization_create(*, user: User) -> Organization:
    framework = Framework.objects.filter(key="devops-mlops-readiness").order_by("-version").first()
    if framework is None:
        raise LookupError(
            "The built-in question bank is not loaded: run `manage.py sync_frameworks`."
        )
    now = timezone.now()
    with transaction.atomic():
        org = account_services.organization_create(
            owner=user,
            name="Northwind Retail (demo)",
            industry=Organization.Industry.RETAIL,
            size=Organization.Size.LARGE,
        )
        previous = None
        for round_ in ROUNDS:
            started = now - timedelta(days=round_["days_ago"])
            completed = started + timedelta(days=1)
            assessment = services.assessment_create(
                organization=org,
                framework=framework,
                title=round_["title"],
                scope=Assessment.Scope.BOTH,
                targets={},
                status=Assessment.Status.COMPLETED,
                based_on=previous,
                user=user,
                at=started,
                completed_at=completed,
                answers=_answers(framework.parsed, round_, user, started),
            )
            AssessmentEvent.objects.create(
                assessment=assessment,
                action=AssessmentEvent.Action.COMPLETED,
                user=user,
                at=completed,
            )
            previous = assessment
        org.next_review = (now + timedelta(days=60)).date()
        org.save(update_fields=["next_review"])
    return org


def _answers(fw, round_: dict, user: User, at) -> list[Answer]:
    answers = [
        Answer(
            question_key=key,
            state="answered",
            choice=choice,
            answered_by=user,
            updated_at=at,
        )
        for key, choice in round_["context"].items()
    ]
    for dimension in fw.dimensions:
        base = round_["levels"][dimension.key]
        for i, q in enumerate(dimension.questions):
            answers.append(
                Answer(
                    question_key=q.key,
                    state="answered",
                    level=_level(base, i),
                    note=round_["notes"].get(q.key, ""),
                    answered_by=user,
                    updated_at=at,
                )
            )
    return answers
