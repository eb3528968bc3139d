"""Access to actions, always through the user's membership.

Another organization's action is a 404; a member who may read but not
change it gets a 403 on a change (Action.can_update says who may).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.access import membership_for_user
from accounts.models import Membership
from assessor.plans.models import Action


def action_of_organization(membership: Membership, code) -> Action:
    """The action `code` of the membership's organization, or a 404."""
    try:
        return (
            Action.objects.select_related(
                "organization", "owner", "assessment__framework", "created_from__framework"
            )
            # Parsed banks are cached per process by sha256 (Framework.parsed).
            .defer("assessment__framework__document", "created_from__framework__document")
            .get(code=code, organization=membership.organization)
        )
    except (Action.DoesNotExist, ValueError):
        raise Http404 from None


def action_for_user(user, slug: str, code, *, update: bool = False) -> tuple[Membership, Action]:
    """The user's membership in `slug` and that organization's action `code`;
    with `update`, a 403 unless the member may change it."""
    membership = membership_for_user(user, slug)
    action = action_of_organization(membership, code)
    if update and not action.can_update(membership):
        raise PermissionDenied
    return membership, action
