"""A yardstick for bench/answer_save.py: the least an authenticated write
costs on this stack, so the wizard's save is measured against the work it
has to do rather than against a `SELECT 1`.

It goes through everything a save goes through up to the write (the
middleware, the session, the user, the membership check of the access
helper), then writes one UPDATE and one INSERT in a transaction and answers a
small fragment. It is routed only when BENCHMARK_VIEWS is on, which only the
benchmarks' own server sets (bench/_server.py): no installation serves it.
"""

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import Http404, HttpResponse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from accounts.access import can_answer
from assessor.access import assessment_for_user
from assessor.http import HtmxHttpRequest
from assessor.models import Answer, AnswerRevision

BUMP = (
    f"UPDATE {connection.ops.quote_name(Answer._meta.db_table)} "  # noqa: S608 (our own table name)
    "SET level = %s, version = version + 1, updated_at = now() "
    "WHERE assessment_id = %s AND question_key = %s RETURNING id, version"
)


@login_required
@require_POST
def minimal_write(request: HtmxHttpRequest, slug: str, code) -> HttpResponse:
    _, assessment = assessment_for_user(request.user, slug, code, require=can_answer)
    key = request.POST.get("question", "")
    level = int(request.POST.get("value", "0")) % 5
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(BUMP, [level, assessment.pk, key])
        row = cursor.fetchone()
        if row is None:
            raise Http404
        AnswerRevision.objects.create(
            answer_id=row[0], user=request.user, old=None, new={"level": level}
        )
    return HttpResponse(
        format_html(
            '<div id="q-{}-meta" hx-swap-oob="true"><input type="hidden" name="version" '
            'value="{}"><span class="saved">Saved ✓</span></div>',
            key,
            row[1],
        )
    )
