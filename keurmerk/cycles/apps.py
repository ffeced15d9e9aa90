from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "keurmerk.cycles"
    label = "cycles"
    verbose_name = _("Keurmerkprocessen")

    def ready(self):
        # The organisation pages ask who holds the mark; the rule lives here (cycles.selectors).
        from keurmerk.organisations import hooks

        from . import selectors

        hooks.holder_ids.register(selectors.holder_ids)
        hooks.network_predicates.register(selectors.network_predicates)
