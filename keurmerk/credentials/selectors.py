"""Reads for the credentials: a certificate by its code, and which status-list places are revoked.

A place is revoked exactly while its participation is withdrawn: the withdrawal step
(`assessments.services.participation_withdraw`) sets it by changing the state, and an award after
an upheld complaint or objection (`participation_award`) clears it the same way; nothing is copied.
"""

from keurmerk.assessments.models import Certificate
from keurmerk.cycles.models import State


def certificate_by_code(code: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("participation__organisation", "participation__cycle__framework")
        .filter(code=code.strip().upper(), status_list_index__isnull=False)
        .first()
    )


def revoked_indexes() -> list[int]:
    return list(
        Certificate.objects.filter(participation__state=State.WITHDRAWN, status_list_index__isnull=False)
        .order_by("status_list_index")
        .values_list("status_list_index", flat=True)
    )


def is_revoked(certificate: Certificate) -> bool:
    return certificate.participation.state == State.WITHDRAWN
