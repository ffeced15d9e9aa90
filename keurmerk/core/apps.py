from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What stands above the domain apps: `tick`, the staff dashboard, the demo data, translations;
    and the wiring of hooks between apps that must not import each other."""

    name = "keurmerk.core"
    label = "core"

    def ready(self):
        # Self-evaluations offer indicator values from the mirror report (mirror sits beside them).
        from keurmerk.mirror.selectors import indicator_value
        from keurmerk.selfevaluations import hooks

        hooks.indicator_value.register(indicator_value)
