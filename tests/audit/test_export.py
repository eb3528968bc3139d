"""The CSV export of an organization's log, read back as a spreadsheet would."""

import csv
import io
import json

from django.urls import reverse

from accounts.audit.export import CSV_HEADER
from accounts.audit.models import AuditEvent, Kind
from accounts.audit.recording import record

URL = reverse("audit:export", args=["acme"])


def read_csv(response) -> list[list[str]]:
    data = b"".join(response.streaming_content)
    assert data.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_it_exports_the_organization_s_entries_as_csv(personas, login):
    p = personas
    record(Kind.ROLE_CHANGED, actor=p.alice, organization=p.org_a, target="bob@example.org",
           detail={"from": "participant", "to": "viewer"})  # fmt: skip
    record(Kind.REPORT_DOWNLOADED, actor=p.carol, organization=p.org_a, target="Zürich baseline")
    record(Kind.MEMBER_LEFT, actor=p.charlie, organization=p.org_b, target="Bolt secret plans")
    record(Kind.SIGNED_IN, actor=p.alice)
    response = login(p.alice).get(URL, REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith('attachment; filename="acme-audit-log-')
    header, *rows = read_csv(response)
    assert header == CSV_HEADER
    # Newest first; the export itself is the newest entry.
    assert [row[2] for row in rows] == ["audit_exported", "report_downloaded", "role_changed"]
    exported, downloaded, changed = rows
    assert exported[3:5] == ["alice@example.org", "192.0.2.44"]
    assert downloaded[1] == "Report downloaded" and downloaded[5] == "Zürich baseline"
    assert json.loads(changed[7]) == {"from": "participant", "to": "viewer"}
    assert "Bolt secret plans" not in str(rows)


def test_cells_that_would_run_as_formulas_stay_text(personas, login):
    record(Kind.TOKEN_REVOKED, actor=personas.alice, organization=personas.org_a,
           target="=HYPERLINK(\"http://evil.test\",\"open\")")  # fmt: skip
    record(Kind.ASSESSMENT_EXPORTED, actor=personas.bob, organization=personas.org_a,
           target="@SUM(1+1)")  # fmt: skip
    _, _, at_sum, hyperlink = read_csv(login(personas.alice).get(URL))
    assert hyperlink[5] == '\'=HYPERLINK("http://evil.test","open")'
    assert at_sum[5] == "'@SUM(1+1)"


def test_it_exports_only_what_the_filters_show(personas, login):
    record(Kind.ROLE_CHANGED, actor=personas.alice, organization=personas.org_a, target="bob")
    record(Kind.REPORT_DOWNLOADED, actor=personas.carol, organization=personas.org_a, target="r")
    _, *rows = read_csv(login(personas.alice).get(URL, {"kind": "report_downloaded"}))
    assert [row[2] for row in rows] == ["report_downloaded"]
    export = AuditEvent.objects.get(kind=Kind.AUDIT_EXPORTED)
    assert export.detail == {"filter_kind": "report_downloaded"}  # what was taken is on record


def test_the_page_offers_the_export_of_its_filters(personas, login):
    record(Kind.ROLE_CHANGED, actor=personas.alice, organization=personas.org_a, target="bob")
    page = login(personas.alice).get(reverse("audit:log", args=["acme"]), {"kind": "role_changed"})
    assert f'href="{URL}?kind=role_changed"' in page.content.decode()
