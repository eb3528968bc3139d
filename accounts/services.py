"""The few writes that touch several rows at once, each in one transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Invitation, Membership, Organization, User, normalize_email

Role = Membership.Role
# Tries at a free slug when others take the same one at the same moment.
SLUG_ATTEMPTS = 5


class LastOwnerError(Exception):
    """Raised instead of leaving an organization without an owner."""

    def __init__(self):
        super().__init__(
            _("An organization needs at least one owner. Make someone else an owner first.")
        )


class InvitationError(Exception):
    pass


def unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "organization"
    slug, n = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def organization_create(*, owner: User, name: str, **fields) -> Organization:
    """Create an organization; its creator becomes its first owner.

    Two people creating organizations of the same name at once both find the
    slug free; the unique index lets one insert win and the other tries the
    next free slug.
    """
    attempts_left = SLUG_ATTEMPTS
    while True:
        try:
            with transaction.atomic():
                org = Organization.objects.create(name=name, slug=unique_slug(name), **fields)
                Membership.objects.create(user=owner, organization=org, role=Role.OWNER)
            return org
        except IntegrityError:
            attempts_left -= 1
            if not attempts_left:
                raise


def _locked_owners(organization_id: int) -> list[int]:
    """Lock the organization's owner rows, always in the same order, so two
    concurrent demotions neither both see "another owner exists" (leaving
    nobody in charge) nor deadlock on each other."""
    return list(
        Membership.objects.select_for_update()
        .filter(organization_id=organization_id, role=Role.OWNER)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _is_last_owner(membership: Membership, owners: list[int]) -> bool:
    return membership.role == Role.OWNER and owners == [membership.pk]


def membership_change_role(*, membership: Membership, role: str) -> Membership:
    with transaction.atomic():
        owners = _locked_owners(membership.organization_id)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if role != Role.OWNER and _is_last_owner(membership, owners):
            raise LastOwnerError
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def membership_remove(*, membership: Membership) -> None:
    with transaction.atomic():
        owners = _locked_owners(membership.organization_id)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if _is_last_owner(membership, owners):
            raise LastOwnerError
        membership.delete()


def invitation_create(
    *, organization: Organization, email: str, role: str, invited_by: User
) -> Invitation:
    email = normalize_email(email)
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise InvitationError(
            _("%(email)s is already a member of %(name)s.")
            % {"email": email, "name": organization.name}
        )
    now = timezone.now()
    with transaction.atomic():
        # A new invitation replaces any earlier pending one for the same
        # address, so only one valid link is ever in circulation.
        Invitation.objects.filter(
            organization=organization,
            email=email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        ).update(revoked_at=now)
        return Invitation.objects.create(
            organization=organization, email=email, role=role, invited_by=invited_by
        )


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Turn a pending invitation into a membership of `user` (single use)."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        problem = invitation.problem()
        if problem:
            raise InvitationError(problem)
        if not invitation.matches(user.email):
            raise InvitationError(
                _("This invitation was sent to %(invited)s; you are signed in as %(email)s.")
                % {"invited": invitation.email, "email": user.email}
            )
        membership, created = Membership.objects.get_or_create(
            user=user,
            organization=invitation.organization,
            defaults={"role": invitation.role},
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership
