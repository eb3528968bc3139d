"""The SVG charts shared by the results page and the PDF."""

# Parsing our own charts, not untrusted input.
import xml.etree.ElementTree as ET  # noqa: S405

from django.utils.safestring import SafeString

from assessor import frameworks
from assessor.advice import advise
from assessor.charts import radar_svg, roadmap_svg, target_bars_svg
from assessor.scoring import AnswerInput, score

SVG = "{http://www.w3.org/2000/svg}"


def brain(level_of=lambda n: n % 5):
    framework = frameworks.load_framework_file(frameworks.builtin_framework_files()[0])
    answers = {
        q.key: AnswerInput("answered", level_of(n))
        for n, q in enumerate(framework.scored_questions)
    }
    scorecard = score(framework, answers)
    return scorecard, advise(framework, scorecard, {"ai_adoption_stage": "pilots"})


def texts(svg: str) -> str:
    root = ET.fromstring(svg)  # noqa: S314 - also proves the SVG is well-formed XML
    return " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


def test_they_take_the_brains_objects_or_a_snapshots_dicts():
    scorecard, advice = brain()
    for chart in (
        lambda sc, ad: radar_svg(sc),
        lambda sc, ad: target_bars_svg(sc, ad),
        lambda sc, ad: roadmap_svg(ad),
    ):
        live, frozen = chart(scorecard, advice), chart(scorecard.to_dict(), advice.to_dict())
        assert isinstance(live, SafeString)
        assert live == frozen
        assert live.startswith("<svg") and 'viewBox="' in live and 'width="100%"' in live


def test_the_radar_shows_every_dimension_score_and_targets():
    scorecard, advice = brain()
    targets = {t.dimension: t.target for t in advice.targets}
    svg = radar_svg(scorecard, targets)
    shown = texts(svg)
    for dimension in scorecard.dimensions:
        assert f"{dimension.score:.1f}" in shown
        assert dimension.title.split()[0] in shown
    assert "target" in shown
    assert 'stroke-dasharray="6 4"' in svg  # the target outline
    assert "target" not in texts(radar_svg(scorecard))


def test_the_bars_show_current_and_target_per_dimension():
    scorecard, advice = brain()
    shown = texts(target_bars_svg(scorecard, advice))
    assert "DEVOPS" in shown and "MLOPS" in shown
    target = advice.targets[0]
    current = scorecard.dimension(target.dimension).score
    assert f"{current:.1f} → {target.target:.1f}" in shown


def test_the_timeline_has_every_phase_and_roadmap_item():
    _, advice = brain()
    shown = texts(roadmap_svg(advice))
    for phase in advice.phases:
        assert f"Phase {phase.number}" in shown
        assert f"months {phase.start_month}–{phase.end_month}" in shown
    assert "months from start" in shown


def test_text_is_escaped():
    scorecard, advice = brain()
    card = scorecard.to_dict()
    card["dimensions"][0]["title"] = '<script>alert("x")</script> & <b>Co</b>'
    plan = advice.to_dict()
    plan["phases"][0]["title"] = "<img src=x onerror=alert(1)>"
    for svg in (radar_svg(card), target_bars_svg(card, plan), roadmap_svg(plan)):
        assert "<script" not in svg and "<b>" not in svg and "<img" not in svg
        ET.fromstring(svg)  # noqa: S314
    assert "&lt;script&gt;" in radar_svg(card)


def test_an_unanswered_assessment_still_draws():
    scorecard, advice = brain()
    framework = frameworks.load_framework_file(frameworks.builtin_framework_files()[0])
    empty = score(framework, {})
    advice = advise(framework, empty, {})
    for svg in (radar_svg(empty), target_bars_svg(empty, advice)):
        ET.fromstring(svg)  # noqa: S314
    # nothing answered: nothing is planned from guesses, phase 1 is finding out
    assert not advice.phases and advice.discovery
    assert roadmap_svg(advice) == ""
    assert "no answers" in texts(radar_svg(empty))


def test_the_delivery_profile_is_not_drawn_as_a_practice_area():
    framework = next(
        frameworks.load_framework_file(path)
        for path in frameworks.builtin_framework_files()
        if path.name.endswith(".v2.yaml")
    )
    answers = {q.key: AnswerInput("answered", 2) for q in framework.scored_questions}
    card = score(framework, answers)
    advice = advise(framework, card, {})
    profile = next(d for d in framework.dimensions if d.kind == "profile")

    for svg in (radar_svg(card), target_bars_svg(card, advice)):
        assert "DORA" in profile.title and "DORA" not in texts(svg)
        assert "CI/CD" in texts(svg)
