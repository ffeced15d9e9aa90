from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: rows are written by `record` alone and never changed or deleted."""

    list_display = ["pk", "at", "actor_label", "action", "object_type", "from_state", "to_state"]
    list_filter = ["action"]
    search_fields = ["actor_label", "reason"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
