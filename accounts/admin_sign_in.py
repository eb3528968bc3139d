"""The admin's sign-in is the site's own.

Django's admin ships its own password form, which would sign a staff account
in without the two-factor code step of accounts/mfa.py, and with it into the
whole site. Its login view sends people to the site's sign-in instead.
"""

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


def admin_sign_in(request: HttpRequest, extra_context=None) -> HttpResponse:
    if request.user.is_authenticated:
        # Signed in but not staff (staff would have got the admin page): the
        # site's sign-in would send them straight back here.
        raise PermissionDenied("Signed in without staff rights.")
    return redirect_to_login(
        request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index"),
        reverse("accounts:login"),
    )
