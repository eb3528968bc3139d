from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy


class WorkshopsConfig(AppConfig):
    """Live workshops: participants vote from their own devices on one
    assessment's questions; the facilitator sets the consensus answer."""

    name = "assessor.workshops"
    label = "workshops"
    verbose_name = gettext_lazy("Live workshops")

    def ready(self) -> None:
        from assessor.workshops import live
        from assessor.workshops.models import Workshop

        # Not business logic: the one place that sees every way a workshop
        # goes (the admin, a deleted assessment or organization cascading),
        # so its cached stage does not outlive it.
        post_delete.connect(
            lambda instance, **kwargs: live.deleted(instance.code),
            sender=Workshop,
            weak=False,
            dispatch_uid="workshops.live.forget",
        )
