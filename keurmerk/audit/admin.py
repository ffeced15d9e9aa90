from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .actions import Action
from .models import AuditEvent


class ActionFilter(admin.SimpleListFilter):
    """Filter on the action by its Dutch label (the column stores the frozen code)."""

    title = _("wat")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return Action.choices

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: rows are written by `record` alone and never changed or deleted."""

    list_display = ["pk", "at", "actor_label", "action_display", "object_type", "from_state", "to_state"]
    list_filter = [ActionFilter]
    search_fields = ["actor_label", "reason"]

    @admin.display(description=_("wat"), ordering="action")
    def action_display(self, obj):
        return obj.action_label

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
