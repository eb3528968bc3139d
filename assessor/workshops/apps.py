from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    """Live workshops: participants vote from their own devices on one
    assessment's questions; the facilitator sets the consensus answer."""

    name = "assessor.workshops"
    label = "workshops"
    verbose_name = "Live workshops"
