"""Password reset requests, limited per email address and per client address.

Each request sends an email: without a limit the form floods a mailbox or
turns the server's mailer against it. The limits count every request for an
address whether or not an account has it, so a refusal reveals nothing.
"""

from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.db import connection, transaction
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.language import language_for
from accounts.models import PasswordResetRequest, normalize_email
from assessor.branding.emails import email_context

RESET_LOCK = 0x72657365  # "rese": the advisory lock of password reset requests


def reset_refused(*, email: str, address: str) -> bool:
    """Record the request; whether it passes a limit (then nothing is sent)."""
    now = timezone.now()
    since = now - timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES)
    with transaction.atomic():
        _one_request_at_a_time()
        refused = over_limit(email=email, address=address, since=since)
        if not refused:
            PasswordResetRequest.objects.create(email=email, address=address, at=now)
    # Old requests never count again; dropping them here keeps the table small.
    PasswordResetRequest.objects.filter(at__lt=since).delete()
    return refused


def _one_request_at_a_time() -> None:
    # Count-then-insert lets a burst through unless the requests take turns:
    # a transaction-scoped advisory lock (released at commit). Resets are rare,
    # so one lock for all of them costs nothing. SQLite needs none: one writer
    # at a time.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RESET_LOCK])


def over_limit(*, email: str, address: str, since) -> bool:
    recent = PasswordResetRequest.objects.filter(at__gte=since)
    return (
        recent.filter(email=email).count() >= settings.PASSWORD_RESET_EMAIL_LIMIT
        or recent.filter(address=address).count() >= settings.PASSWORD_RESET_ADDRESS_LIMIT
    )


class RecipientLanguagePasswordResetForm(PasswordResetForm):
    """Each reset email in the language of the account it is for."""

    def send_mail(self, subject_template, body_template, context, *args, **kwargs):
        with translation.override(language_for(context["user"])):
            super().send_mail(subject_template, body_template, context, *args, **kwargs)


class LimitedPasswordResetView(auth_views.PasswordResetView):
    form_class = RecipientLanguagePasswordResetForm

    def form_valid(self, form) -> HttpResponse:
        email = normalize_email(form.cleaned_data["email"])
        address = get_client_ip_address(self.request) or "unknown"
        if reset_refused(email=email, address=address):
            form.add_error(
                None,
                _(
                    "Too many reset requests for this address or from your network. "
                    "Wait %(minutes)s minutes, then ask again."
                )
                % {"minutes": settings.PASSWORD_RESET_WINDOW_MINUTES},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        # The installation's brand: the sender's name, the signature.
        brand = email_context(None)
        self.from_email = brand["from_email"]
        self.extra_email_context = {
            **(self.extra_email_context or {}),
            "site_name": brand["site_name"],
            "signature": brand["signature"],
        }
        return super().form_valid(form)
