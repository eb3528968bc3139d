"""Errors as JSON the same way everywhere: {"detail": ...} plus per-field lists.

DRF already turns Http404 and PermissionDenied from the shared access
helpers into 404 and 403; this adds a stable "code" to every error.
"""

from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = response.data if isinstance(response.data, dict) else {"detail": response.data}
        response.data = {
            "detail": "The request has invalid fields.",
            "code": "invalid",
            "fields": fields,
        }
    elif isinstance(response.data, dict) and "detail" in response.data:
        detail = response.data["detail"]
        response.data = {"detail": str(detail), "code": getattr(detail, "code", "error")}
    return response
