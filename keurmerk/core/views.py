"""Pages above the domain apps: the dashboards (the public home, the staff dashboard `/staf/`, the
insurer's home) bring together what every app has, so they live here and no domain app imports
another one for them; and the health check for the load balancer, which belongs to no domain app."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from keurmerk.accounts.access import require_staff
from keurmerk.cycles.models import Cycle
from keurmerk.lib.dates import local_today
from keurmerk.lib.exports import export_response

from . import dashboards
from .access import require_insurer_home
from .forms import InsurerFilterForm, ItemsFilterForm

log = logging.getLogger(__name__)


def public_home(request):
    return render(request, "core/public_home.html", dashboards.public_home())


def staff_home(request):
    user = require_staff(request)
    cycles = Cycle.objects.select_related("framework").order_by("-year")
    context = {"cycles": cycles, "dashboard": dashboards.staff_dashboard(user)}
    return render(request, "staff/home.html", context)


def staff_items(request):
    """The list behind a number of the staff dashboard (`?soort=…&wanneer=verlopen|binnenkort`)."""
    user = require_staff(request)
    form = ItemsFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "core/staff_items.html", {"form": form, "items": None}, status=400)
    kind, when = form.cleaned_data["soort"], form.cleaned_data["wanneer"]
    items = dashboards.filtered_items(user, kind, when)
    context = {
        "form": form,
        "items": items,
        "kind_label": dashboards.KIND_LABELS[kind],
        "overdue": when == dashboards.OVERDUE,
    }
    return render(request, "core/staff_items.html", context)


def _insurer_filters(request):
    """(form, year, since) of the insurer's home; bad input falls back to the defaults."""
    form = InsurerFilterForm(request.GET or None, years=dashboards.purchasing_years())
    valid = form.is_valid()
    year = (form.cleaned_data.get("jaar") if valid else None) or dashboards.default_purchasing_year()
    since = form.cleaned_data.get("sinds") if valid else None
    return form, year, since


def insurer_home(request):
    """The insurer's home: the purchasing year's holders, the changes since a date, the mirror."""
    require_insurer_home(request)
    form, year, since = _insurer_filters(request)
    context = {
        "form": form,
        "year": year,
        "holders": dashboards.insurer_holders(year),
        "since": since,
        "changes": dashboards.insurer_changes(since) if since else None,
        "mirror": dashboards.insurer_mirror(),
        "today": local_today(),
    }
    return render(request, "core/insurer_home.html", context, status=400 if form.errors else 200)


HOLDER_HEADERS = [
    "AGB-code",
    "KvK-nummer",
    "naam",
    "jaar",
    "geldig vanaf",
    "geldig tot en met",
    "certificaatcode",
    "predicaat Netwerk Keurmerk",
]


def _holder_row(entry):
    organisation = entry.organisation
    return [
        organisation.agb,
        organisation.kvk,
        organisation.name,
        entry.year,
        entry.valid_from,
        entry.valid_until,
        entry.certificate_code,
        _("ja") if entry.network_predicate else _("nee"),
    ]


def insurer_export(request, fmt):
    """The purchasing year's holders as CSV or XLSX in Dutch spreadsheet formats."""
    require_insurer_home(request)
    _form, year, _since = _insurer_filters(request)
    rows = (_holder_row(holder) for holder in dashboards.insurer_holders(year))
    return export_response(headers=HOLDER_HEADERS, rows=rows, filename=f"keurmerkdragers-{year}", fmt=fmt)


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
