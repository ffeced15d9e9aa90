from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "keurmerk.consultations"
    label = "consultations"
    verbose_name = _("Consultaties")

    def ready(self):
        from keurmerk.frameworks import hooks

        from . import changes

        hooks.comments_behind_changes.register(changes.comments_behind_changes)
        hooks.consultation_scores.register(changes.consultation_scores)
