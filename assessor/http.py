"""The request type of views that also serve htmx fragments, and when to serve one."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def wants_fragment(request: HtmxHttpRequest) -> bool:
    """htmx asks for a fragment, except when restoring history: that needs the page."""
    return bool(request.htmx) and not request.htmx.history_restore_request
