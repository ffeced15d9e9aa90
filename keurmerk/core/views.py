"""Pages above the domain apps: the staff dashboard (`/staf/`) brings together what every app has
for the scheme owner's staff, so it lives here and no domain app imports another one for it."""

from django.shortcuts import render
from django.utils import timezone

from keurmerk.accounts.access import require_staff
from keurmerk.complaints.access import complaints_queryset
from keurmerk.complaints.services import OPEN
from keurmerk.cycles.models import Cycle


def staff_home(request):
    require_staff(request)
    cycles = Cycle.objects.select_related("framework").order_by("-year")
    return render(request, "staff/home.html", {"cycles": cycles, "overdue": overdue_complaints()})


def overdue_complaints():
    """Complaints whose taking-in or decision deadline has passed: they stand out on the dashboard."""
    now = timezone.now()
    open_ = complaints_queryset().filter(status__in=OPEN)
    return [c for c in open_ if c.take_in_overdue(now) or c.decision_overdue(now)]
