"""Public pages: the register, holder pages, CSV and JSON downloads, certificate verification."""

import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from keurmerk.lib.exports import export_response
from keurmerk.organisations.models import OrganisationType

from . import hooks, payload
from .selectors import FIELDS, holder_entry, register_entries, verify_certificate


def _entries(request):
    return register_entries(
        search=request.GET.get("q", "").strip() or None,
        kind=request.GET.get("soort") if request.GET.get("soort") in OrganisationType.values else None,
        network_only=request.GET.get("predicaat") == "1",
    )


def _filtered(request):
    return any(request.GET.get(name) for name in ("q", "soort", "predicaat"))


def _table(entries):
    return render_to_string("register/_table.html", {"entries": entries})


def register_list(request):
    """The register; unfiltered (its usual form) from the cached payload, filtered from the database."""
    if _filtered(request):
        table = _table(_entries(request))
    else:
        table = payload.cached("table", lambda: _table(register_entries()))
    context = {
        "table": table,
        "q": request.GET.get("q", ""),
        "kinds": OrganisationType.choices,
        "kind": request.GET.get("soort", ""),
        "network_only": request.GET.get("predicaat") == "1",
        "query": request.GET.urlencode(),
    }
    return render(request, "register/list.html", context)


def register_csv(request):
    rows = ([e.as_dict()[f] for f in FIELDS] for e in _entries(request))
    response = export_response(headers=FIELDS, rows=rows, filename="keurmerkregister", fmt="csv")
    response["Content-Disposition"] = 'inline; filename="keurmerkregister.csv"'
    return response


def _json(entries):
    data = {"fields": FIELDS, "holders": [e.as_dict() for e in entries]}
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)


def register_json(request):
    """The open data; unfiltered from the cached payload (the same bytes until the register changes)."""
    if _filtered(request):
        body = _json(_entries(request))
    else:
        body = payload.cached("json", lambda: _json(register_entries()))
    return HttpResponse(body, content_type="application/json")


def holder_detail(request, agb):
    entry = holder_entry(agb)
    if entry is None:
        raise Http404("Geen keurmerkdrager")
    return render(request, "register/holder.html", {"entry": entry, "reports": public_reports(entry)})


def public_reports(entry):
    """The holder's published final report of the year, when the assessment module has one."""
    try:
        from keurmerk.assessments.selectors import public_report_for
    except ImportError:
        return None
    return public_report_for(entry.organisation.pk, entry.year)


# A verification code is letters, digits and dashes (ABCD-EFGH-JKLM-NPQR); anything else, such as a
# slash that no URL can carry, is unknown without asking the database.
CODE_RE = re.compile(r"[A-Za-z0-9-]{1,40}", re.ASCII)


def verify(request, code=None):
    code = code or request.GET.get("code", "").strip()
    if not code:
        return render(request, "register/verify.html", {"paste_form": True})
    known_shape = CODE_RE.fullmatch(code) is not None
    if request.GET.get("code") and known_shape:
        return redirect("register:verify_code", code=code.upper())
    status, certificate = verify_certificate(code) if known_shape else (None, None)
    context = {
        "code": code,
        "status": status,
        "certificate": certificate,
        "check": _check(request, certificate),
    }
    return render(request, "register/verify.html", context, status=404 if certificate is None else 200)


def _check(request, certificate):
    """The digital certificate checked as anyone would (credentials app, through the hook)."""
    return None if certificate is None else hooks.digital_check(request, certificate)
