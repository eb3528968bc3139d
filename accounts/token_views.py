"""Personal access tokens on the account page, and an owner's view of the
tokens that reached their organization."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import access, mfa, tokens
from accounts.audit.models import Kind
from accounts.audit.recording import record
from accounts.forms import TokenForm
from accounts.models import AccessToken, AccessTokenUse, Organization

# The session key holding a new token's secret between the POST and the page
# that shows it.
SECRET_SESSION_KEY = "new_token"  # noqa: S105 - a session key, not a secret


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    if mfa.must_verify_for_tokens(request):
        return mfa.verification_redirect(request, reverse("accounts:tokens"))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, secret = tokens.token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_at=form.expires_at(),
        )
        record(
            Kind.TOKEN_CREATED,
            request=request,
            target=f"{token.name} (…{token.hint})",
            target_code=token.code,
            detail={
                "scope": token.scope,
                "expires": token.expires_at.date().isoformat() if token.expires_at else "never",
            },
        )
        # Post/redirect/get, so reloading the page cannot make a second token.
        # The secret rides in the session for exactly one page view.
        request.session[SECRET_SESSION_KEY] = secret
        return redirect("accounts:tokens")
    ctx = {
        "form": form,
        "new_secret": request.session.pop(SECRET_SESSION_KEY, None),
        "tokens": request.user.tokens.prefetch_related("organizations"),
    }
    return render(request, "accounts/tokens.html", ctx)


@login_required
@require_POST
def token_revoke(request: HttpRequest, code) -> HttpResponse:
    try:
        token = request.user.tokens.get(code=code)
    except (AccessToken.DoesNotExist, ValueError):
        raise Http404 from None
    if tokens.token_revoke(token=token, by=request.user):
        # In every organization it reached, for each one's owners to see
        # (once, without one, when it reached none).
        for organization in list(token.organizations.all()) or [None]:
            _record_revocation(request, token, organization)
    token.refresh_from_db()
    if request.htmx:
        return render(request, "accounts/tokens.html#token-row", {"token": token})
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


@login_required
def organization_tokens(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.membership_for_user(request.user, slug, require=access.can_manage_members)
    ctx = {
        "membership": membership,
        "org": membership.organization,
        "uses": tokens.tokens_used_on(membership.organization),
    }
    return render(request, "accounts/organization_tokens.html", ctx)


@login_required
@require_POST
def organization_token_revoke(request: HttpRequest, slug: str, code) -> HttpResponse:
    membership = access.membership_for_user(request.user, slug, require=access.can_manage_members)
    try:
        use = AccessTokenUse.objects.select_related("token__user").get(
            token__code=code, organization=membership.organization
        )
    except (AccessTokenUse.DoesNotExist, ValueError):
        raise Http404 from None
    if tokens.token_revoke(token=use.token, by=request.user):
        _record_revocation(request, use.token, membership.organization)
    use.token.refresh_from_db()
    ctx = {"org": membership.organization, "use": use}
    if request.htmx:
        return render(request, "accounts/organization_tokens.html#use-row", ctx)
    messages.success(
        request,
        _("Token “%(name)s” of %(person)s revoked.")
        % {"name": use.token.name, "person": use.token.user},
    )
    return redirect("accounts:organization_tokens", slug)


def _record_revocation(
    request: HttpRequest, token: AccessToken, organization: Organization | None
) -> None:
    record(
        Kind.TOKEN_REVOKED,
        request=request,
        organization=organization,
        target=f"{token.name} (…{token.hint})",
        target_code=token.code,
        detail={"owner": token.user.email},
    )
