"""What a report freezes when it is requested: everything its document shows.

Plain JSON data built from the assessment, its answers and the brain's
results. The PDF renderer reads only this, never the live rows, so a report
shows the answers as they were and an old version never changes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext, gettext_noop

from assessor import advice, evidence, scoring, vocabulary
from assessor.branding.resolve import brand_snapshot
from assessor.compare import compare
from assessor.frameworks.schema import MAX_LEVEL
from assessor.models import Answer, Assessment
from assessor.plans.achievements import plan_achievements
from assessor.workshops.summaries import disagreements

# Bumped when the shape changes, so the renderer can tell old snapshots apart.
# 2: brain v2 (delivery profile, reference levels, discovery, months); 3: what the plan achieved
SNAPSHOT_VERSION = 3
# The scale in one line per level, for the methodology appendix.
# (English msgids, translated as the snapshot is taken)
LEVEL_SUMMARIES = (
    gettext_noop("Ad hoc and manual; depends on individuals."),
    gettext_noop("Some practices in place, applied unevenly."),
    gettext_noop("Agreed practices, applied to most of the work."),
    gettext_noop("Automated and measured, applied everywhere."),
    gettext_noop("Continuously improved and used to drive decisions."),
)


def take_snapshot(
    *,
    assessment: Assessment,
    answers: list[Answer],
    number: int,
    requested_by: Any,
    requested_at: datetime,
) -> dict[str, Any]:
    """The report's frozen data, in the assessment's language: the bank's texts,
    the advice and our own words are taken under it, and `language` records it
    for the renderers (PDF, DOCX, PPTX come out in it)."""
    with translation.override(assessment.language):
        snapshot = _snapshot(
            assessment=assessment,
            answers=answers,
            number=number,
            requested_by=requested_by,
            requested_at=requested_at,
        )
    snapshot["language"] = assessment.language
    return snapshot


def _snapshot(
    *,
    assessment: Assessment,
    answers: list[Answer],
    number: int,
    requested_by: Any,
    requested_at: datetime,
) -> dict[str, Any]:
    """The report's frozen data. Besides the objects passed in (the assessment
    needs its organization, framework and created_by loaded) it reads the
    previous assessment (for "progress since") and any workshop votes."""
    # Evidence ages as of the day the report was asked for; the answers need
    # their evidence_owner loaded.
    today = timezone.localtime(requested_at).date()
    results = assessment.results(answers, today=today)
    framework = assessment.framework.parsed
    organization = assessment.organization
    by_key = {answer.question_key: answer for answer in answers}
    scope = set(assessment.areas)
    facilitator = assessment.created_by or requested_by
    return {
        "version": SNAPSHOT_VERSION,
        "site_name": settings.SITE_NAME,
        # The practice's brand as it was when the report was requested (none
        # for an organization built in memory, as the render benchmark does:
        # the renderers then use our own look).
        "brand": brand_snapshot(organization) if organization.pk else None,
        "report_number": number,
        "requested_at": requested_at.isoformat(),
        "requested_by": _name(requested_by),
        "organization": {
            "name": organization.name,
            "industry": organization.get_industry_display(),
            "size": organization.get_size_display(),
            "regulated": organization.regulated,
        },
        "assessment": {
            "code": str(assessment.code),
            "title": assessment.title,
            "status": assessment.get_status_display(),
            "is_draft": not assessment.is_completed,
            "scope": assessment.get_scope_display(),
            "created_at": assessment.created_at.isoformat(),
            "completed_at": assessment.completed_at.isoformat()
            if assessment.completed_at
            else None,
            "facilitator": _name(facilitator),
        },
        "framework": {
            "key": framework.key,
            "version": framework.version,
            "title": framework.title,
            "description": framework.description,
            "sha256": framework.sha256,
            "scoring_rule": framework.scoring_rule,
        },
        "areas": [
            {"key": area.key, "title": area.title, "description": area.description}
            for area in framework.areas
            if area.key in scope
        ],
        "scale": [
            {
                "level": level,
                "label": scoring.maturity_label(level),
                "summary": gettext(LEVEL_SUMMARIES[level]),
            }
            for level in range(MAX_LEVEL + 1)
        ],
        "context": [
            {
                "key": question.key,
                "question": question.text,
                "answer": by_key[question.key].label(framework)
                if question.key in by_key and by_key[question.key].is_answered
                else None,
            }
            for question in framework.context_questions
        ],
        "dimensions": [
            {
                "key": dimension.key,
                "title": dimension.title,
                "area": dimension.area,
                "description": dimension.description,
                "weight": dimension.weight,
                "prerequisites": [
                    {
                        "dimension": p.dimension,
                        "title": framework.dimension(p.dimension).title,
                        "min_level": p.min_level,
                    }
                    for p in dimension.prerequisites
                ],
                "questions": [
                    _question(question, by_key.get(question.key), today)
                    for question in dimension.questions
                ],
            }
            for dimension in framework.dimensions
            if dimension.area in scope
        ],
        "scorecard": results.scorecard.to_dict(),
        "advice": results.advice.to_dict(),
        "evidence_as_of": today.isoformat(),
        "expired_evidence": [
            e.as_snapshot() for e in evidence.expired_evidence(assessment, answers, today)
        ],
        "progress": _progress(assessment, answers, results),
        "plan": plan_achievements(assessment, results),
        "disagreements": _disagreements(assessment, framework),
        "method": {
            "rules": [
                {
                    "key": rule.key,
                    "outcome": rule.outcome,
                    "outcome_title": advice.path_title(rule.outcome),
                    "description": advice.rule_description(rule),
                }
                for rule in advice.RULES
            ],
            "devops_immature_below": advice.DEVOPS_IMMATURE_BELOW,
            "devops_mature_from": advice.DEVOPS_MATURE_FROM,
            "regulated_governance_target": advice.REGULATED_GOVERNANCE_TARGET,
            "evidence_rule": evidence.rule_in_words(),
            # when the bank says N/A is a legitimate answer, per question in scope
            "na_guidance": [
                {"question": question.text, "guidance": question.na_guidance}
                for dimension in framework.dimensions
                if dimension.area in scope
                for question in dimension.questions
                if question.na_guidance
            ],
        },
    }


def _progress(assessment: Assessment, answers: list[Answer], results) -> dict[str, Any] | None:
    """Movement since the previous completed assessment. While this one is
    not completed its figures are still moving, so only the baseline is
    named: a trend is never drawn from a draft."""
    before = assessment.baseline()
    if before is None:
        return None
    if not assessment.is_completed:
        return {
            "pending": True,
            "since_title": before.title,
            "since_date": before.created_at.isoformat(),
        }
    before_answers = list(before.answers.all())
    comparison = compare(
        before, before.results(before_answers), before_answers, assessment, results, answers
    )
    history = list(
        Assessment.objects.filter(
            organization=assessment.organization_id,
            status=Assessment.Status.COMPLETED,
            created_at__lt=assessment.created_at,
        )
        .order_by("created_at")
        .only("created_at", "headline")
    )
    current = {area.key: area.score for area in results.scorecard.areas}
    return {
        "since_title": before.title,
        "since_date": before.created_at.isoformat(),
        "areas": [_delta(d) for d in comparison.areas],
        "dimensions": [_delta(d) for d in comparison.dimensions],
        "done": [
            {"title": item.title, "target": item.target, "reached": item.reached}
            for item in comparison.done
        ],
        "changed_answers": len(comparison.changed_answers),
        "path_before": comparison.path_before,
        "path_after": comparison.path_after,
        "left_out_questions": len(comparison.left_out_questions),
        "trend": {
            # month names in the active language ("Dez. 2026")
            "labels": [dateformat.format(a.created_at, "M Y") for a in history]
            + [dateformat.format(assessment.created_at, "M Y")],
            "devops": [(a.headline.get("devops") or {}).get("score") for a in history]
            + [current.get("devops")],
            "mlops": [(a.headline.get("mlops") or {}).get("score") for a in history]
            + [current.get("mlops")],
        },
    }


def _delta(delta) -> dict[str, Any]:
    return {
        "title": delta.title,
        "before": delta.before,
        "after": delta.after,
        "change": delta.change,
        "direction": delta.direction,
    }


def _disagreements(assessment: Assessment, framework) -> list[dict[str, Any]]:
    """Questions a live workshop voted on where the room disagreed."""
    if assessment.pk is None:
        return []
    return [
        {
            **summary.as_snapshot(),
            "text": vocabulary.question(framework, summary.question_key).text,
        }
        for summary in disagreements(assessment)
    ]


def _question(question, answer: Answer | None, today) -> dict[str, Any]:
    state = answer.state if answer else Answer.State.UNANSWERED
    level = answer.level if answer and state == Answer.State.ANSWERED else None
    return {
        "key": question.key,
        "text": question.text,
        "weight": question.weight,
        "na_guidance": question.na_guidance,
        "state": state,
        "state_label": vocabulary.level_or_state_label(state, level),
        "level": level,
        "level_text": question.levels[level].text if level is not None else "",
        "note": answer.note if answer else "",
        "evidence": answer.evidence if answer else "",
        "evidence_owner": _name(answer.evidence_owner) if answer and answer.evidence_owner else "",
        "evidence_valid_until": answer.evidence_valid_until.isoformat()
        if answer and answer.evidence_valid_until
        else None,
        "evidence_expired": bool(answer) and answer.evidence_expired(today),
        "answered_by": _name(answer.answered_by) if answer and answer.answered_by else "",
        "updated_at": answer.updated_at.isoformat() if answer else None,
    }


def _name(user: Any) -> str:
    return user.display_name if user is not None else ""
