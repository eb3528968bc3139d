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


# Where the request's user keeps the membership TwoFactorRequiredMiddleware
# read for the URL's organization: the view's access check reuses it rather
# than reading the same row again. The user object is loaded afresh for each
# request, so a role changed or a membership removed counts from the next one.
REQUEST_MEMBERSHIP = "_request_membership"


def membership_for_user(user, slug: str, *, require: Permission | None = None) -> Membership:
    """The user's membership in the organization `slug`, with the organization loaded."""
    if not user.is_authenticated:
        raise Http404
    membership = _membership_of_request(user, slug)
    if membership is None:
        raise Http404
    if require is not None and not require(membership):
        raise PermissionDenied
    return membership


def _membership_of_request(user, slug: str) -> Membership | None:
    """The signed-in `user`'s membership in `slug` (None when not a member),
    read once per request: kept on the request's user object (see
    REQUEST_MEMBERSHIP), so services and tasks that pass a user of their own
    always read it fresh."""
    kept = getattr(user, REQUEST_MEMBERSHIP, None)
    if kept is not None and kept[0] == slug:
        return kept[1]
    try:
        return Membership.objects.select_related("organization").get(
            user=user, organization__slug=slug
        )
    except Membership.DoesNotExist:
        return None


def remember_membership(user, slug: str) -> Membership | None:
    """Read the user's membership in `slug` and keep it for the rest of this
    request (only for the request's own user object: see REQUEST_MEMBERSHIP)."""
    membership = _membership_of_request(user, slug)
    setattr(user, REQUEST_MEMBERSHIP, (slug, membership))
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
