from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "keurmerk.accounts"
    label = "accounts"
    verbose_name = _("Gebruikers")


class KeurmerkAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "keurmerk.accounts.admin_site.KeurmerkAdminSite"
