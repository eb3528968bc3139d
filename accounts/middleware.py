"""What a signed-in person sees is theirs alone: no cache keeps it."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PRIVATE = "private, no-store"


class PrivatePagesMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user.

    Pages, fragments, CSV/JSON exports and PDF downloads carry one
    organization's data; without this a browser (or a proxy) could keep a
    report after sign-out for the next person at the same machine. Replaces
    whatever a view set, so no view can opt out by accident.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.get("Cache-Control") == PRIVATE:
            # Already what we would set (a workshop poll says so itself):
            # asking who the user is would load the session and the user,
            # two reads a thousand polling phones should not pay for.
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = PRIVATE
        return response


class TwoFactorRequiredMiddleware:
    """An organization whose owner requires two-factor shows its pages only
    to sessions that passed it (accounts/mfa.py).

    Every organization page has the organization's slug in its URL, so the
    rule is kept here once rather than in each view. A member without an
    authenticator app is sent to set one up; one who has it but signed in
    before setting it up, to enter a code. API requests with a token are
    checked by the API's access helpers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        from accounts import mfa
        from accounts.access import remember_membership

        slug = view_kwargs.get("slug")
        user = getattr(request, "user", None)
        if not slug or user is None or not user.is_authenticated:
            return None
        # The view's own access check asks for the same membership: read it
        # once for both (a non-member is refused by the view, not here).
        membership = remember_membership(user, slug)
        if membership is None or not membership.organization.require_mfa:
            return None
        if mfa.session_verified(request):
            return None
        return mfa.required_response(request, slug)
