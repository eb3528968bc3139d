from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access, language, mfa, services, sso
from accounts.audit.models import Kind
from accounts.audit.recording import record
from accounts.forms import (
    InvitationForm,
    InvitedSignupForm,
    OrganizationForm,
    ProfileForm,
    RoleForm,
)
from accounts.models import Invitation, Membership, User
from assessor.branding.emails import email_context

CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"


class SiteLoginView(auth_views.LoginView):
    """Django's LoginView, with three additions: the site is named SITE_NAME
    (not the request's host and port), the single sign-on button when one is
    configured, and the code step after a correct password for accounts with
    two-factor (accounts/mfa.py)."""

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "site_name": settings.SITE_NAME,
            "sso_enabled": sso.enabled(),
            "sso_provider": sso.provider_name(),
        }

    def form_valid(self, form):
        user = form.get_user()
        if not mfa.has_two_factor(user):
            return super().form_valid(form)
        mfa.begin_code_step(
            self.request,
            user,
            backend=user.backend,
            next_url=self.get_success_url(),
        )
        return redirect("accounts:login_code")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organization")
        .order_by("organization__name")
    )
    ctx = {"memberships": memberships, "today": timezone.localdate()}
    return render(request, "accounts/dashboard.html", ctx)


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = services.organization_create(
            owner=request.user,
            name=data.pop("name"),
            **data,
        )
        messages.success(request, _("%(name)s created. You are its owner.") % {"name": org.name})
        return redirect("accounts:organization", org.slug)
    return render(request, "accounts/organization_form.html", {"form": form})


@login_required
def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.membership_for_user(request.user, slug)
    org = membership.organization
    # Headline figures are stored on each assessment: no scoring per row.
    everything = list(org.assessments.select_related("framework").defer("framework__document"))
    show_archived = request.GET.get("archived") == "1"
    archived = [a for a in everything if a.is_archived]
    ctx = {
        "membership": membership,
        "org": org,
        "member_count": org.memberships.count(),
        "assessments": archived if show_archived else [a for a in everything if not a.is_archived],
        "all_count": len(everything),
        "archived_count": len(archived),
        "show_archived": show_archived,
        "has_completed": any(a.is_completed for a in everything),
        "review_due": org.review_due,
        "deletions": org.deletions.select_related("user")[:5],
    }
    return render(request, "accounts/organization.html", ctx)


