"""Shared set-up of the Word and PowerPoint tests: a report with everything a
document can show (progress since a completed assessment, workshop
disagreements, the delivery profile), a hostile note, and the internal keys
that must never reach a deliverable."""

from __future__ import annotations

import re
from datetime import date

from assessor import services as assessor_services
from assessor.models import Answer
from assessor.workshops import services as workshop_services
from assessor.workshops.models import Round
from reports import services
from reports.models import Report
from tests.workshops.conftest import scored_keys

# XML markup, a CDATA end, an entity, control characters: must come out as text.
HOSTILE = "Break <w:p><w:r><w:t>out</w:t></w:r></w:p> ]]> & &amp; \x01\x08\x0b\x1f done"
HOSTILE_SHOWN = "Break <w:p><w:r><w:t>out</w:t></w:r></w:p> ]]> & &amp;  done"
BRAND = {
    "name": "Quokka Advisory",
    "primary": "#7a1f5c",
    "accent": "#0e7490",
    "footer_text": "Quokka confidential",
    "contact_line": "hello@quokka.example · +44 20 7946 0000",
    "cover_statement": "Independent advice on delivery and ML platforms.",
}


def full_report(assessment, personas, variant: str) -> Report:
    """A follow-up report with progress, a disagreement and a hostile note."""
    assessor_services.assessment_complete(assessment=assessment, user=personas.alice)
    follow_up = assessor_services.assessment_follow_up(base=assessment, user=personas.alice)
    fw = follow_up.framework.parsed
    for q in fw.questions_of("ci_cd"):
        Answer.objects.filter(assessment=follow_up, question_key=q.key).update(
            level=4, carried_over=False
        )
    first = fw.questions_of("source_control_testing")[0]
    Answer.objects.filter(assessment=follow_up, question_key=first.key).update(
        note=HOSTILE,
        carried_over=False,
        evidence="https://wiki.example.org/ci",
        evidence_valid_until=date(2025, 1, 31),  # long expired
    )
    workshop = workshop_services.workshop_open(assessment=follow_up, user=personas.alice)
    key = scored_keys(workshop)[1]
    workshop_services.workshop_go(workshop=workshop, key=key)
    for i, (level, comment) in enumerate([(0, "Only on my team"), (1, ""), (4, "We do this")]):
        p = workshop_services.participant_join(workshop=workshop, display_name=f"P{i}", user=None)
        workshop_services.vote_cast(
            workshop=workshop, participant_id=p.pk, question_key=key, level=level, comment=comment
        )
    workshop_services.consensus_set(
        round_=Round.objects.get(workshop=workshop, question_key=key),
        user=personas.alice,
        state="answered",
        level=1,
        note="",
    )
    assessor_services.assessment_complete(assessment=follow_up, user=personas.alice)
    return services.report_request(assessment=follow_up, user=personas.alice, variant=variant)


def internal_keys(snapshot: dict) -> set[str]:
    """Keys of dimensions, questions, rules and context answers: never shown."""
    keys = {d["key"] for d in snapshot["dimensions"]}
    keys |= {q["key"] for d in snapshot["dimensions"] for q in d["questions"]}
    keys |= {q["key"] for q in snapshot["context"]}
    keys |= {r["key"] for r in snapshot["method"]["rules"]}
    keys |= {snapshot["advice"]["path"]["outcome"]}
    # Only keys that could not be ordinary words ("devops" could).
    return {key for key in keys if "_" in key}


def keys_in(text: str, keys: set[str]) -> set[str]:
    return {key for key in keys if re.search(rf"\b{re.escape(key)}\b", text)}


# What the improvement plan achieved, as issue 13's snapshot carries it.
PLAN = {
    "since_title": "Readiness baseline",
    "since_date": "2026-05-04T09:00:00+00:00",
    "provisional": False,
    "done": [
        {
            "title": "Pipeline for the pricing service",
            "area": "CI/CD pipelines and release automation",
            "questions": ["Is every change built and tested automatically?"],
            "owner": "Fran Facilitator",
            "closed_at": "2026-07-01T12:00:00+00:00",
            "reason": "",
        }
    ],
    "dropped": [
        {
            "title": "Own GPU cluster",
            "area": "Compute and infrastructure for ML",
            "questions": [],
            "owner": "",
            "closed_at": "2026-08-01T12:00:00+00:00",
            "reason": "A managed service replaced it",
        }
    ],
    "moved": [
        {
            "title": "CI/CD pipelines and release automation",
            "done": 1,
            "before": 2.0,
            "after": 3.1,
            "change": 1.1,
            "moved": True,
        }
    ],
    "not_moved": [],
    "still_open": 2,
}
