"""Access to reports, always through the user's membership (assessor/access.py).

A report of another organization, or of another assessment, is a 404.
"""

from django.http import Http404

from accounts.access import Permission
from accounts.models import Membership
from assessor.access import assessment_for_user
from assessor.models import Assessment
from reports.models import Report


def report_for_user(
    user, slug: str, code, report_code, *, require: Permission | None = None
) -> tuple[Membership, Assessment, Report]:
    membership, assessment = assessment_for_user(user, slug, code, require=require)
    try:
        # The snapshot is large and only the document needs it: polls skip it.
        report = (
            Report.objects.select_related("requested_by")
            .defer("snapshot")
            .get(code=report_code, assessment=assessment)
        )
    except (Report.DoesNotExist, ValueError):
        raise Http404 from None
    # Templates and file names reach the assessment through the report.
    report.assessment = assessment
    return membership, assessment, report
