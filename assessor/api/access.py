"""The pages' access helpers, for API requests.

The same membership-scoped queries as the pages (another organization's
object is a 404, a lower role a 403); in between, the organization a token
reached is recorded so its owners can see and revoke the token.
"""

from django.core.exceptions import PermissionDenied
from rest_framework import exceptions

from accounts import mfa, tokens
from accounts.access import Permission, membership_for_user
from accounts.models import AccessToken, Membership
from assessor.access import assessment_for_user
from assessor.models import Assessment
from reports.access import report_for_user
from reports.models import Report


def _note_use(request, membership: Membership) -> None:
    if isinstance(request.auth, AccessToken):
        _check_two_factor(request.user, membership)
        tokens.token_record_use(token=request.auth, organization=membership.organization)


def _check_two_factor(user, membership: Membership) -> None:
    """A token acts for its user: in an organization that requires two-factor,
    only for a user who has it (browser sessions are held to the same rule by
    accounts.middleware.TwoFactorRequiredMiddleware)."""
    if membership.organization.require_mfa and not mfa.user_meets_requirement(user):
        raise exceptions.PermissionDenied(
            f"{membership.organization.name} requires two-factor sign-in; "
            "the token's owner has not set it up."
        )


def _check(membership: Membership, require: Permission | None) -> None:
    if require is not None and not require(membership):
        raise PermissionDenied


def api_membership(request, slug: str, *, require: Permission | None = None) -> Membership:
    membership = membership_for_user(request.user, slug)
    _note_use(request, membership)
    _check(membership, require)
    return membership


def api_assessment(
    request, slug: str, code, *, require: Permission | None = None
) -> tuple[Membership, Assessment]:
    membership, assessment = assessment_for_user(request.user, slug, code)
    _note_use(request, membership)
    _check(membership, require)
    return membership, assessment


def api_report(
    request, slug: str, code, report_code, *, require: Permission | None = None
) -> tuple[Membership, Assessment, Report]:
    membership, assessment, report = report_for_user(request.user, slug, code, report_code)
    _note_use(request, membership)
    _check(membership, require)
    return membership, assessment, report
