from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "keurmerk.cycles"
    label = "cycles"
    verbose_name = _("Keurmerkprocessen")

    def ready(self):
        # The organisation pages ask who holds the mark; the rule lives here (cycles.calendar).
        from keurmerk.organisations import hooks

        from . import calendar

        hooks.holder_ids.register(calendar.holder_ids)
        hooks.network_predicates.register(calendar.network_predicates)
        hooks.years_held.register(calendar.years_held)
