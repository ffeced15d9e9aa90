from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class KeurmerkUserAdmin(UserAdmin):
    list_display = ["email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    # Roles, not Django's groups and permissions: their two-list widget and the split date fields
    # of the default form do not pass axe, and the site never reads them.
    fieldsets = (
        (None, {"fields": ["username", "password"]}),
        (_("Persoonsgegevens"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Rol en toegang"), {"fields": ["role", "is_active", "is_staff", "is_superuser"]}),
        (_("Belangrijke data"), {"fields": ["last_login", "date_joined"]}),
    )
    readonly_fields = ["last_login", "date_joined"]
