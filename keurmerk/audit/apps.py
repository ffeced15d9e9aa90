from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The append-only, keyed hash-chained audit log and its vocabulary of actions.

    It sits just above `lib` and `accounts`: every domain app writes to it, it imports none of them.
    Its rows point at organisations and participations by model label (a foreign key declared as a
    string), so the only link upwards is in the schema, never an import.
    """

    name = "keurmerk.audit"
    label = "audit"
    verbose_name = _("Auditlog")
