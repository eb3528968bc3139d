"""The improvement plan's actions: list, create, read, change, history.

The same rules as the plan pages: any member reads; facilitators and owners
create and change every action; a participant changes the status, reason,
description and due date of the actions they own. The pages' form holds
the field rules (practice area and questions of the bank, a reason when
dropped, one kind of owner), and a change names the version it started from.
"""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import can_facilitate
from accounts.models import Membership
from assessor.api.access import api_membership
from assessor.api.docs import ValidationFailed, operation, paged
from assessor.api.errors import form_errors
from assessor.api.pagination import Pages
from assessor.models import Assessment
from assessor.plans import services
from assessor.plans.access import action_of_organization
from assessor.plans.forms import OWNER_FIELDS, ActionForm, initial_values
from assessor.plans.models import Action, ActionRevision

STATUS_FILTERS = [*Action.Status.values, "open", "overdue"]


class ActionSerializer(serializers.Serializer):
    code = serializers.UUIDField()
    title = serializers.CharField()
    description = serializers.CharField()
    dimension = serializers.CharField(help_text="The practice area's key in the question bank.")
    question_keys = serializers.ListField(child=serializers.CharField())
    owner = serializers.EmailField(
        source="owner.email", allow_null=True, default=None, help_text="A member's email."
    )
    owner_name = serializers.CharField(help_text="An owner without an account, by name.")
    due_date = serializers.DateField(allow_null=True)
    overdue = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Action.Status.choices)
    dropped_reason = serializers.CharField()
    target_level = serializers.IntegerField(allow_null=True)
    assessment = serializers.UUIDField(
        source="assessment.code",
        allow_null=True,
        default=None,
        help_text="The assessment whose plan holds it now (open actions move to follow-ups).",
    )
    created_from = serializers.UUIDField(source="created_from.code", allow_null=True, default=None)
    created_by = serializers.EmailField(source="created_by.email", allow_null=True, default=None)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField(help_text="Send it back with a change.")

    def get_overdue(self, action: Action) -> bool:
        return action.is_overdue()


class _ActionFields(serializers.Serializer):
    """Shape only; the plan's form checks the values against the bank."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(allow_blank=True, max_length=4000)
    dimension = serializers.CharField(max_length=80)
    question_keys = serializers.ListField(child=serializers.CharField(max_length=80), max_length=50)
    owner = serializers.EmailField(allow_null=True, help_text="A member's email, or null.")
    owner_name = serializers.CharField(allow_blank=True, max_length=150)
    due_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=Action.Status.choices)
    dropped_reason = serializers.CharField(allow_blank=True, max_length=500)
    target_level = serializers.IntegerField(allow_null=True, min_value=0, max_value=4)


class ActionCreateSerializer(_ActionFields):
    assessment = serializers.UUIDField(
        required=False,
        help_text="The assessment whose plan it joins; the newest one not archived when left out.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("description", "question_keys", "owner", "owner_name", "due_date",
                     "status", "dropped_reason", "target_level"):  # fmt: skip
            self.fields[name].required = False


class ActionUpdateSerializer(_ActionFields):
    version = serializers.IntegerField(min_value=1, help_text="The version you read.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = name == "version"


class ActionRevisionSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    user = serializers.EmailField(source="user.email", allow_null=True, default=None)
    old = serializers.DictField(allow_null=True)
    new = serializers.DictField()
    reason = serializers.CharField()


Conflict = inline_serializer(
    "ActionConflict",
    {
        "detail": serializers.CharField(),
        "code": serializers.CharField(),
        "current": ActionSerializer(),
    },
)
_LIST_FILTERS = [
    OpenApiParameter("assessment", OpenApiTypes.UUID, description="On this assessment's plan."),
    OpenApiParameter("area", str, description="Practice area key."),
    OpenApiParameter("owner", OpenApiTypes.EMAIL, description="Owned by this member."),
    OpenApiParameter(
        "status", str, enum=STATUS_FILTERS, description="A status, or open / overdue."
    ),
]


def _actions(membership: Membership):
    return Action.objects.filter(organization=membership.organization).select_related(
        "owner", "assessment", "created_from", "created_by"
    )


@operation(
    methods=["GET"],
    operation_id="actions_list",
    summary="Actions of an organization's plan",
    response=paged(ActionSerializer),
    parameters=_LIST_FILTERS,
    extra={400: OpenApiResponse(ValidationFailed, description="An unknown filter value.")},
)
@operation(
    methods=["POST"],
    operation_id="action_create",
    summary="Add an action to an assessment's plan",
    request=ActionCreateSerializer,
    response=ActionSerializer,
    permission="can_facilitate",
    write=True,
    status=201,
)
@api_view(["GET", "POST"])
def actions(request: Request, slug: str) -> Response:
    if request.method == "POST":
        return _create(request, slug)
    membership = api_membership(request, slug)
    selected = _filtered(_actions(membership), request.query_params)
    pages = Pages()
    page = pages.paginate_queryset(selected.order_by("due_date", "created_at", "id"), request)
    return pages.get_paginated_response(ActionSerializer(page, many=True).data)


class _Filters(serializers.Serializer):
    assessment = serializers.UUIDField(required=False)
    area = serializers.CharField(required=False, max_length=80)
    owner = serializers.EmailField(required=False)
    status = serializers.ChoiceField(choices=STATUS_FILTERS, required=False)


def _filtered(selected, params):
    given = _Filters(data=params)
    given.is_valid(raise_exception=True)
    chosen = given.validated_data
    if "assessment" in chosen:
        selected = selected.filter(assessment__code=chosen["assessment"])
    if "area" in chosen:
        selected = selected.filter(dimension=chosen["area"])
    if "owner" in chosen:
        selected = selected.filter(owner__email=chosen["owner"].lower())
    status = chosen.get("status")
    if status in ("open", "overdue"):
        selected = selected.filter(status__in=Action.OPEN)
        if status == "overdue":
            selected = selected.filter(due_date__lt=timezone.localdate())
    elif status:
        selected = selected.filter(status=status)
    return selected


def _create(request: Request, slug: str) -> Response:
    membership = api_membership(request, slug, require=can_facilitate)
    given = ActionCreateSerializer(data=request.data)
    given.is_valid(raise_exception=True)
    data = given.validated_data
    assessment = _assessment(membership, data.pop("assessment", None))
    members = _members(membership)
    form = ActionForm(
        _form_data({"status": Action.Status.TODO, **data}, members),
        framework=assessment.framework.parsed,
        areas=assessment.areas,
        members=members,
    )
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    action = services.action_create(
        organization=membership.organization,
        assessment=assessment,
        user=request.user,
        **form.changes(),
    )
    return Response(ActionSerializer(_actions(membership).get(pk=action.pk)).data, status=201)


def _assessment(membership: Membership, code) -> Assessment:
    assessments = membership.organization.assessments.select_related("framework").defer(
        "framework__document"
    )
    if code is None:
        found = assessments.filter(archived_at__isnull=True).order_by("-created_at").first()
        if found is None:
            raise ValidationError({"assessment": ["The organization has no assessment yet."]})
        return found
    found = assessments.filter(code=code).first()
    if found is None:
        raise ValidationError({"assessment": ["No such assessment in this organization."]})
    return found


def _members(membership: Membership) -> list[Membership]:
    return list(
        Membership.objects.filter(organization=membership.organization).select_related("user")
    )


def _form_data(data: dict, members: list[Membership]) -> dict:
    """API values as the plan's form reads them (an owner by email -> their membership)."""
    form = {k: v for k, v in data.items() if v is not None and k != "owner"}
    if data.get("owner"):
        email = data["owner"].lower()
        member = next((m for m in members if m.user.email == email), None)
        if member is None:
            raise ValidationError({"owner": ["No member of this organization has that email."]})
        form["owner"] = str(member.code)
    if data.get("target_level") is not None:
        form["target_level"] = str(data["target_level"])
    return form


