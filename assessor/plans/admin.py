from django.contrib import admin

from assessor.plans.models import Action, ActionRevision


class RevisionInline(admin.TabularInline):
    model = ActionRevision
    fields = ["at", "user", "old", "new", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    """Read-only: actions are managed on the plan page, where every change is
    recorded; the admin is for an operator looking into what happened."""

    list_display = ["title", "organization", "dimension", "status", "due_date", "owner",
                    "owner_name", "assessment"]  # fmt: skip
    list_filter = ["status"]
    search_fields = ["title", "organization__name", "owner__email", "owner_name"]
    readonly_fields = [f.name for f in Action._meta.fields]
    inlines = [RevisionInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
