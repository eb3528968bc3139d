from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and organizations"

    def ready(self):
        from accounts import language  # noqa: F401  (connects its sign-in receiver)
