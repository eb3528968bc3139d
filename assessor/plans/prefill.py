"""What a new action starts from: the bank's next step for a question, a
quick win or a roadmap item of an assessment (every field stays editable)."""

import math
import re

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from assessor.models import Answer, Assessment

TITLE_MAX = 120
# Where a next step's first clause ends: its first sentence, or before ", and …".
_CLAUSE_END = re.compile(r"\.\s|;\s|,\s+and\s|,\s+then\s")


def short_title(text: str) -> str:
    """A title from a next step: its first clause, cut at a word if still long."""
    text = " ".join(text.split())
    match = _CLAUSE_END.search(text)
    if match and match.start() >= 30:
        text = text[: match.start()]
    text = text.rstrip(".")
    if len(text) <= TITLE_MAX:
        return text
    return text[: TITLE_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _level(answers: dict[str, Answer], key: str) -> int:
    """The level a question is at for planning: unanswered and unknown count as 0."""
    answer = answers.get(key)
    if answer and answer.state == Answer.State.ANSWERED and answer.level is not None:
        return answer.level
    return 0


def for_question(assessment: Assessment, key: str, answers: dict[str, Answer]) -> dict:
    framework = assessment.framework.parsed
    question = framework.question(key)
    level = _level(answers, key)
    step = question.levels[level].next_step
    return {
        "title": short_title(step),
        "description": step
        + "\n\n"
        + _("Question: %(question)s Now level %(level)s.")
        % {"question": question.text, "level": level},
        "dimension": question.dimension,
        "question_keys": [key],
        "target_level": min(level + 1, len(question.levels) - 1),
    }


def for_roadmap_item(assessment: Assessment, dimension: str, answers: dict[str, Answer]) -> dict:
    """The first roadmap item of `dimension`: its next steps and its phase target."""
    results = assessment.results(list(answers.values()))
    item = next(
        (i for phase in results.advice.phases for i in phase.items if i.dimension == dimension),
        None,
    )
    if item is None:
        raise KeyError(dimension)
    steps = item.next_steps
    lines = [
        f"- {s.text}\n  "
        + _("Question: %(question)s Now level %(level)s.")
        % {"question": s.question_text, "level": s.level}
        for s in steps
    ]
    title = short_title(steps[0].text) if steps else _("Raise %(area)s") % {"area": item.title}
    return {
        "title": title,
        "description": _("Roadmap: %(area)s, months %(start)s–%(end)s, target %(target)s.")
        % {
            "area": item.title,
            "start": item.start_month,
            "end": item.end_month,
            "target": number_format(item.target, decimal_pos=None)
            if item.target != int(item.target)
            else int(item.target),
        }
        + "\n"
        + "\n".join(lines),
        "dimension": dimension,
        "question_keys": [s.question for s in steps],
        "target_level": min(math.ceil(item.target), 4),
    }


def prefill(assessment: Assessment, params) -> dict:
    """Initial form values from the link that opened the form: `?item=<practice
    area>` (a roadmap item), `?question=<key>` (a question or quick win), or
    nothing (an empty action of the assessment's plan). An unknown value is
    a 404 for the caller (KeyError)."""
    answers = {a.question_key: a for a in assessment.answers.all()}
    if params.get("item"):
        return for_roadmap_item(assessment, params["item"], answers)
    if params.get("question"):
        framework = assessment.framework.parsed
        if not framework.has_question(params["question"]):
            raise KeyError(params["question"])
        return for_question(assessment, params["question"], answers)
    return {}
