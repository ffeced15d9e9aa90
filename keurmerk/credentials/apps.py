from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "keurmerk.credentials"
    label = "credentials"
    verbose_name = _("Digitale certificaten")

    def ready(self):
        # The register's verification page shows the digital check; the register imports nothing of ours.
        from keurmerk.register import hooks

        from .verification import check_certificate

        hooks.digital_check.register(check_certificate)
