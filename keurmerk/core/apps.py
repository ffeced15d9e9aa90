from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_table(*, app_config, using="default", **kwargs):
    """The shared database cache (settings: CACHES) needs its table; `migrate` creates it, so no
    deployment step can forget it. Does nothing when the table exists or the cache is Redis."""
    from django.core.management import call_command

    if app_config.label == "sessions":  # post_migrate fires per app; once per migrate is enough
        call_command("createcachetable", database=using, verbosity=0)


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
        # The provider's start page shows the steps and the self-evaluation's progress per norm.
        from keurmerk.cycles import hooks as cycle_hooks

        from .dashboards import provider_progress

        cycle_hooks.start_progress.register(provider_progress)
        # The API serves the staff dashboard's figures (core stands above the API).
        from keurmerk.api import hooks as api_hooks

        from .dashboards import staff_dashboard

        api_hooks.staff_dashboard.register(staff_dashboard)
        post_migrate.connect(create_cache_table, dispatch_uid="keurmerk_create_cache_table")
