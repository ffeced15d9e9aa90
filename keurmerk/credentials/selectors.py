"""Reads for the credentials: a certificate by its code, and which status-list places are revoked.

A place is revoked exactly while its participation is withdrawn and the withdrawal has taken
effect (`cycles.calendar.withdrawal_takes_effect`: the cycle's 1 April, or the day of a later
decision). Until then the provider still holds the mark, and the credential says so as the
register and the verification page do ("geldig tot en met 31 maart"). The withdrawal step
(`assessments.services.participation_withdraw`) changes the state; an award after an upheld
complaint or objection (`participation_award`) changes it back; nothing is copied, and the status
list, computed on every request, turns on the day itself.
"""

import datetime

from keurmerk.assessments.models import Certificate
from keurmerk.cycles.calendar import withdrawal_takes_effect
from keurmerk.cycles.models import State
from keurmerk.lib.dates import local_today


def certificate_by_code(code: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("participation__organisation", "participation__cycle__framework")
        .filter(code=code.strip().upper(), status_list_index__isnull=False)
        .first()
    )


def revoked_indexes(on: datetime.date | None = None) -> list[int]:
    """The status-list places revoked on `on` (default today), in order."""
    on = on or local_today()
    rows = (
        Certificate.objects.filter(participation__state=State.WITHDRAWN, status_list_index__isnull=False)
        .order_by("status_list_index")
        .values_list(
            "status_list_index",
            "participation__state_changed_at",
            "participation__cycle__withdrawal_effective",
        )
    )
    return [index for index, decided, effective in rows if on >= withdrawal_takes_effect(decided, effective)]
