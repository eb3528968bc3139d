"""An organization's audit log for its owners: a filtered page and a CSV export.

Owners only: the log is about who joined, left, changed roles, used tokens
and took data out, which is the owners' business (they alone manage members
and tokens). Other members get a 403, other organizations' people a 404.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import access
from accounts.audit import export
from accounts.audit.forms import LogFilterForm
from accounts.audit.models import AuditEvent, Kind
from accounts.audit.recording import record

PAGE_SIZE = 50


@login_required
@require_GET
def log(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.membership_for_user(request.user, slug, require=access.can_manage_members)
    org = membership.organization
    form = LogFilterForm(request.GET)
    events = form.apply(AuditEvent.objects.for_organization(org))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {
        "membership": membership,
        "org": org,
        "form": form,
        "page": page,
        "query": form.query(),
        "time_zone": settings.TIME_ZONE,
        "retention_days": settings.AUDIT_RETENTION_DAYS,
    }
    # htmx swaps the list only, except when restoring history (that needs the page).
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "audit/log.html#events", ctx)
    return render(request, "audit/log.html", ctx)


@login_required
@require_GET
def log_export(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    membership = access.membership_for_user(request.user, slug, require=access.can_manage_members)
    org = membership.organization
    form = LogFilterForm(request.GET)
    # Taking the log away is itself an entry, written before the rows are
    # read, so the file shows it too.
    filters = {f"filter_{name}": value for name, value in form.filters().items()}
    record(Kind.AUDIT_EXPORTED, request=request, organization=org, detail=filters)
    events = form.apply(AuditEvent.objects.for_organization(org)).iterator(chunk_size=1000)
    response = StreamingHttpResponse(export.events_to_csv(events), content_type="text/csv")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{org.slug}-audit-log-{day}.csv"'
    return response
