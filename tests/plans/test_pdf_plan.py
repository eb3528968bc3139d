"""A follow-up's PDF says what the plan achieved: actions done and dropped,
and the practice areas that moved or did not move despite done work; read
back from the rendered file."""

from assessor import services as assessor_services
from assessor.models import Answer
from assessor.plans import services
from reports import pdf
from reports import services as report_services
from tests.reports.conftest import answer_everything, pdftotext

HOSTILE = "<i>No</i> budget & time"


def act(baseline, personas, title, dimension, keys, **fields):
    return services.action_create(
        organization=personas.org_a,
        assessment=baseline,
        user=personas.alice,
        title=title,
        dimension=dimension,
        question_keys=keys,
        **fields,
    )


def close(action, user, **fields):
    services.action_update(action=action, user=user, version=action.version, **fields)


def test_a_follow_up_report_says_what_the_plan_achieved(personas, framework, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    baseline = assessor_services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Baseline 2026",
        scope="both",
        targets={},
        user=personas.alice,
    )
    answer_everything(baseline, personas.alice)
    parsed = baseline.framework.parsed
    # Two areas without prerequisites (nothing caps them) start at level 1;
    # only the one whose answers rise in the follow-up can move.
    culture = parsed.dimension("collaboration_culture")
    monitoring = parsed.dimension("observability_incident")
    ci_keys = [q.key for q in culture.questions]
    watch_keys = [q.key for q in monitoring.questions]
    Answer.objects.filter(assessment=baseline, question_key__in=ci_keys + watch_keys).update(
        level=1
    )
    baseline.headline = baseline.headline_from(list(baseline.answers.all()))
    baseline.save(update_fields=["headline"])
    assessor_services.assessment_complete(assessment=baseline, user=personas.alice)

    pipeline = act(baseline, personas, "Hold joint retrospectives", culture.key, ci_keys[:1])
    alerts = act(
        baseline, personas, "Page on error budgets", monitoring.key, watch_keys[:1],
        owner_name="Olga Outside",
    )  # fmt: skip
    vendor = act(baseline, personas, "Buy a deployment tool", culture.key, [])
    act(baseline, personas, "Still to do", culture.key, ci_keys[1:2])
    close(pipeline, personas.bob, status="done")
    close(alerts, personas.alice, status="done")
    close(vendor, personas.alice, status="dropped", dropped_reason=HOSTILE)

    follow_up = assessor_services.assessment_follow_up(base=baseline, user=personas.alice)
    Answer.objects.filter(assessment=follow_up, question_key__in=ci_keys).update(
        level=3, carried_over=False
    )
    Answer.objects.filter(assessment=follow_up).update(carried_over=False)
    follow_up.headline = follow_up.headline_from(list(follow_up.answers.all()))
    follow_up.save(update_fields=["headline"])
    assessor_services.assessment_complete(assessment=follow_up, user=personas.alice)
    report = report_services.report_request(assessment=follow_up, user=personas.alice)

    plan = report.snapshot["plan"]
    assert [a["title"] for a in plan["done"]] == [
        "Hold joint retrospectives",
        "Page on error budgets",
    ]
    assert [a["reason"] for a in plan["dropped"]] == [HOSTILE]
    assert [a["title"] for a in plan["moved"]] == [culture.title]
    assert [a["title"] for a in plan["not_moved"]] == [monitoring.title]
    assert plan["still_open"] == 1 and not plan["provisional"]

    out = tmp_path / "follow-up.pdf"
    out.write_bytes(pdf.render_pdf(report.snapshot))
    text = " ".join(pdftotext(out).split())
    assert "What the plan achieved" in text
    assert "since “Baseline 2026” was completed" in text
    assert "actions done: 2; dropped: 1." in text
    assert "Still open on this assessment's plan: 1." in text
    assert "Hold joint retrospectives" in text and "Olga" in text
    assert f"Did not move despite done work: {monitoring.title}." in text
    assert f"Moved with the plan's work: {culture.title}." in text
    assert "moved ▲ +2.0" in text
    # User text is text in the document, never markup.
    assert HOSTILE in text
    html = pdf.render_html(report.snapshot)
    assert "&lt;i&gt;No&lt;/i&gt; budget &amp; time" in html
    assert "<i>No</i>" not in html


def test_a_first_assessment_has_no_plan_section(personas, framework, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    first = assessor_services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="First",
        scope="both",
        targets={},
        user=personas.alice,
    )
    report = report_services.report_request(assessment=first, user=personas.alice)
    assert report.snapshot["plan"] is None
    assert "What the plan achieved" not in pdf.render_html(report.snapshot)
