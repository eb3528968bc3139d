"""A NUL byte in a URL is a 404 before any view runs.

PostgreSQL cannot store or compare text containing NUL, so a NUL in a path
parameter (`/invite/%00/`) or a query value would reach a query and answer
500. No URL of ours ever holds one. Form values are the forms' business:
Django's text fields refuse NUL with a form error.
"""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path_info:
        return True
    return any(
        "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
    )


class RejectNulBytesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            raise Http404("No page has a NUL byte in its address.")
        return self.get_response(request)
