from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "keurmerk.meetings"
    label = "meetings"
    verbose_name = _("Dialoogbijeenkomsten")

    def ready(self):
        # Drafts written at a meeting before the self-evaluation started go into it when it starts.
        from keurmerk.selfevaluations.services import on_self_evaluation_start

        from .services import pending_drafts_apply

        on_self_evaluation_start(pending_drafts_apply)
