from django.apps import AppConfig


class PlansConfig(AppConfig):
    """The improvement plan: actions with owners and due dates, between assessments."""

    name = "assessor.plans"
    label = "plans"
    verbose_name = "Improvement plans"
