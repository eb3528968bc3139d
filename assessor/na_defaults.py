"""N/A by default: when a context answer makes questions not applicable
(`na_when` in the bank), pre-fill them as N/A with a note saying why.

A default only ever fills a question nobody has answered, and is withdrawn
again when the context answer changes, as long as nobody has touched it since:
any answer a person gave wins. Every fill and withdrawal is an AnswerRevision,
by the person whose context answer caused it, so the history shows both the
default and any override.
"""

from django.conf import settings
from django.utils import timezone, translation

from accounts.models import User
from assessor.frameworks import Framework as ParsedFramework
from assessor.frameworks.applicability import default_note, na_defaults, questions_defaulted_by
from assessor.models import Answer, AnswerRevision, Assessment


def apply_na_defaults(*, assessment: Assessment, user: User, context_key: str) -> list[str]:
    """Bring the N/A defaults that depend on `context_key` in line with the
    context answers now stored. Returns the keys of the answers it changed.

    Call inside the transaction that saved the context answer (answer_save
    holds the assessment's row lock, so no other save interleaves).
    """
    framework = assessment.framework.parsed
    in_scope = set(assessment.question_keys())
    keys = [k for k in questions_defaulted_by(framework, context_key) if k in in_scope]
    if not keys:
        return []
    stored = {
        a.question_key: a
        for a in Answer.objects.select_for_update().filter(
            assessment=assessment,
            question_key__in=keys + [q.key for q in framework.context_questions],
        )
    }
    context = {
        q.key: stored[q.key].choice
        for q in framework.context_questions
        if q.key in stored and stored[q.key].choice
    }
    wanted = na_defaults(framework, context)
    changed = []
    now = timezone.now()
    for key in keys:
        answer = stored.get(key)
        default = wanted.get(key)
        if default is not None and (answer is None or answer.state == Answer.State.UNANSWERED):
            answer = answer or Answer(assessment=assessment, question_key=key)
            _write(answer, user, now, state=Answer.State.NA, note=default.note)
        elif answer is not None and is_untouched_default(framework, answer):
            if default is None:
                _write(answer, user, now, state=Answer.State.UNANSWERED, note="")
            elif answer.note != default.note:
                _write(answer, user, now, state=Answer.State.NA, note=default.note)
            else:
                continue
        else:
            continue
        changed.append(key)
    return changed


def is_untouched_default(framework: ParsedFramework, answer: Answer) -> bool:
    """An N/A that still carries one of the notes a default writes, and nothing else.

    A carried-over one counts too: it was a default in the previous assessment,
    so a changed context answer in the follow-up withdraws it like any other."""
    if answer.state != Answer.State.NA or answer.evidence:
        return False
    question = framework.question(answer.question_key)
    return answer.note in _default_notes(framework, question)


def _default_notes(framework: ParsedFramework, question) -> set[str]:
    """Every note a default of `question` writes, in every interface language:
    a default written in German is still a default when someone in French
    changes the context answer."""
    notes = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            notes.update(
                default_note(framework, condition.context, choice)
                for condition in question.na_when
                for choice in condition.choices
            )
    return notes


def _write(answer: Answer, user: User, now, *, state: str, note: str) -> None:
    old = answer.snapshot() if answer.pk else None
    answer.state, answer.level, answer.choice, answer.note = state, None, "", note
    answer.carried_over = False
    answer.version += 1
    answer.answered_by = user
    answer.updated_at = now
    answer.last_client = ""
    answer.save()
    AnswerRevision.objects.create(answer=answer, user=user, at=now, old=old, new=answer.snapshot())
