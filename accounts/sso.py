"""Single sign-on with OpenID Connect, on mozilla-django-oidc.

The library does the protocol (authorization code flow with PKCE, state and
nonce, the token exchange, the ID token's signature against the provider's
keys); this module adds what it leaves to us:

- the provider's endpoints from its discovery document, so one issuer URL
  configures Entra ID, Okta, Google Workspace or Keycloak alike;
- the ID token's audience and issuer checked, not only its signature;
- who may sign in (a verified address, in an allowed domain) and which
  account that is (the same provider account as before, else the account
  with that address, else one made just in time);
- a reason for every refusal, shown to the person and sent to the audit log.
"""

import logging
import time
from dataclasses import dataclass

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts.models import Membership, Organization, SingleSignOnIdentity, User, normalize_email

log = logging.getLogger(__name__)

BACKEND = "accounts.sso.SingleSignOnBackend"
DISCOVERY_SECONDS = 3600


def enabled() -> bool:
    return bool(settings.SSO_ISSUER and settings.OIDC_RP_CLIENT_ID)


def provider_name() -> str:
    return settings.SSO_PROVIDER_NAME


class DiscoveryError(Exception):
    pass


_discovered: dict[str, tuple[float, dict]] = {}


def discovery(issuer: str | None = None) -> dict:
    """The provider's OpenID configuration, fetched once an hour."""
    issuer = issuer or settings.SSO_ISSUER
    cached = _discovered.get(issuer)
    if cached and time.monotonic() - cached[0] < DISCOVERY_SECONDS:
        return cached[1]
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as e:
        raise DiscoveryError(f"Cannot read {url}: {e}") from e
    # OpenID Connect Discovery 1.0, section 4.3: the document names the very
    # issuer it was fetched for, or it is not to be used.
    if document.get("issuer", "").rstrip("/") != issuer:
        raise DiscoveryError(f"{url} names issuer {document.get('issuer')!r}, not {issuer!r}")
    missing = [
        k
        for k in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")
        if not document.get(k)
    ]
    if missing:
        raise DiscoveryError(f"{url} lacks {', '.join(missing)}")
    document["issuer"] = issuer
    _discovered[issuer] = (time.monotonic(), document)
    return document


@dataclass(frozen=True)
class Refusal:
    """Why the provider's word was not enough. `reason` is what the audit log
    records (accounts/signals.py: sso_refused)."""

    email: str
    reason: str

    def message(self) -> str:
        text = {
            "domain": _(
                "%(email)s may not sign in here: its domain is not one this installation accepts."
            ),
            "unverified": _(
                "%(provider)s has not verified the address %(email)s, so it cannot "
                "be used to sign in. Verify it with your identity provider first."
            ),
            "no_email": _(
                "%(provider)s sent no email address. Ask your administrator to release "
                "the email claim to this application."
            ),
            "no_account": _(
                "There is no account for %(email)s here. Ask an organization "
                "owner for an invitation."
            ),
            "inactive": _("This account is disabled. Ask an administrator."),
            "cancelled": _("Sign-in with %(provider)s was cancelled."),
            "ambiguous": _("More than one account uses %(email)s. Ask an administrator."),
        }.get(
            self.reason,
            _(
                "Sign-in with %(provider)s did not work. Try again; if it keeps failing, "
                "tell your administrator."
            ),
        )
        return text % {"email": self.email, "provider": provider_name()}


def refusal_of(claims: dict) -> Refusal | None:
    """Whether these userinfo claims may sign in at all, whoever they are."""
    email = normalize_email(str(claims.get("email") or ""))
    if not email or "@" not in email:
        return Refusal("", "no_email")
    verified = claims.get("email_verified")
    if verified is None:
        verified = not settings.SSO_REQUIRE_VERIFIED_EMAIL
    else:
        # Only true verifies; some providers send it as a string ("true").
        # Anything else sent (false, 0, "no") says the address is not verified.
        verified = verified is True or str(verified).strip().lower() == "true"
    if not verified:
        return Refusal(email, "unverified")
    allowed = settings.SSO_ALLOWED_DOMAINS
    if allowed and email.rpartition("@")[2] not in allowed:
        return Refusal(email, "domain")
    return None


