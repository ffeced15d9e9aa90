from django.contrib import admin

from .models import Cycle, Participation


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["year", "framework", "application_opens", "selfevaluation_closes", "final_report_due"]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    """Read-only: states change only through the services (staff pages: extension, override)."""

    list_display = ["organisation", "cycle", "state", "signed_at"]
    list_filter = ["cycle", "state"]
    search_fields = ["organisation__name", "organisation__kvk"]
    list_select_related = ["organisation", "cycle"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