@login_required
def organization_edit(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.membership_for_user(
        request.user, slug, require=access.can_edit_organization
    )
    org = membership.organization
    form = OrganizationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Organization details saved."))
        return redirect("accounts:organization", org.slug)
    return render(
        request,
        "accounts/organization_form.html",
        {"form": form, "org": org, "membership": membership},
    )


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.membership_for_user(request.user, slug)
    org = membership.organization
    invite_form = InvitationForm(request.POST or None)
    new_invitation, emailed = None, False
    if request.method == "POST":
        if not membership.can_manage_members:
            raise PermissionDenied
        if invite_form.is_valid():
            try:
                new_invitation = services.invitation_create(
                    organization=org,
                    email=invite_form.cleaned_data["email"],
                    role=invite_form.cleaned_data["role"],
                    invited_by=request.user,
                )
            except services.InvitationError as e:
                invite_form.add_error("email", str(e))
            else:
                emailed = _send_invitation(request, new_invitation)
                record(
                    Kind.INVITATION_SENT,
                    request=request,
                    organization=org,
                    target=new_invitation.email,
                    target_code=new_invitation.code,
                    detail={"role": new_invitation.role, "emailed": emailed},
                )
                invite_form = InvitationForm()
    pending = (
        org.invitations.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        if membership.can_manage_members
        else []
    )
    ctx = {
        "membership": membership,
        "org": org,
        "members": org.memberships.select_related("user").order_by("user__email"),
        "roles": Membership.Role.choices,
        "invite_form": invite_form,
        "pending": pending,
        "new_invitation": new_invitation,
        "emailed": emailed,
    }
    return render(request, "accounts/members.html", ctx)


def _send_invitation(request: HttpRequest, invitation: Invitation) -> bool:
    """Email the link; True only when a mail server took the message (the
    console backend of an installation without EMAIL_HOST sends nothing)."""
    if settings.EMAIL_BACKEND == CONSOLE_EMAIL:
        return False
    link = request.build_absolute_uri(invitation.get_absolute_url())
    # In the organization's brand (co-branding), else the installation's; in
    # the language of the invited person's account, else the installation's.
    brand = email_context(invitation.organization)
    invited = User.objects.filter(email__iexact=invitation.email).first()
    with translation.override(language.language_for(invited)):
        words = {
            "inviter": request.user.display_name,
            "name": invitation.organization.name,
            "role": invitation.get_role_display(),
            "site_name": brand["site_name"],
            "date": date_format(invitation.expires_at, "DATE_FORMAT"),
        }
        subject = _("%(inviter)s invites you to %(name)s") % words
        body = "\n\n".join(
            [
                _("%(inviter)s invites you to join %(name)s as %(role)s in %(site_name)s.") % words,
                _("Accept the invitation: %(link)s") % {"link": link},
                _("The link works once and expires on %(date)s.") % words,
                brand["signature"],
            ]
        )
    sent = send_mail(
        subject=subject,
        message=body,
        from_email=brand["from_email"],
        recipient_list=[invitation.email],
        fail_silently=True,  # the inviter also gets the link on screen to copy
    )
    return sent == 1


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, code) -> HttpResponse:
    own = access.membership_for_user(request.user, slug, require=access.can_manage_members)
    target = access.member_of_organization(own, code)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the listed roles."))
    else:
        old_role, new_role = target.role, form.cleaned_data["role"]
        try:
            services.membership_change_role(membership=target, role=new_role)
        except services.LastOwnerError as e:
            messages.error(request, str(e))
        else:
            if new_role != old_role:
                record(
                    Kind.ROLE_CHANGED,
                    request=request,
                    organization=own.organization,
                    target=target.user.email,
                    target_code=target.code,
                    detail={"from": old_role, "to": new_role},
                )
            messages.success(
                request,
                _("%(person)s is now %(role)s.")
                % {"person": target.user.display_name, "role": Membership.Role(new_role).label},
            )
    return redirect("accounts:members", slug)


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, slug: str, code) -> HttpResponse:
    """GET asks first ("Leave Acme?"); POST removes."""
    own = access.membership_for_user(request.user, slug)
    target = access.member_of_organization(own, code)
    leaving = target.pk == own.pk
    if not (leaving or own.can_manage_members):
        raise PermissionDenied
    if request.method == "GET":
        ctx = {"membership": own, "org": own.organization, "target": target, "leaving": leaving}
        return render(request, "accounts/member_remove.html", ctx)
    try:
        services.membership_remove(membership=target)
    except services.LastOwnerError as e:
        messages.error(request, str(e))
        return redirect("accounts:members", slug)
    record(
        Kind.MEMBER_LEFT if leaving else Kind.MEMBER_REMOVED,
        request=request,
        organization=own.organization,
        target=target.user.email,
        target_code=target.code,
        detail={"role": target.role},
    )
    if leaving:
        messages.success(request, _("You left %(name)s.") % {"name": own.organization.name})
        return redirect("accounts:dashboard")
    messages.success(request, _("%(person)s was removed.") % {"person": target.user.display_name})
    return redirect("accounts:members", slug)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, code) -> HttpResponse:
    own = access.membership_for_user(request.user, slug, require=access.can_manage_members)
    invitation = access.invitation_of_organization(own, code)
    if invitation.is_pending:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record(
            Kind.INVITATION_REVOKED,
            request=request,
            organization=own.organization,
            target=invitation.email,
            target_code=invitation.code,
            detail={"role": invitation.role},
        )
        messages.success(
            request, _("The invitation of %(email)s was withdrawn.") % {"email": invitation.email}
        )
    return redirect("accounts:members", slug)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Your own name, as others see it on answers, votes and reports, and
    whether you get the weekly reminder email."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        language.remember(request, user.language)
        # Said in the language the next page will be in.
        with translation.override(user.language or translation.get_language()):
            messages.success(request, _("Your profile is saved."))
        response = redirect("accounts:profile")
        if user.language:
            language.set_cookie(response, user.language)
        else:  # back to the browser's language: forget the switcher's choice too
            response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
        return response
    return render(request, "accounts/profile.html", {"form": form})


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("organization"), token=token)
    ctx: dict = {"invitation": invitation, "problem": invitation.problem()}
    if ctx["problem"]:
        return render(request, "accounts/invitation.html", ctx, status=410)

    if request.user.is_authenticated:
        if not invitation.matches(request.user.email):
            ctx["problem"] = _(
                "This invitation was sent to %(invited)s, but you are signed in as "
                "%(email)s. Sign out and open the link again."
            ) % {"invited": invitation.email, "email": request.user.email}
            return render(request, "accounts/invitation.html", ctx, status=403)
        if request.method == "POST":
            try:
                membership = services.invitation_accept(invitation=invitation, user=request.user)
            except services.InvitationError as e:
                ctx["problem"] = str(e)
                return render(request, "accounts/invitation.html", ctx, status=410)
            return _welcome(request, membership)
        return render(request, "accounts/invitation.html", ctx)

    if User.objects.filter(email__iexact=invitation.email).exists():
        ctx["needs_login"] = True
        return render(request, "accounts/invitation.html", ctx)

    form = InvitedSignupForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=invitation.email,
                    password=form.cleaned_data["password1"],
                    full_name=form.cleaned_data["full_name"],
                )
                membership = services.invitation_accept(invitation=invitation, user=user)
        except services.InvitationError as e:
            ctx["problem"] = str(e)
            return render(request, "accounts/invitation.html", ctx, status=410)
        except IntegrityError:
            ctx["problem"] = _("An account with this email was created meanwhile. Please sign in.")
            return render(request, "accounts/invitation.html", ctx, status=409)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return _welcome(request, membership)
    ctx["form"] = form
    return render(request, "accounts/invitation.html", ctx)


def _welcome(request: HttpRequest, membership: Membership) -> HttpResponse:
    """After an invitation was accepted, by a new account or a signed-in one."""
    record(
        Kind.INVITATION_ACCEPTED,
        request=request,
        actor=membership.user,
        organization=membership.organization,
        target=membership.user.email,
        target_code=membership.code,
        detail={"role": membership.role},
    )
    messages.success(request, _("Welcome to %(name)s.") % {"name": membership.organization.name})
    return redirect("accounts:organization", membership.organization.slug)