def sso_user_create(*, email: str, full_name: str) -> User:
    """The account of someone the provider vouches for and we have not seen.

    It has no password (the provider is how they sign in) and joins no
    organization, unless the operator named one in SSO_JOIN_ORGANIZATION:
    an address's domain alone never grants a membership.
    """
    with transaction.atomic():
        user = User.objects.create_user(email, None, full_name=full_name[:150])
        slug = settings.SSO_JOIN_ORGANIZATION
        if slug:
            org = Organization.objects.filter(slug=slug).first()
            if org is None:
                log.warning("SSO_JOIN_ORGANIZATION names no organization: %r", slug)
            else:
                role = settings.SSO_JOIN_ROLE
                if role not in Membership.Role.values or role == Membership.Role.OWNER:
                    role = Membership.Role.VIEWER
                Membership.objects.create(user=user, organization=org, role=role)
    return user


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """Answers only the callback of our own sign-in flow (it alone passes a
    nonce); for every other authenticate() call it returns None at once,
    without reading the provider's configuration."""

    def __init__(self, *args, **kwargs):
        # The library's __init__ reads every endpoint setting; ours come from
        # discovery, and only when a sign-in needs them.
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or not enabled():
            return None
        config = discovery()
        self.issuer = config["issuer"]
        self.OIDC_OP_TOKEN_ENDPOINT = config["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = config["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = config["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        # client_secret_post unless the provider only takes HTTP basic (RFC 6749 2.3.1).
        methods = config.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
        self.basic_auth = "client_secret_post" not in methods
        return super().authenticate(request, **kwargs)

    def get_settings(self, attr, *args):
        if attr == "OIDC_TOKEN_USE_BASIC_AUTH":
            return self.basic_auth
        return super().get_settings(attr, *args)

    def _verify_jws(self, payload, key):
        # The library checks the signature and expiry but not whom the token
        # was issued to (aud) nor by whom (iss): a token minted for another
        # application of the same provider must not sign in here.
        alg = jwt.get_unverified_header(payload).get("alg")
        if alg != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"ID token signed with {alg!r}")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[alg],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.issuer,
                leeway=60,
            )
        except jwt.PyJWTError as e:
            raise SuspiciousOperation(f"ID token refused: {e}") from e

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core 5.3.2: userinfo must be about the token's subject.
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo is about another subject than the ID token")
        refusal = refusal_of(claims)
        if refusal:
            return self._refuse(refusal)
        email = normalize_email(claims["email"])
        subject = str(payload["sub"])
        identity = (
            SingleSignOnIdentity.objects.select_related("user")
            .filter(issuer=self.issuer, subject=subject)
            .first()
        )
        created = False
        if identity:
            user = identity.user
        else:
            users = list(User.objects.filter(email__iexact=email)[:2])
            if len(users) > 1:
                return self._refuse(Refusal(email, "ambiguous"))
            if users:
                user = users[0]
            elif settings.SSO_CREATE_USERS:
                name = claims.get("name") or " ".join(
                    p for p in (claims.get("given_name"), claims.get("family_name")) if p
                )
                user = sso_user_create(email=email, full_name=str(name or ""))
                created = True
            else:
                return self._refuse(Refusal(email, "no_account"))
        if not user.is_active:
            return self._refuse(Refusal(email, "inactive"))
        SingleSignOnIdentity.objects.update_or_create(
            issuer=self.issuer,
            subject=subject,
            defaults={"user": user, "email": email, "last_signed_in_at": timezone.now()},
        )
        self.request.sso_created = created
        return user

    def _refuse(self, refusal: Refusal) -> None:
        self.request.sso_refusal = refusal
        return None


def password_sign_in_refused(user: User) -> bool:
    """SSO_PASSWORD_SIGN_IN=0: who has signed in through the provider must
    keep doing so (their provider's policies, MFA and off-boarding apply)."""
    return (
        enabled()
        and not settings.SSO_PASSWORD_SIGN_IN
        and user.sso_identities.filter(issuer=settings.SSO_ISSUER).exists()
    )


def users_with_identity(user_ids: list[int]) -> set[int]:
    if not enabled():
        return set()
    return set(
        SingleSignOnIdentity.objects.filter(
            user_id__in=user_ids, issuer=settings.SSO_ISSUER
        ).values_list("user_id", flat=True)
    )
