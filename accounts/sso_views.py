"""The two ends of a single sign-on: off to the provider, and back.

mozilla-django-oidc's views do the protocol; these add the provider's
endpoints from discovery, a clear message for every refusal (and the
`sso_refused` signal for the audit log), and the two-factor step when our
own codes are asked for after the provider's (SSO_TRUST_PROVIDER_MFA=0).
"""

import logging

import requests
from django.conf import settings
from django.contrib import auth, messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from accounts import mfa, signals, sso

log = logging.getLogger(__name__)


class SsoStartView(OIDCAuthenticationRequestView):
    """GET /login/sso/?next=...: a redirect to the provider's sign-in page."""

    def __init__(self, **kwargs):
        # The library reads the endpoint from settings here; ours is discovered in get().
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get(self, request):
        if not sso.enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = sso.discovery()["authorization_endpoint"]
        except sso.DiscoveryError as e:
            log.error("Single sign-on is unavailable: %s", e)
            messages.error(
                request,
                _("%(provider)s cannot be reached just now. Try again in a moment.")
                % {"provider": sso.provider_name()},
            )
            return redirect("accounts:login")
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        return super().get(request)


class SsoCallbackView(OIDCAuthenticationCallbackView):
    """GET /login/sso/callback/?code=...&state=...: the provider sends the
    person back here; the backend (accounts/sso.py) decides who they are."""

    def get(self, request):
        if not sso.enabled():
            raise Http404
        try:
            return super().get(request)
        except (requests.RequestException, SuspiciousOperation, sso.DiscoveryError) as e:
            # A forged or replayed callback, an unreachable provider, a token
            # that fails its checks: all refused the same way, the cause logged.
            log.warning("Single sign-on callback refused: %s", e)
            return self.login_failure()

    def login_failure(self) -> HttpResponse:
        refusal = getattr(self.request, "sso_refusal", None)
        if refusal is None:
            error = self.request.GET.get("error")
            refusal = sso.Refusal("", "cancelled" if error == "access_denied" else "error")
        signals.sso_refused.send(
            sender=None, email=refusal.email, request=self.request, reason=refusal.reason
        )
        messages.error(self.request, refusal.message())
        return redirect("accounts:login")

    def login_success(self) -> HttpResponse:
        user, request = self.user, self.request
        created = getattr(request, "sso_created", False)
        if not settings.SSO_TRUST_PROVIDER_MFA and mfa.has_two_factor(user):
            mfa.begin_code_step(
                request, user, backend=sso.BACKEND, next_url=self.success_url, sso_created=created
            )
            return redirect("accounts:login_code")
        auth.login(request, user, backend=sso.BACKEND)
        request.session[mfa.PROVIDER_VERIFIED] = True
        signals.sso_signed_in.send(sender=None, user=user, request=request, created=created)
        if created:
            welcome = _("Welcome. Your account was made from %(provider)s.") % {
                "provider": sso.provider_name()
            }
            if not user.memberships.exists():
                welcome += " " + _(
                    "To see a client's assessments, ask one of its owners to invite you."
                )
            messages.success(request, welcome)
        return redirect(self.success_url)
