"""Users, client organizations, memberships with roles, and invitations."""

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _


def normalize_email(value: str) -> str:
    """The one spelling of an address: every lookup, lockout count and stored
    email goes through here, so `LOCK@a.test ` is the account `lock@a.test`."""
    return value.strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields["is_staff"] = True
        fields["is_superuser"] = True
        return self._create_user(email, password, **fields)

    def get_by_natural_key(self, username):
        # Emails are stored normalized; sign-in accepts any spelling.
        return self.get(email__iexact=normalize_email(username))


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # The weekly reminder digest (assessor/plans/reminders.py): whether this
    # person wants it, and the Monday of the last week it was sent for, so
    # a second run of the schedule in the same week sends nothing.
    email_digests = models.BooleanField(
        _("weekly reminder email"),
        default=True,
        help_text=_(
            "On Mondays: your actions due within two weeks or overdue, "
            "evidence you keep that has expired, and reviews that are due."
        ),
    )
    digest_week = models.DateField(null=True, blank=True, editable=False)
    # The interface language this person chose (profile or header switcher);
    # blank follows the browser. Each language is named in itself, as people
    # look for their own language's name (accounts/language.py applies it).
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=[("en", "English"), ("de", "Deutsch"), ("fr", "Français")],
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    def __str__(self) -> str:
        return self.email

    def clean(self):
        super().clean()
        self.email = normalize_email(self.email)

    @property
    def display_name(self) -> str:
        return self.full_name or self.email


class Organization(models.Model):
    """A client whose readiness is assessed."""

    class Industry(models.TextChoices):
        SOFTWARE = "software", _("Software and internet")
        FINANCE = "finance", _("Banking, insurance and finance")
        HEALTHCARE = "healthcare", _("Healthcare and life sciences")
        AVIATION = "aviation_transport", _("Aviation and transport")
        PUBLIC = "public_sector", _("Public sector")
        RETAIL = "retail", _("Retail and e-commerce")
        MANUFACTURING = "manufacturing", _("Manufacturing and industry")
        OTHER = "other", _("Other")

    class Size(models.TextChoices):
        SMALL = "1-49", _("1-49 people")
        MEDIUM = "50-249", _("50-249 people")
        LARGE = "250-999", _("250-999 people")
        ENTERPRISE = "1000+", _("1,000 people or more")

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    industry = models.CharField(max_length=32, choices=Industry, default=Industry.SOFTWARE)
    size = models.CharField(_("size band"), max_length=16, choices=Size, default=Size.MEDIUM)
    regulated = models.BooleanField(
        default=False,
        help_text=_("Subject to sector regulation (audits, model risk rules, safety cases)."),
    )
    next_review = models.DateField(_("next review date"), null=True, blank=True)
    require_mfa = models.BooleanField(
        _("require two-factor sign-in"),
        default=False,
        help_text=_(
            "Members must sign in with an authenticator app before they see "
            "this organization's pages."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def review_due(self) -> bool:
        """The planned next review date has come: time to revisit the roadmap."""
        return bool(self.next_review and self.next_review <= timezone.localdate())


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        FACILITATOR = "facilitator", _("Facilitator")
        PARTICIPANT = "participant", _("Participant")
        VIEWER = "viewer", _("Viewer")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role, default=Role.PARTICIPANT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]
        ordering = ["organization__name", "user__email"]

    def __str__(self) -> str:
        return f"{self.user} in {self.organization} ({self.role})"

    # What each role may do. README.md's roles table describes the same.
    @property
    def can_manage_members(self) -> bool:
        return self.role == self.Role.OWNER

    @property
    def can_edit_organization(self) -> bool:
        return self.role == self.Role.OWNER

    @property
    def can_facilitate(self) -> bool:
        """Start, reopen and complete assessments; run workshops; generate reports."""
        return self.role in (self.Role.OWNER, self.Role.FACILITATOR)

    @property
    def can_answer(self) -> bool:
        return self.role != self.Role.VIEWER


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _default_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


class Invitation(models.Model):
    """A single-use, expiring offer of a membership to one email address."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(
        max_length=16, choices=Membership.Role, default=Membership.Role.PARTICIPANT
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_default_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.organization}"

    def get_absolute_url(self) -> str:
        return reverse("accounts:accept_invitation", args=[self.token])

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_pending(self) -> bool:
        return not (self.accepted_at or self.revoked_at or self.is_expired)

    def problem(self) -> str:
        """Why this invitation cannot be accepted, or "" if it can."""
        if self.accepted_at:
            return gettext("This invitation has already been used.")
        if self.revoked_at:
            return gettext("This invitation was withdrawn by the organization.")
        if self.is_expired:
            return gettext("This invitation has expired. Ask for a new one.")
        return ""

    def matches(self, email: str) -> bool:
        return self.email == normalize_email(email)


class PasswordResetRequest(models.Model):
    """One request for a password reset link, counted per email address typed
    (existing account or not, so the answer reveals nothing) and per client
    address. In the database, as the default cache is per process."""

    email = models.EmailField()
    address = models.CharField(max_length=45)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["email", "at"], name="reset_request_by_email"),
            models.Index(fields=["address", "at"], name="reset_request_by_address"),
        ]

    def __str__(self) -> str:
        return f"{self.email} from {self.address} at {self.at:%H:%M:%S}"


class AccessToken(models.Model):
    """A personal access token for the REST API.

    Only the sha256 of the secret is stored: the secret itself is shown once,
    when the token is made. Secrets start with PREFIX so a leaked one is easy
    to recognise (and to find with a secret scanner).
    """

    PREFIX = "rapat_"

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="tokens")
    name = models.CharField(max_length=80)
    scope = models.CharField(max_length=8, choices=Scope, default=Scope.READ)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The last characters of the secret, so a user can tell two tokens apart.
    hint = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organizations = models.ManyToManyField(
        Organization, through="AccessTokenUse", related_name="access_tokens"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @staticmethod
    def digest_of(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and timezone.now() >= self.expires_at

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE

    def status_label(self) -> str:
        if self.revoked_at:
            return pgettext("token status", "Revoked")
        if self.is_expired:
            return pgettext("token status", "Expired")
        return pgettext("token status", "Active")


class AccessTokenUse(models.Model):
    """An organization a token has reached, so its owners can see and revoke it."""

    token = models.ForeignKey(AccessToken, models.CASCADE, related_name="uses")
    organization = models.ForeignKey(Organization, models.CASCADE, related_name="token_uses")
    first_used_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "organization"], name="one_use_per_token_org")
        ]
        ordering = ["-last_used_at"]

    def __str__(self) -> str:
        return f"{self.token} on {self.organization}"


class SingleSignOnIdentity(models.Model):
    """An account at the identity provider that has signed in as `user`.

    Sign-in matches by verified email (accounts/sso.py); the issuer and
    subject are kept so the account stays the same one when the provider
    changes the address, and so "password sign-in off for SSO users" knows
    who they are.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="sso_identities"
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    email = models.EmailField(help_text="The address the provider sent at the last sign-in.")
    created_at = models.DateTimeField(default=timezone.now)
    last_signed_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_user_per_sso_subject")
        ]
        verbose_name = "single sign-on identity"
        verbose_name_plural = "single sign-on identities"

    def __str__(self) -> str:
        return f"{self.email} at {self.issuer}"
