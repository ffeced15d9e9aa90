from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "keurmerk.assessments"
    label = "assessments"
    verbose_name = _("Beoordelingen")

    def ready(self):
        from . import states  # noqa: F401  (registers what awarding and withdrawing bring)
