"""Organizations the token's user belongs to, and their members (read only)."""

from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Membership
from assessor.api.access import api_membership
from assessor.api.docs import operation, paged
from assessor.api.pagination import Pages


class OrganizationSerializer(serializers.Serializer):
    """An organization, seen through the caller's membership of it."""

    slug = serializers.SlugField(source="organization.slug")
    name = serializers.CharField(source="organization.name")
    industry = serializers.CharField(source="organization.industry")
    size = serializers.CharField(source="organization.size")
    regulated = serializers.BooleanField(source="organization.regulated")
    next_review = serializers.DateField(source="organization.next_review", allow_null=True)
    role = serializers.CharField(help_text="Your role in this organization.")


class MemberSerializer(serializers.Serializer):
    code = serializers.UUIDField()
    email = serializers.EmailField(source="user.email")
    name = serializers.CharField(source="user.full_name")
    role = serializers.CharField()
    joined_at = serializers.DateTimeField(source="created_at")


@operation(
    operation_id="organizations_list",
    summary="Your organizations",
    response=paged(OrganizationSerializer),
)
@api_view(["GET"])
def organization_list(request: Request) -> Response:
    memberships = Membership.objects.filter(user=request.user).select_related("organization")
    pages = Pages()
    page = pages.paginate_queryset(memberships.order_by("organization__name"), request)
    return pages.get_paginated_response(OrganizationSerializer(page, many=True).data)


@operation(
    operation_id="organization_read", summary="One organization", response=OrganizationSerializer
)
@api_view(["GET"])
def organization_detail(request: Request, slug: str) -> Response:
    return Response(OrganizationSerializer(api_membership(request, slug)).data)


@operation(
    operation_id="members_list",
    summary="Members of an organization",
    response=paged(MemberSerializer),
)
@api_view(["GET"])
def member_list(request: Request, slug: str) -> Response:
    own = api_membership(request, slug)
    members = Membership.objects.filter(organization=own.organization).select_related("user")
    pages = Pages()
    page = pages.paginate_queryset(members.order_by("user__email"), request)
    return pages.get_paginated_response(MemberSerializer(page, many=True).data)
