"""GET …/reports/: every version of an assessment, newest first; and the panel."""

from django.template.loader import render_to_string
from django.urls import reverse

from reports import services
from reports.models import Report


def url(assessment, slug="acme"):
    return reverse("reports:list", args=[slug, assessment.code])


def test_it_lists_every_version_newest_first(assessment, personas, login):
    for _ in range(3):
        services.report_request(assessment=assessment, user=personas.alice)

    r = login(personas.carol).get(url(assessment))

    assert r.status_code == 200
    assert r.text.index(">v3<") < r.text.index(">v2<") < r.text.index(">v1<")
    assert "Generate report" not in r.text  # viewers read, facilitators generate
    assert "Generate report" in login(personas.alice).get(url(assessment)).text


def test_it_checks_membership(assessment, personas, login):
    assert login(personas.charlie).get(url(assessment)).status_code == 404
    assert login(personas.charlie).get(url(assessment, slug="bolt")).status_code == 404


def test_it_redirects_anonymous(client, assessment):
    r = client.get(url(assessment))
    assert r.status_code == 302 and reverse("accounts:login") in r.url


def test_the_panel_shows_the_form_and_the_latest_versions(assessment, personas, rf):
    for _ in range(4):
        services.report_request(assessment=assessment, user=personas.alice)
    Report.objects.filter(number=4).update(status=Report.Status.FAILED, error="boom")
    request = rf.get("/")
    request.user = personas.alice

    html = render_to_string(
        "reports/_panel.html",
        {
            "membership": personas.membership(personas.alice, personas.org_a),
            "assessment": assessment,
            "reports": services.reports_latest(assessment=assessment),
        },
        request,
    )

    generate = reverse("reports:generate", args=["acme", assessment.code])
    assert f'action="{generate}"' in html and f'hx-post="{generate}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert ">v4<" in html and ">v2<" in html and ">v1<" not in html
    assert "boom" in html and 'hx-trigger="every 2s"' in html
    assert reverse("reports:list", args=["acme", assessment.code]) in html
