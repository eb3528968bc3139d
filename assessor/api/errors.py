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
        data = response.data if isinstance(response.data, dict) else {"detail": response.data}
        fields = dict(_flatten(data))
        response.data = {
            "detail": "The request has invalid fields.",
            "code": "invalid",
            "fields": fields,
        }
    elif isinstance(response.data, dict) and "detail" in response.data:
        detail = response.data["detail"]
        response.data = {"detail": str(detail), "code": getattr(detail, "code", "error")}
    return response


def _flatten(errors, prefix: str = ""):
    """("field", ["message", ...]) pairs; nested fields as "targets.ci_cd"."""
    for name, value in errors.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            yield from _flatten(value, f"{key}.")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for n, item in enumerate(value):
                yield from _flatten(item, f"{key}.{n}.")
        else:
            yield key, [str(v) for v in (value if isinstance(value, list) else [value])]


def form_errors(form) -> dict[str, list[str]]:
    """A Django form's errors in the API's shape (the pages' forms hold the rules)."""
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}
