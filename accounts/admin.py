from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.audit.models import Kind
from accounts.audit.recording import record
from accounts.mfa import has_two_factor
from accounts.models import AccessToken, Invitation, Membership, Organization, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "industry", "size", "regulated", "next_review"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    readonly_fields = ["token"]


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    """Read-only: tokens are made on the account page, where the secret is shown once."""

    list_display = [
        "name",
        "user",
        "scope",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["scope"]
    search_fields = ["name", "user__email"]
    exclude = ["digest"]
    readonly_fields = [
        "user", "name", "scope", "hint", "created_at", "expires_at", "last_used_at",
        "revoked_at", "revoked_by",
    ]  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class AuditedTOTPDeviceAdmin(TOTPDeviceAdmin):
    """django-otp's admin of authenticator apps, where staff remove a lost
    phone's app: that turns the person's two-factor off, so the audit log
    records it as it does when they turn it off themselves, with the staff
    member as the actor."""

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _record_apps_removed(request, [obj])

    def delete_queryset(self, request, queryset):
        devices = list(queryset.select_related("user"))
        super().delete_queryset(request, queryset)
        _record_apps_removed(request, devices)


def _record_apps_removed(request, devices: list[TOTPDevice]) -> None:
    for user in {d.user for d in devices if d.confirmed}:
        if not has_two_factor(user):
            record(Kind.MFA_DISABLED, request=request, target=user.email)


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, AuditedTOTPDeviceAdmin)
