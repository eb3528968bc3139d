"""Answers of an assessment: read, and write through the wizard's own save.

A write names the version it started from, exactly as the wizard does: a
stale version is refused with 409 and the current answer, and every change
is kept in the answer's revisions (assessor/services.answer_save).
"""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import can_answer
from assessor import services
from assessor.api.access import api_assessment
from assessor.api.docs import operation, paged
from assessor.api.errors import form_errors
from assessor.api.pagination import Pages
from assessor.models import Answer, AnswerRevision, Assessment
from assessor.submissions import answer_submit


class AnswerSerializer(serializers.Serializer):
    question = serializers.CharField(source="question_key")
    value = serializers.CharField(
        help_text='A level "0"-"4", "na", "unknown", a context choice key, or "" (unanswered).'
    )
    state = serializers.ChoiceField(choices=Answer.State.choices)
    level = serializers.IntegerField(allow_null=True)
    choice = serializers.CharField()
    label = serializers.SerializerMethodField()
    note = serializers.CharField()
    evidence = serializers.CharField()
    version = serializers.IntegerField(help_text="Send it back with a change.")
    carried_over = serializers.BooleanField()
    answered_by = serializers.EmailField(source="answered_by.email", allow_null=True, default=None)
    updated_at = serializers.DateTimeField(allow_null=True)

    def get_label(self, answer: Answer) -> str:
        return answer.label(answer.assessment.framework.parsed)


class AnswerWriteSerializer(serializers.Serializer):
    value = serializers.CharField(allow_blank=True, max_length=40)
    # Left out: the stored one stays (a script moving levels keeps the notes).
    note = serializers.CharField(
        allow_blank=True, required=False, help_text="Leave out to keep the stored note."
    )
    evidence = serializers.CharField(
        allow_blank=True, required=False, help_text="Leave out to keep the stored evidence."
    )
    version = serializers.IntegerField(
        min_value=0, help_text="The version you read; 0 for a question never answered."
    )


class RevisionSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    user = serializers.EmailField(source="user.email", allow_null=True, default=None)
    old = serializers.DictField(allow_null=True)
    new = serializers.DictField()


Conflict = inline_serializer(
    "AnswerConflict",
    {
        "detail": serializers.CharField(),
        "code": serializers.CharField(),
        "current": AnswerSerializer(),
    },
)


def _unsaved(assessment: Assessment, key: str) -> Answer:
    """The answer of a question nobody has answered yet (version 0, not stored)."""
    return Answer(assessment=assessment, question_key=key, updated_at=None)


def _answers(assessment: Assessment) -> list[Answer]:
    """Every question of the assessment in the wizard's order, answered or not."""
    stored = {a.question_key: a for a in assessment.answers.select_related("answered_by")}
    return [stored.get(k) or _unsaved(assessment, k) for k in assessment.question_keys()]


def _answer(assessment: Assessment, key: str) -> Answer:
    if key not in assessment.question_keys():
        raise Http404
    stored = assessment.answers.select_related("answered_by").filter(question_key=key).first()
    return stored or _unsaved(assessment, key)


@operation(
    operation_id="answers_list",
    summary="Answers of an assessment, in question order",
    response=paged(AnswerSerializer),
)
@api_view(["GET"])
def answer_list(request: Request, slug: str, code) -> Response:
    _, assessment = api_assessment(request, slug, code)
    pages = Pages()
    page = pages.paginate_queryset(_answers(assessment), request)
    return pages.get_paginated_response(AnswerSerializer(page, many=True).data)


@operation(
    methods=["GET"], operation_id="answer_read", summary="One answer", response=AnswerSerializer
)
@operation(
    methods=["PUT"],
    operation_id="answer_write",
    summary="Change an answer",
    description=(
        "Send the version you read. If someone saved in between, nothing is written and "
        "the reply is 409 with their answer: send it again with its version to keep yours."
    ),
    request=AnswerWriteSerializer,
    response=AnswerSerializer,
    permission="can_answer",
    write=True,
    extra={409: OpenApiResponse(Conflict, description="Changed by someone else, or completed.")},
)
@api_view(["GET", "PUT"])
def answer(request: Request, slug: str, code, key: str) -> Response:
    if request.method == "PUT":
        return _write(request, slug, code, key)
    _, assessment = api_assessment(request, slug, code)
    return Response(AnswerSerializer(_answer(assessment, key)).data)


def _write(request: Request, slug: str, code, key: str) -> Response:
    _, assessment = api_assessment(request, slug, code, require=can_answer)
    if key not in assessment.question_keys():
        raise Http404
    given = AnswerWriteSerializer(data=request.data)
    given.is_valid(raise_exception=True)
    stored = _answer(assessment, key)
    # The wizard's own save: its rules (levels, N/A needs a note, choices),
    # its conflict check and its revision trail; a note or evidence left out
    # is the stored one.
    data = {"question": key, "note": stored.note, "evidence": stored.evidence}
    try:
        submitted = answer_submit(
            assessment=assessment, user=request.user, data={**data, **given.validated_data}
        )
    except services.AssessmentClosed as e:
        current = _answer(assessment, key)
        body = {"detail": str(e), "code": "completed", "current": AnswerSerializer(current).data}
        return Response(body, status=409)
    outcome = submitted.outcome
    if outcome is None:
        raise ValidationError(form_errors(submitted.form))
    if outcome.conflict:
        current = _answer(assessment, key)
        body = {
            "detail": "Someone else changed this answer since you read it; nothing was saved.",
            "code": "conflict",
            "current": AnswerSerializer(current).data,
        }
        return Response(body, status=409)
    return Response(AnswerSerializer(_answer(assessment, key)).data)


@operation(
    operation_id="answer_revisions_list",
    summary="Changes of one answer, newest first",
    response=paged(RevisionSerializer),
)
@api_view(["GET"])
def answer_revisions(request: Request, slug: str, code, key: str) -> Response:
    _, assessment = api_assessment(request, slug, code)
    if key not in assessment.question_keys():
        raise Http404
    revisions = (
        AnswerRevision.objects.filter(answer__assessment=assessment, answer__question_key=key)
        .select_related("user")
        .order_by("-at", "-id")
    )
    pages = Pages()
    page = pages.paginate_queryset(revisions, request)
    return pages.get_paginated_response(RevisionSerializer(page, many=True).data)
