from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PlansConfig(AppConfig):
    """The improvement plan: actions with owners and due dates, between assessments."""

    name = "assessor.plans"
    label = "plans"
    verbose_name = gettext_lazy("Improvement plans")
