"""Every entry of the installation, for staff, read-only: the admin can
neither add, change nor delete one (the model and the database refuse too)."""

from django.contrib import admin

from accounts.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "actor_email", "address", "organization_name", "target"]
    list_filter = ["kind"]
    search_fields = ["actor_email", "organization_name", "target", "address"]
    date_hierarchy = "at"
    readonly_fields = [
        "at", "kind", "actor_email", "address", "organization_name", "target", "target_code",
        "detail", "code",
    ]  # fmt: skip
    fields = readonly_fields
    list_per_page = 100
    show_full_result_count = False  # a count of a long log costs more than the page

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
