"""Access helpers: every object is reached through the user's membership.

An object of an organization the user does not belong to is a 404, never a
403, so its existence is not revealed. A member whose role lacks a
permission gets a 403.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Invitation, Membership

Permission = Callable[[Membership], bool]


def membership_for_user(user, slug: str, *, require: Permission | None = None) -> Membership:
    """The user's membership in the organization `slug`, with the organization loaded."""
    if not user.is_authenticated:
        raise Http404
    try:
        membership = Membership.objects.select_related("organization").get(
            user=user, organization__slug=slug
        )
    except Membership.DoesNotExist:
        raise Http404 from None
    if require is not None and not require(membership):
        raise PermissionDenied
    return membership


def member_of_organization(own: Membership, code) -> Membership:
    """Another membership of the same organization, by its UUID."""
    try:
        return Membership.objects.select_related("user").get(
            code=code, organization=own.organization
        )
    except (Membership.DoesNotExist, ValueError):
        raise Http404 from None


def invitation_of_organization(own: Membership, code) -> Invitation:
    try:
        return Invitation.objects.get(code=code, organization=own.organization)
    except (Invitation.DoesNotExist, ValueError):
        raise Http404 from None


def can_manage_members(m: Membership) -> bool:
    return m.can_manage_members


def can_edit_organization(m: Membership) -> bool:
    return m.can_edit_organization


def can_facilitate(m: Membership) -> bool:
    return m.can_facilitate


def can_answer(m: Membership) -> bool:
    return m.can_answer
