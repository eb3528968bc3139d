from django.apps import AppConfig


class AssessorConfig(AppConfig):
    name = "assessor"
    verbose_name = "Assessments"

    def ready(self) -> None:
        # The brain is pure (no Django): it translates through whatever
        # translator is installed, ours from here on (see assessor/brain/i18n.py).
        from django.utils import formats, translation

        from assessor.brain import i18n

        i18n.install(
            gettext=translation.gettext,
            ngettext=translation.ngettext,
            pgettext=translation.pgettext,
            decimal_separator=lambda: formats.get_format("DECIMAL_SEPARATOR"),
        )
