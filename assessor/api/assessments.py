"""Assessments of an organization: list, start, read, complete."""

from django.conf import settings
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import can_facilitate
from assessor import services
from assessor.api.access import api_assessment, api_membership
from assessor.api.docs import operation, paged
from assessor.api.errors import form_errors
from assessor.api.pagination import Pages
from assessor.forms import StartForm, language_field
from assessor.models import Assessment, Framework

LANGUAGE_HELP = (
    "The assessment's language (interface, question bank texts, advice and reports): "
    "en or a language its question bank version has a translation into."
)


def _language_codes() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


class FrameworkRefSerializer(serializers.Serializer):
    key = serializers.CharField()
    version = serializers.IntegerField()
    title = serializers.CharField()


class AssessmentSerializer(serializers.Serializer):
    code = serializers.UUIDField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Assessment.Status.choices)
    scope = serializers.ChoiceField(choices=Assessment.Scope.choices)
    framework = FrameworkRefSerializer()
    language = serializers.ChoiceField(choices=_language_codes(), help_text=LANGUAGE_HELP)
    targets = serializers.DictField(child=serializers.IntegerField())
    based_on = serializers.UUIDField(source="based_on.code", allow_null=True, default=None)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    archived_at = serializers.DateTimeField(allow_null=True)
    headline = serializers.DictField(
        help_text="Indices with confidence, path and progress as of the last answer saved."
    )


class AssessmentStartSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    scope = serializers.ChoiceField(choices=Assessment.Scope.choices, default="both")
    framework_key = serializers.CharField(
        required=False, help_text="Question bank; the newest built-in one when left out."
    )
    framework_version = serializers.IntegerField(required=False, min_value=1)
    targets = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=4),
        required=False,
        help_text="Target level per practice area key; the path's default where left out.",
    )
    language = serializers.ChoiceField(
        choices=_language_codes(),
        required=False,
        help_text=LANGUAGE_HELP + " The token user's language when left out and the bank has it, "
        "else en.",
    )


class AssessmentChangeSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=_language_codes(), help_text=LANGUAGE_HELP)


@operation(
    methods=["GET"],
    operation_id="assessments_list",
    summary="Assessments of an organization",
    response=paged(AssessmentSerializer),
)
@operation(
    methods=["POST"],
    operation_id="assessment_start",
    summary="Start an assessment",
    request=AssessmentStartSerializer,
    response=AssessmentSerializer,
    permission="can_facilitate",
    write=True,
    status=201,
)
@api_view(["GET", "POST"])
def assessments(request: Request, slug: str) -> Response:
    if request.method == "POST":
        return _start(request, slug)
    return _list(request, slug)


def _list(request: Request, slug: str) -> Response:
    membership = api_membership(request, slug)
    assessments = (
        Assessment.objects.filter(organization=membership.organization)
        .select_related("framework", "based_on")
        .defer("framework__document", "based_on__headline", "based_on__targets")
        .order_by("-created_at", "-id")
    )
    pages = Pages()
    page = pages.paginate_queryset(assessments, request)
    return pages.get_paginated_response(AssessmentSerializer(page, many=True).data)


def _start(request: Request, slug: str) -> Response:
    membership = api_membership(request, slug, require=can_facilitate)
    given = AssessmentStartSerializer(data=request.data)
    given.is_valid(raise_exception=True)
    data = given.validated_data
    framework = _framework(data)
    if framework is None:
        raise ValidationError({"framework_key": ["No such question bank is installed."]})
    # The page's form holds the rules (known bank, targets per practice area).
    form = StartForm(_start_form_data(data, framework))
    form.add_target_fields(framework.parsed)
    form.add_language_field(framework, "")
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    unknown = set(data.get("targets", {})) - {d.key for d in framework.parsed.dimensions}
    if unknown:
        raise ValidationError({"targets": [f"No practice area “{k}”." for k in sorted(unknown)]})
    assessment = services.assessment_start(
        organization=membership.organization,
        framework=framework,
        title=form.cleaned_data["title"],
        scope=form.cleaned_data["scope"],
        targets=form.targets(),
        user=request.user,
        language=form.cleaned_data["language"] or None,
    )
    return Response(AssessmentSerializer(assessment).data, status=201)


def _framework(data: dict) -> Framework | None:
    banks = Framework.objects.defer("document")
    if "framework_key" not in data:
        return StartForm().fields["framework"].initial
    banks = banks.filter(key=data["framework_key"]).order_by("-version")
    if "framework_version" in data:
        banks = banks.filter(version=data["framework_version"])
    return banks.first()


def _start_form_data(data: dict, framework: Framework) -> dict:
    return {
        "title": data["title"],
        "scope": data["scope"],
        "framework": framework.pk,
        "language": data.get("language") or services.default_language(framework),
        **{f"target_{k}": str(v) for k, v in data.get("targets", {}).items()},
    }


@operation(
    methods=["GET"],
    operation_id="assessment_read",
    summary="One assessment",
    response=AssessmentSerializer,
)
@operation(
    methods=["PATCH"],
    operation_id="assessment_change",
    summary="Change an assessment's language",
    request=AssessmentChangeSerializer,
    response=AssessmentSerializer,
    permission="can_facilitate",
    write=True,
)
@api_view(["GET", "PATCH"])
def assessment_detail(request: Request, slug: str, code) -> Response:
    if request.method == "PATCH":
        return _change(request, slug, code)
    _, assessment = api_assessment(request, slug, code)
    return Response(AssessmentSerializer(assessment).data)


def _change(request: Request, slug: str, code) -> Response:
    _, assessment = api_assessment(request, slug, code, require=can_facilitate)
    given = AssessmentChangeSerializer(data=request.data)
    given.is_valid(raise_exception=True)
    language = given.validated_data["language"]
    field = language_field(assessment.framework, assessment.language)
    if language not in dict(field.choices):
        raise ValidationError(
            {"language": [f"{assessment.framework} has no translation into {language}."]}
        )
    services.assessment_set_language(assessment=assessment, language=language, user=request.user)
    return Response(AssessmentSerializer(assessment).data)


@operation(
    operation_id="assessment_complete",
    summary="Complete an assessment (answers become read-only)",
    request=None,
    response=AssessmentSerializer,
    permission="can_facilitate",
    write=True,
)
@api_view(["POST"])
def assessment_complete(request: Request, slug: str, code) -> Response:
    _, assessment = api_assessment(request, slug, code, require=can_facilitate)
    if not assessment.is_completed:
        services.assessment_complete(assessment=assessment, user=request.user)
    return Response(AssessmentSerializer(assessment).data)
