"""Access to assessments, always through the user's membership.

Another organization's assessment is a 404; a member whose role lacks the
permission gets a 403 (see accounts/access.py for the permissions).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.access import Permission, membership_for_user
from accounts.models import Membership
from assessor.assessment_language import speak
from assessor.models import Assessment


def assessment_for_user(
    user, slug: str, code, *, require: Permission | None = None
) -> tuple[Membership, Assessment]:
    """The user's membership in `slug` and that organization's assessment `code`."""
    membership = membership_for_user(user, slug)
    try:
        # The framework document is parsed once per process and cached by
        # its sha256 (Framework.parsed); loading it per request would waste ~1 ms.
        assessment = (
            Assessment.objects.select_related("framework")
            .defer("framework__document")
            .get(code=code, organization=membership.organization)
        )
    except (Assessment.DoesNotExist, ValueError):
        raise Http404 from None
    # The same organization as the membership's, already loaded.
    assessment.organization = membership.organization
    if require is not None and not require(membership):
        raise PermissionDenied
    speak(assessment)  # an assessment page renders in the assessment's language
    return membership, assessment