@operation(
    methods=["GET"], operation_id="action_read", summary="One action", response=ActionSerializer
)
@operation(
    methods=["PATCH"],
    operation_id="action_update",
    summary="Change an action",
    description=(
        "Send the version you read and the fields to change. Facilitators and owners change "
        "anything; a participant only the status, dropped_reason, description and due_date of "
        "actions they own. If someone saved in between, nothing is written and the reply is "
        "409 with the current action."
    ),
    request=ActionUpdateSerializer,
    response=ActionSerializer,
    permission="can_update_action",
    write=True,
    extra={409: OpenApiResponse(Conflict, description="Changed by someone else since read.")},
)
@api_view(["GET", "PATCH"])
def action(request: Request, slug: str, action_code) -> Response:
    membership = api_membership(request, slug)
    action = action_of_organization(membership, action_code)
    if request.method == "GET":
        return Response(ActionSerializer(action).data)
    if not action.can_update(membership):
        raise PermissionDenied
    given = ActionUpdateSerializer(data=request.data)
    given.is_valid(raise_exception=True)
    data = dict(given.validated_data)
    version = data.pop("version")
    limited = not membership.can_facilitate
    if limited and set(data) - set(OWNER_FIELDS):
        raise PermissionDenied(
            "A participant changes only the status, dropped_reason, description and due_date "
            "of the actions they own."
        )
    members = _members(membership)
    current = initial_values(action, members)
    current["owner"] = next(
        (m.user.email for m in members if str(m.code) == current["owner"]), None
    )
    assessment = action.assessment or action.created_from
    if assessment is None:
        raise Http404
    form = ActionForm(
        _form_data({**current, **data}, members),
        framework=assessment.framework.parsed,
        areas=assessment.areas,
        members=members,
        limited=limited,
    )
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    outcome = services.action_update(
        action=action, user=request.user, version=version, **form.changes()
    )
    fresh = _actions(membership).get(pk=action.pk)
    if outcome.conflict:
        body = {
            "detail": "Someone else changed this action since you read it; nothing was saved.",
            "code": "conflict",
            "current": ActionSerializer(fresh).data,
        }
        return Response(body, status=409)
    return Response(ActionSerializer(fresh).data)


@operation(
    operation_id="action_revisions_list",
    summary="Changes of one action, newest first",
    response=paged(ActionRevisionSerializer),
)
@api_view(["GET"])
def action_revisions(request: Request, slug: str, action_code) -> Response:
    membership = api_membership(request, slug)
    action = action_of_organization(membership, action_code)
    revisions = ActionRevision.objects.filter(action=action).select_related("user")
    pages = Pages()
    page = pages.paginate_queryset(revisions.order_by("-at", "-id"), request)
    return pages.get_paginated_response(ActionRevisionSerializer(page, many=True).data)
