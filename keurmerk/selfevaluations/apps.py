from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfEvaluationsConfig(AppConfig):
    name = "keurmerk.selfevaluations"
    label = "selfevaluations"
    verbose_name = _("Zelfevaluaties")
