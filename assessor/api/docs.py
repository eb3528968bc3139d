"""Schema annotations shared by the resource modules."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers

Error = inline_serializer(
    "Error",
    {"detail": serializers.CharField(), "code": serializers.CharField()},
)
ValidationFailed = inline_serializer(
    "ValidationFailed",
    {
        "detail": serializers.CharField(),
        "code": serializers.CharField(),
        "fields": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text='Messages per field; nested fields as "targets.ci_cd".',
        ),
    },
)

_COMMON = {
    401: OpenApiResponse(Error, description="No token, or an expired or revoked one."),
    404: OpenApiResponse(Error, description="Not found, or another organization's."),
    429: OpenApiResponse(Error, description="Rate limit of the token reached."),
}
_WRITE = {
    400: OpenApiResponse(ValidationFailed, description="Invalid fields; nothing was written."),
    403: OpenApiResponse(Error, description="Read-only token, or the role may not do this."),
}

# Which role an operation needs (the names of accounts/access.py); the API
# tests read it from the schema to know what each persona should get.
PERMISSION_KEY = "x-required-permission"
# Docs page sections, by the start of the operation id.
_TAGS = {
    "organization": "Organizations",
    "members": "Organizations",
    "assessment": "Assessments",
    "answer": "Answers",
    "results": "Results",
    "report": "Reports",
    "action": "Plan",
}


def operation(
    *,
    summary: str,
    response,
    permission: str = "member",
    request=None,
    write: bool = False,
    extra: dict | None = None,
    **kwargs,
):
    responses = {**_COMMON, **(_WRITE if write else {}), **(extra or {})}
    responses[kwargs.pop("status", 200)] = response
    operation_id = kwargs["operation_id"]
    tag = next(t for prefix, t in _TAGS.items() if operation_id.startswith(prefix))
    return extend_schema(
        tags=[tag],
        summary=summary,
        request=request,
        responses=responses,
        extensions={PERMISSION_KEY: permission},
        **kwargs,
    )


def paged(serializer_class):
    """The schema of a page of `serializer_class` (see pagination.Pages)."""
    name = serializer_class.__name__.removesuffix("Serializer")
    return inline_serializer(
        f"{name}Page",
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )
