from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import language, mfa_views, sso_views, token_views, views
from accounts.forms import EmailAuthenticationForm
from accounts.password_reset import LimitedPasswordResetView

app_name = "accounts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path(
        "login/",
        views.SiteLoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=EmailAuthenticationForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("login/code/", mfa_views.login_code, name="login_code"),
    path("login/sso/", sso_views.SsoStartView.as_view(), name="sso_start"),
    path("login/sso/callback/", sso_views.SsoCallbackView.as_view(), name="sso_callback"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", language.set_language, name="set_language"),
    path("account/two-factor/", mfa_views.two_factor, name="two_factor"),
    path(
        "account/two-factor/recovery-codes/",
        mfa_views.two_factor_recovery,
        name="two_factor_recovery",
    ),
    path("account/two-factor/disable/", mfa_views.two_factor_disable, name="two_factor_disable"),
    path("profile/", views.profile, name="profile"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        LimitedPasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            extra_email_context={"site_name": settings.SITE_NAME},
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("orgs/new/", views.organization_create, name="organization_create"),
    path("orgs/<slug:slug>/", views.organization_detail, name="organization"),
    path("orgs/<slug:slug>/edit/", views.organization_edit, name="organization_edit"),
    path("orgs/<slug:slug>/members/", views.members, name="members"),
    path(
        "orgs/<slug:slug>/two-factor/",
        mfa_views.organization_two_factor,
        name="organization_two_factor",
    ),
    path("orgs/<slug:slug>/members/<uuid:code>/role/", views.member_role, name="member_role"),
    path("orgs/<slug:slug>/members/<uuid:code>/remove/", views.member_remove, name="member_remove"),
    path(
        "orgs/<slug:slug>/invitations/<uuid:code>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("account/tokens/", token_views.token_list, name="tokens"),
    path("account/tokens/<uuid:code>/revoke/", token_views.token_revoke, name="token_revoke"),
    path("orgs/<slug:slug>/tokens/", token_views.organization_tokens, name="organization_tokens"),
    path(
        "orgs/<slug:slug>/tokens/<uuid:code>/revoke/",
        token_views.organization_token_revoke,
        name="organization_token_revoke",
    ),
    path("invite/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
