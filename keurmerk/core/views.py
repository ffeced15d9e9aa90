"""Pages above the domain apps: the staff dashboard (`/staf/`) brings together what every app has
for the scheme owner's staff, so it lives here and no domain app imports another one for it; and
the health check for the load balancer."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from keurmerk.accounts.access import require_staff
from keurmerk.complaints.access import complaints_queryset
from keurmerk.complaints.services import OPEN
from keurmerk.cycles.models import Cycle

log = logging.getLogger(__name__)


def staff_home(request):
    require_staff(request)
    cycles = Cycle.objects.select_related("framework").order_by("-year")
    return render(request, "staff/home.html", {"cycles": cycles, "overdue": overdue_complaints()})


def overdue_complaints():
    """Complaints whose taking-in or decision deadline has passed: they stand out on the dashboard."""
    now = timezone.now()
    open_ = complaints_queryset().filter(status__in=OPEN)
    return [c for c in open_ if c.take_in_overdue(now) or c.decision_overdue(now)]


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: 200 when this worker can query the database, 503 when it cannot.

    Public on purpose (no sign-in, no data): it names no version, host or error detail."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        log.exception("Health check: the database does not answer")
        return JsonResponse({"status": "fout", "database": "fout"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
