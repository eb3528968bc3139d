"""NUL bytes from the client stop here, before any of them reaches a query.

PostgreSQL cannot store or compare text containing NUL, so a NUL in a path
parameter (`/invite/%00/`), a query value or a cookie (a quoted cookie spells
it `\\000`; the session cookie is looked up in the database) would answer
500. No URL of ours holds one: such a URL is a 404. A cookie holding one is
dropped, as if it had not been sent. Form values are the forms' business:
Django's text fields refuse NUL with a form error.
"""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse


def _url_has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path_info:
        return True
    return any(
        "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
    )


def _drop_cookies_with_nul(request: HttpRequest) -> None:
    for name in [n for n, v in request.COOKIES.items() if "\x00" in n or "\x00" in v]:
        del request.COOKIES[name]


class RejectNulBytesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _url_has_nul(request):
            raise Http404("No page has a NUL byte in its address.")
        _drop_cookies_with_nul(request)
        return self.get_response(request)
