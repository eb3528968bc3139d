"""The PDF speaks the client's language: no key of any built-in bank, badges
that never wrap, and a draft that says so on every page."""

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from django.utils import timezone

from assessor import services
from assessor.frameworks import builtin_framework_files
from assessor.models import Answer, Framework
from reports import pdf
from reports.snapshot import take_snapshot


def bank_documents() -> list[dict]:
    return [yaml.safe_load(Path(path).read_text()) for path in builtin_framework_files()]


def answer_fully(assessment, user, rotation: int) -> None:
    """Every question answered: levels spread over the scale, one N/A and one
    "don't know" per practice area, each context question a different choice."""
    fw = assessment.framework.parsed
    for dimension in fw.dimensions:
        for n, question in enumerate(dimension.questions):
            state, level, note = "answered", (n + rotation) % 5, ""
            if n == 1:
                state, level, note = "na", None, "We run no such systems."
            elif n == 2:
                state, level = "unknown", None
            Answer.objects.create(
                assessment=assessment,
                question_key=question.key,
                state=state,
                level=level,
                note=note,
                answered_by=user,
                version=1,
            )
    for n, question in enumerate(fw.context_questions):
        choice = question.choices[(n + rotation) % len(question.choices)]
        Answer.objects.create(
            assessment=assessment,
            question_key=question.key,
            state="answered",
            choice=choice.key,
            version=1,
        )


def render(assessment, user, tmp_path) -> list[str]:
    """The report's pages as pdftotext reads them."""
    answers = list(assessment.answers.select_related("answered_by"))
    snapshot = take_snapshot(
        assessment=assessment,
        answers=answers,
        number=1,
        requested_by=user,
        requested_at=timezone.now(),
    )
    path = tmp_path / f"{assessment.code}.pdf"
    path.write_bytes(pdf.render_pdf(snapshot))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def leaked_keys(text: str, documents: list[dict]) -> list[str]:
    """Keys of the banks found in `text`, raw or spelled with spaces.

    A key that is one plain word ("retail", "pilots") is also an ordinary
    word, so only keys of several words are looked for; a choice key spelled
    with spaces ("ai differentiator") is a leak unless its label says the same.
    """
    flat = re.sub(r"\s+", " ", text)
    leaks = []
    for document in documents:
        keys = [d["key"] for d in document["dimensions"]]
        keys += [q["key"] for d in document["dimensions"] for q in d["questions"]]
        keys += [q["key"] for q in document["context_questions"]]
        choices = [c for q in document["context_questions"] for c in q["choices"]]
        keys += [c["key"] for c in choices]
        leaks += [k for k in keys if "_" in k and re.search(rf"\b{re.escape(k)}\b", flat)]
        for choice in choices:
            spelled = choice["key"].replace("_", " ")
            in_label = spelled in choice["label"].lower()
            said = re.search(rf"\b{re.escape(spelled)}\b", flat, re.IGNORECASE)
            if "_" in choice["key"] and not in_label and said:
                leaks.append(f"{choice['key']} (as “{spelled}”)")
    return sorted(set(leaks))


@pytest.mark.parametrize("rotation", [0, 1])
def test_no_bank_key_and_no_broken_badge_in_a_full_report(personas, framework, tmp_path, rotation):
    documents = bank_documents()
    assert documents, "no built-in bank found"
    for document in documents:
        stored = Framework.objects.get(key=document["key"], version=document["version"])
        assessment = services.assessment_start(
            organization=personas.org_a,
            framework=stored,
            title="Full",
            scope="both",
            targets={},
            user=personas.alice,
        )
        answer_fully(assessment, personas.alice, rotation)
        services.assessment_complete(assessment=assessment, user=personas.alice)
        text = "\n".join(render(assessment, personas.alice, tmp_path))
        assert "Level" in text and "N/A" in text  # the answers really are in it
        assert leaked_keys(text, documents) == []
        assert "N/ A" not in text and "N/\nA" not in text


def test_a_draft_report_says_draft_on_every_page(assessment_draft, personas, tmp_path):
    pages = render(assessment_draft, personas.alice, tmp_path)
    assert len(pages) > 5
    assert [n for n, page in enumerate(pages, 1) if "DRAFT" not in page.upper()] == []


def test_a_completed_report_has_no_draft_mark(assessment_draft, personas, tmp_path):
    services.assessment_complete(assessment=assessment_draft, user=personas.alice)
    pages = render(assessment_draft, personas.alice, tmp_path)
    assert not any("DRAFT" in page.upper() for page in pages)


def test_progress_is_measured_only_against_completed_assessments(
    assessment_draft, personas, framework, tmp_path
):
    later = services.assessment_follow_up(base=assessment_draft, user=personas.alice)
    text = "\n".join(render(later, personas.alice, tmp_path))
    assert "Progress since" not in text  # the earlier one is a draft: no baseline

    services.assessment_complete(assessment=assessment_draft, user=personas.alice)
    text = "\n".join(render(later, personas.alice, tmp_path))
    # Now there is a baseline, but this one is a draft: no trend is claimed yet.
    assert "Progress since" not in text and "Then" not in text
    assert "reported once this assessment is completed" in re.sub(r"\s+", " ", text)

    services.assessment_complete(assessment=later, user=personas.alice)
    text = "\n".join(render(later, personas.alice, tmp_path))
    assert "Progress since" in text


@pytest.fixture
def assessment_draft(personas, framework):
    assessment = services.assessment_start(
        organization=personas.org_a,
        framework=framework,
        title="Early answers",
        scope="both",
        targets={},
        user=personas.alice,
    )
    for question in framework.parsed.scored_questions[:5]:
        Answer.objects.create(
            assessment=assessment, question_key=question.key, state="answered", level=2, version=1
        )
    return assessment
