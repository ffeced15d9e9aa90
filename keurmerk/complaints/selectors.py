"""Reads of the complaints pages: the staff list with objections and deadlines (the steps a
user may take are `states.steps_for`)."""

from dataclasses import dataclass

from .access import complaints_queryset
from .models import Complaint, ComplaintStatus, Objection, ObjectionStatus

OPEN = (ComplaintStatus.FILED, ComplaintStatus.IN_PROCESSING, ComplaintStatus.INFO_REQUESTED)
SHOW_OPEN, SHOW_OVERDUE = "open", "verlopen"


@dataclass(frozen=True)
class ComplaintRow:
    complaint: Complaint
    objection: Objection | None
    take_in_late: bool
    decision_late: bool

    @property
    def overdue(self) -> bool:
        return self.take_in_late or self.decision_late

    @property
    def is_open(self) -> bool:
        """Still running: the complaint is undecided, or an objection against it awaits a decision."""
        pending_objection = self.objection is not None and self.objection.status == ObjectionStatus.LODGED
        return self.complaint.status in OPEN or pending_objection


def objection_of(complaint: Complaint) -> Objection | None:
    return getattr(complaint, "objection", None)


def staff_rows(*, now, show: str = "") -> list[ComplaintRow]:
    """Every complaint with its objection and overdue deadlines, overdue first, then by filing date;
    `show` is "open" (complaint or objection running), "verlopen" (a deadline passed) or all."""
    rows = [
        ComplaintRow(c, objection_of(c), c.take_in_overdue(now), c.decision_overdue(now))
        for c in complaints_queryset().select_related("objection")
    ]
    if show == SHOW_OPEN:
        rows = [r for r in rows if r.is_open]
    elif show == SHOW_OVERDUE:
        rows = [r for r in rows if r.overdue]
    return sorted(rows, key=lambda r: (not r.overdue, r.complaint.filed_at))
