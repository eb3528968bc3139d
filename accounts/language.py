"""Which language a person reads the site in.

Django's LocaleMiddleware picks the language of the switcher's cookie, else
the browser's Accept-Language. A signed-in person's own choice (profile page
or header switcher, stored on the user) wins over both, on every device they
sign in on. Views may still override it for a page of their own, e.g. an
assessment shown in the assessment's language (translation.override).
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

# The signed-in user's stored language, copied into the session so that
# applying it costs no query: a room of phones polling a workshop must not
# ask the database who each of them is (tests/workshops/test_workshop_live_cache.py).
# "" when the user follows the browser.
SESSION_LANGUAGE = "_user_language"


def supported(code: str | None) -> bool:
    return code in dict(settings.LANGUAGES)


def language_for(user) -> str:
    """The language of what we send `user` (an email): their own choice,
    else the installation's. `user` may be None (an address without an account)."""
    language = getattr(user, "language", "")
    return language if supported(language) else settings.LANGUAGE_CODE


def remember(request: HttpRequest, language: str) -> None:
    """The user's stored language changed: pages follow it from the next request."""
    request.session[SESSION_LANGUAGE] = language


def set_cookie(response: HttpResponse, language: str) -> None:
    """The cookie LocaleMiddleware reads, as Django's set_language sets it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@receiver(user_logged_in, dispatch_uid="language-at-sign-in")
def _language_at_sign_in(sender, request, user, **kwargs):
    # Copied into the session at sign-in, when the user is loaded anyway: the
    # middleware then reads it without a query or a session write per page.
    if request is not None and hasattr(request, "session"):
        remember(request, user.language)


class UserLanguageMiddleware:
    """After AuthenticationMiddleware and LocaleMiddleware: activates the
    signed-in user's stored language, if they chose one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self._stored_language(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)

    @staticmethod
    def _stored_language(request: HttpRequest) -> str:
        # No session cookie, no signed-in user: leave the session unread
        # (reading it would add `Vary: Cookie` to public responses).
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return ""
        session = request.session
        if SESSION_KEY not in session:
            return ""
        language = session.get(SESSION_LANGUAGE)
        if language is None:  # a session from before this was kept: one query, then kept
            user = request.user
            language = user.language if user.is_authenticated else ""
            session[SESSION_LANGUAGE] = language
        return language if supported(language) else ""


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (the cookie, then back to `next`); for a
    signed-in user the choice is also kept on the account."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and supported(language):
        if user.language != language:
            user.language = language
            user.save(update_fields=["language"])
        remember(request, language)
    return response
