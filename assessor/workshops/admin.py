from django.contrib import admin

from assessor.workshops.models import Round, Workshop


class RoundInline(admin.TabularInline):
    model = Round
    fields = ["question_key", "state", "votes_version", "consensus_state", "consensus_level",
              "provenance", "decided_by"]  # fmt: skip
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    """Read-only: workshops are run from the facilitator board; the admin is
    for an operator looking into what happened."""

    list_display = ["join_code", "assessment", "status", "created_at", "closed_at"]
    list_filter = ["status"]
    search_fields = ["join_code", "assessment__title"]
    readonly_fields = ["code", "assessment", "join_code", "status", "current_key", "version",
                       "created_by", "created_at", "closed_at"]  # fmt: skip
    inlines = [RoundInline]

    def has_add_permission(self, request) -> bool:
        return False
