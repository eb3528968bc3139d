from django.apps import AppConfig


class BrandingConfig(AppConfig):
    """White-label branding: the practice's name, logo, colours and report
    texts, set for the installation and overridable per client organization."""

    name = "assessor.branding"
    label = "branding"
    verbose_name = "Branding"
