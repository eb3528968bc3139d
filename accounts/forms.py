from datetime import timedelta

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import AccessToken, Membership, Organization, User, normalize_email


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self) -> str:
        # django-axes counts failures per the username handed to authenticate():
        # every spelling of one address must count against the same account.
        return normalize_email(self.cleaned_data["username"])

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        from accounts import sso

        if sso.password_sign_in_refused(user):
            raise forms.ValidationError(
                gettext("This account signs in with %(provider)s: use the button below.")
                % {"provider": sso.provider_name()},
                code="sso_only",
            )


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "industry", "size", "regulated", "next_review"]
        widgets = {"next_review": forms.DateInput(attrs={"type": "date"})}
        labels = {
            "name": _("Organization name"),
            "industry": _("Industry"),
            "regulated": _("Regulated industry"),
        }


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.PARTICIPANT
    )


class ProfileForm(forms.ModelForm):
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        # Blank first: until a person picks one, the browser's language applies.
        choices=[("", _("The browser's language")), *User._meta.get_field("language").choices],
        help_text=_("The language of these pages and of the emails we send you."),
    )

    class Meta:
        model = User
        fields = ["full_name", "language", "email_digests"]
        labels = {
            "full_name": _("Your name"),
            "email_digests": _("Send me the weekly reminder email"),
        }
        help_texts = {
            "full_name": _(
                "Shown beside your answers, votes and in reports. "
                "Leave it empty to show your email address."
            ),
            "email_digests": _(
                "On Mondays, when there is something to say: your actions due "
                "within two weeks or overdue, evidence you keep current that has expired, and "
                "reviews of organizations you facilitate that are due."
            ),
        }


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class InvitedSignupForm(forms.Form):
    """Create the account an invitation was sent to; the email is fixed."""

    full_name = forms.CharField(max_length=150, label=_("Your name"))
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", gettext("The two passwords differ."))
        elif p1:
            user = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as e:
                self.add_error("password1", e)
        return cleaned


class TokenForm(forms.Form):
    EXPIRY_CHOICES = [
        ("30", _("30 days")),
        ("90", _("90 days")),
        ("365", _("1 year")),
        ("", _("Never")),
    ]

    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What it is for, e.g. “Grafana dashboard of the platform team”."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=AccessToken.Scope.choices,
        initial=AccessToken.Scope.READ,
        help_text=_(
            "Read-write tokens can change answers, start and complete assessments "
            "and request reports, within your role."
        ),
    )
    expires = forms.ChoiceField(
        label=_("Expires"), choices=EXPIRY_CHOICES, initial="90", required=False
    )

    def expires_at(self):
        days = self.cleaned_data.get("expires")
        return timezone.now() + timedelta(days=int(days)) if days else None


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=8,
        help_text=_("The six digits the app shows now for this account."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class ReauthForm(forms.Form):
    """Proof that the person at the keyboard is the account's owner before a
    two-factor change: the password, or for an account without one (signed
    in through SSO), a code from the app."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            del self.fields["code"]
            self.fields["password"].required = True
        else:
            del self.fields["password"]
            self.fields["code"].required = True


class OrganizationTwoFactorForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["require_mfa"]
        labels = {"require_mfa": _("Require two-factor sign-in of every member")}
