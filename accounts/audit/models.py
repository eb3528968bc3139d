"""One row per thing worth knowing later: who did what, when, from where.

Rows are only ever added. The model refuses saves of existing rows and
deletes, its queryset refuses update() and delete(), the admin shows rows
read-only, and on PostgreSQL a trigger refuses UPDATE and DELETE in the
database itself (migration 0002). The one way out is the retention purge
(accounts/audit/retention.py), which the trigger lets through for rows
older than the cut-off it announces in its own transaction.

Who and which organization are kept twice: as a reference for filtering,
and as text (`actor_email`, `organization_name`), because the log must
outlive the accounts and organizations it mentions. The references carry
no database constraint and never cascade: deleting a user or an
organization leaves its entries as they were.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Organization


class AppendOnlyError(Exception):
    """An attempt to change or delete an audit entry."""

    def __init__(self, what: str = "changed or deleted"):
        super().__init__(f"Audit entries are append-only: they cannot be {what}.")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("updated")

    def delete(self):
        raise AppendOnlyError("deleted")

    def for_organization(self, organization: Organization) -> "AuditEventQuerySet":
        return self.filter(organization_id=organization.pk)


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        # Sign-in and account security (no organization: they concern a person).
        SIGNED_IN = "signed_in", _("Signed in")
        SIGNED_OUT = "signed_out", _("Signed out")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        LOCKED_OUT = "locked_out", _("Locked out after failed sign-ins")
        SSO_ACCOUNT_CREATED = "sso_account_created", _("Account created by single sign-on")
        SSO_REFUSED = "sso_refused", _("Single sign-on refused")
        MFA_ENABLED = "mfa_enabled", _("Two-factor turned on")
        MFA_DISABLED = "mfa_disabled", _("Two-factor turned off")
        RECOVERY_CODES_REGENERATED = "recovery_codes_regenerated", _("Recovery codes replaced")
        MFA_CODE_FAILED = "mfa_code_failed", _("Wrong two-factor code")
        TOKEN_CREATED = "token_created", _("API token created")
        # An organization's members and settings.
        MFA_REQUIREMENT_CHANGED = "mfa_requirement_changed", _("Two-factor requirement changed")
        INVITATION_SENT = "invitation_sent", _("Invitation sent")
        INVITATION_REVOKED = "invitation_revoked", _("Invitation withdrawn")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        ROLE_CHANGED = "role_changed", _("Role changed")
        MEMBER_REMOVED = "member_removed", _("Member removed")
        MEMBER_LEFT = "member_left", _("Member left")
        # An organization's data leaving, arriving or going away.
        ASSESSMENT_EXPORTED = "assessment_exported", _("Assessment exported")
        ASSESSMENT_IMPORTED = "assessment_imported", _("Assessment imported")
        ASSESSMENT_DELETED = "assessment_deleted", _("Assessment deleted")
        PLAN_EXPORTED = "plan_exported", _("Plan exported")
        PLAN_IMPORTED = "plan_imported", _("Plan imported")
        REPORT_DOWNLOADED = "report_downloaded", _("Report downloaded")
        REPORT_DELETED = "report_deleted", _("Report deleted")
        TOKEN_USED = "token_used", _("API token used")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")
        AUDIT_EXPORTED = "audit_exported", _("Audit log exported")
        # The installation's own housekeeping.
        AUDIT_PURGED = "audit_purged", _("Old audit entries purged")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(default=timezone.now, editable=False)
    kind = models.CharField(max_length=40, choices=Kind, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    actor_email = models.CharField("who", max_length=254, blank=True, editable=False)
    address = models.GenericIPAddressField("from address", null=True, blank=True, editable=False)
    organization = models.ForeignKey(
        Organization,
        models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    organization_name = models.CharField(max_length=120, blank=True, editable=False)
    # What the event was about, as a reader would name it (an email address,
    # an assessment's title, a token's name), and its UUID when it has one.
    target = models.CharField(max_length=200, blank=True, editable=False)
    target_code = models.UUIDField(null=True, blank=True, editable=False)
    # A few facts particular to the kind (old and new role, file format,
    # how many rows). Never a secret: see accounts/audit/recording.py.
    detail = models.JSONField(default=dict, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["organization", "-at", "-id"], name="audit_by_org"),
            models.Index(fields=["at"], name="audit_by_time"),
        ]
        verbose_name = "audit event"

    def __str__(self) -> str:
        who = self.actor_email or "someone"
        return f"{self.get_kind_display()} by {who} at {self.at:%Y-%m-%d %H:%M:%S}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("deleted")

    def detail_text(self) -> str:
        """The detail as one line for people: `viewer → owner · emailed: yes`.

        Keys are sorted (PostgreSQL's jsonb keeps no order); a change from
        one value to another reads as an arrow.
        """
        detail = dict(self.detail)
        parts = []
        if "from" in detail and "to" in detail:
            parts.append(f"{_role(detail.pop('from'))} → {_role(detail.pop('to'))}")
        for key in sorted(detail):
            value = detail[key]
            if isinstance(value, bool):
                value = gettext("yes") if value else gettext("no")
            elif key == "role":
                value = _role(value)
            label = DETAIL_LABELS.get(key) or key.replace("_", " ")
            parts.append(f"{label}: {'—' if value is None else value}")
        return " · ".join(parts)


# The words for the detail keys that record() is given (the keys themselves
# are stored and exported as they are).
DETAIL_LABELS = {
    "actions": _("actions"),
    "answers": _("answers"),
    "created": _("created"),
    "emailed": _("emailed"),
    "entries": _("entries"),
    "format": _("format"),
    "kind": _("event"),
    "method": _("method"),
    "older_than": _("older than"),
    "owner": _("owner"),
    "reports": _("reports"),
    "required": _("required"),
    "role": _("role"),
    "scope": _("scope"),
    "since": _("from"),
    "status": _("status"),
    "until": _("to"),
    "updated": _("updated"),
    "who": _("person"),
}


def _role(value) -> str:
    """A stored role key in words; an unknown value as it is."""
    try:
        return str(Membership.Role(value).label)
    except ValueError:
        return str(value)


Kind = AuditEvent.Kind

# The kinds an organization's owners see in its log; the others concern a
# person or the installation, and only staff see them (in the admin).
ORGANIZATION_KINDS = [
    Kind.MFA_REQUIREMENT_CHANGED,
    Kind.INVITATION_SENT,
    Kind.INVITATION_REVOKED,
    Kind.INVITATION_ACCEPTED,
    Kind.ROLE_CHANGED,
    Kind.MEMBER_REMOVED,
    Kind.MEMBER_LEFT,
    Kind.ASSESSMENT_EXPORTED,
    Kind.ASSESSMENT_IMPORTED,
    Kind.ASSESSMENT_DELETED,
    Kind.PLAN_EXPORTED,
    Kind.PLAN_IMPORTED,
    Kind.REPORT_DOWNLOADED,
    Kind.REPORT_DELETED,
    Kind.TOKEN_USED,
    Kind.TOKEN_REVOKED,
    Kind.AUDIT_EXPORTED,
]
