"""The participations' history, read from the audit log.

The audit log is moving to its own app (`keurmerk/audit/`); this module is the API's only use of
it, so that the import line below is the only thing to change when it does.
"""

import datetime

from keurmerk.audit.models import AuditEvent


def participation_steps_after(since: datetime.datetime) -> list[dict]:
    """Every state change of a participation after `since`, oldest first, as plain values:
    at, from_state, to_state, organisation_id, year, withdrawal_effective."""
    rows = (
        AuditEvent.objects.filter(at__gt=since, participation__isnull=False)
        .exclude(to_state="")
        .order_by("at", "pk")
        .values(
            "at",
            "from_state",
            "to_state",
            "participation__organisation_id",
            "participation__cycle__year",
            "participation__cycle__withdrawal_effective",
        )
    )
    return [
        {
            "at": row["at"],
            "from_state": row["from_state"],
            "to_state": row["to_state"],
            "organisation_id": row["participation__organisation_id"],
            "year": row["participation__cycle__year"],
            "withdrawal_effective": row["participation__cycle__withdrawal_effective"],
        }
        for row in rows
    ]


SUBCONTRACT_ACTIONS = {"subcontract_added": True, "subcontract_removed": False}


def subcontract_steps_after(since: datetime.datetime) -> list[dict]:
    """Every subcontract a network added or removed after `since`, oldest first: at, network_id,
    subcontractor_id, added."""
    rows = (
        AuditEvent.objects.filter(at__gt=since, action__in=list(SUBCONTRACT_ACTIONS))
        .order_by("at", "pk")
        .values("at", "action", "organisation_id", "data")
    )
    return [
        {
            "at": row["at"],
            "network_id": row["organisation_id"],
            "subcontractor_id": row["data"]["subcontractor"],
            "added": SUBCONTRACT_ACTIONS[row["action"]],
        }
        for row in rows
        if row["organisation_id"] and (row["data"] or {}).get("subcontractor")
    ]
