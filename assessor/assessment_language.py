"""Pages of an assessment speak the assessment's language, whoever reads them.

A workshop is run in the language of the room: the wizard, results, history,
manage page, reports list and the live workshop (board, projector, phones)
render their interface AND the bank's texts (Framework.parsed follows the
active language) in `Assessment.language`, not in the reader's own.

How: the URL patterns of those pages are wrapped once (`speaking`); while such
a view runs, the first assessment it loads through `speak` (assessment_for_user
calls it) switches the active language. Outside those views (the API, tasks,
other pages) `speak` changes nothing. After the view the reader's language is
active again, so nothing leaks into the next request on the thread.
"""

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern
from django.utils import translation

# The request of the assessment page being rendered (None outside one).
_PAGE: ContextVar[HttpRequest | None] = ContextVar("assessment_page", default=None)


def language_choices(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, name) for each configured language among `codes`, in settings order;
    each name in its own language ("Deutsch", "Français"), as a switcher shows it."""
    wanted = set(codes)
    return [(code, str(name)) for code, name in settings.LANGUAGES if code in wanted]


def in_assessment_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Render `view` in the language of the assessment it loads (see `speak`)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        reader = translation.get_language()
        token = _PAGE.set(request)
        try:
            response = view(request, *args, **kwargs)
            # A lazy TemplateResponse must render while the language is active.
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        finally:
            _PAGE.reset(token)
            translation.activate(reader)

    return wrapped


def speaking(urlpatterns: Iterable[URLPattern]) -> list[URLPattern]:
    """The same URL patterns, each view rendering in its assessment's language."""
    return [
        URLPattern(p.pattern, in_assessment_language(p.callback), p.default_args, p.name)
        for p in urlpatterns
    ]


def speak(assessment, language: str | None = None) -> None:
    """Make the current assessment page speak `assessment`'s language (or
    `language`, a participant's own choice). Does nothing outside such a page."""
    request = _PAGE.get()
    if request is None:
        return
    code = language or assessment.language
    translation.activate(code)
    request.LANGUAGE_CODE = translation.get_language()
    # The header's switcher changes the reader's language, which this page
    # does not follow: it shows the page's language instead of buttons.
    request.speaks_assessment_language = True
