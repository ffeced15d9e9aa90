from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Project-wide commands (demo data, translations) that belong to no single domain."""

    name = "keurmerk.core"
    label = "core"
