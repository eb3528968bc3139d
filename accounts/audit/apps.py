from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit log: who did what, when and from where, append-only."""

    name = "accounts.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        # Subscribes to sign-in, lockout and two-factor signals.
        from accounts.audit import receivers  # noqa: F401
