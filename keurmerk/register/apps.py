from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    name = "keurmerk.register"
    label = "register"
    verbose_name = _("Keurmerkregister")

    def ready(self):
        # The cached register follows the audit log: every step of the scheme writes one row, so
        # the steps that change the register need not know that it is cached (payload.py). The
        # receiver changes no state of the scheme; it only drops a cache generation.
        from django.db.models.signals import post_save

        from keurmerk.audit.models import AuditEvent

        from .payload import invalidate_for

        def _audit_row_written(sender, instance, created, **kwargs):
            if created:
                invalidate_for(instance)

        post_save.connect(_audit_row_written, sender=AuditEvent, dispatch_uid="register-payload")
