"""Staff pages of the yearly cycle: cycles, participations overview and export, agreement text,
extensions and overrides with a reason, and each participation's full history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keurmerk.accounts.access import require_staff
from keurmerk.accounts.models import Role
from keurmerk.lib.dates import local_today
from keurmerk.lib.exports import export_response

from . import services
from .access import get_cycle_for_staff, get_participation_for_staff
from .forms import AgreementForm, CycleForm, ExtensionForm, OverrideForm, ParticipationFilterForm
from .models import Cycle
from .selectors import participations_for_staff, state_counts

PAGE_SIZE = 100


def cycle_create(request):
    user = require_staff(request, Role.ADMINISTRATOR)
    latest = Cycle.objects.order_by("-year").values_list("year", flat=True).first()
    year = latest + 1 if latest else local_today().year + 1
    form = CycleForm(request.POST or None, initial={"year": year, **services.handbook_dates(year)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        dates = {k: v for k, v in data.items() if k not in ("year", "framework")}
        try:
            cycle = services.cycle_create(
                user=user, year=data["year"], framework=data["framework"], dates=dates
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Keurmerkproces %(year)s aangemaakt.") % {"year": cycle.year})
            return redirect("staff:cycle", cycle.year)
    return render(request, "staff/cycle_form.html", {"form": form})


def _filtered(request, cycle):
    form = ParticipationFilterForm(request.GET or None)
    state = search = None
    if form.is_valid():
        state, search = form.cleaned_data["state"] or None, form.cleaned_data["q"] or None
    return form, participations_for_staff(cycle, state=state, search=search)


def cycle_detail(request, year):
    cycle = get_cycle_for_staff(request, year)
    form, participations = _filtered(request, cycle)
    page = Paginator(participations, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {
        "cycle": cycle,
        "counts": state_counts(cycle),
        "filter_form": form,
        "page": page,
        "query": request.GET.urlencode(),
    }
    return render(request, "staff/cycle_detail.html", context)


EXPORT_HEADERS = [
    "organisatie",
    "kvk",
    "agb",
    "soort",
    "status",
    "keurmerkdrager vorig jaar",
    "getekend op",
    "ondertekenaar",
    "functie",
]


def cycle_export(request, year, fmt):
    cycle = get_cycle_for_staff(request, year)
    _form, participations = _filtered(request, cycle)
    rows = (
        [
            p.organisation.name,
            p.organisation.kvk,
            p.organisation.agb,
            p.organisation.get_type_display(),
            p.get_state_display(),
            "ja" if p.is_returning else "nee",
            p.signed_at,
            p.signer_name,
            p.signer_role,
        ]
        for p in participations.iterator(chunk_size=1000)
    )
    return export_response(headers=EXPORT_HEADERS, rows=rows, filename=f"deelnames-{year}", fmt=fmt)


def agreement_edit(request, year):
    cycle = get_cycle_for_staff(request, year, write=True)
    current = cycle.agreement_versions.first()
    form = AgreementForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        version = services.agreement_update(cycle=cycle, user=request.user, text=form.cleaned_data["text"])
        messages.success(
            request, _("Versie %(v)s van de overeenkomst is opgeslagen.") % {"v": version.version}
        )
        return redirect("staff:cycle", cycle.year)
    versions = cycle.agreement_versions.select_related("created_by")
    return render(request, "staff/agreement_form.html", {"cycle": cycle, "form": form, "versions": versions})


@require_POST
def offer(request, year):
    cycle = get_cycle_for_staff(request, year, write=True)
    offered = services.offer_to_holders(cycle=cycle, actor=request.user)
    messages.success(
        request, _("%(n)s keurmerkdragers kregen de overeenkomst aangeboden.") % {"n": len(offered)}
    )
    return redirect("staff:cycle", cycle.year)


def participation_detail(request, pk):
    participation = get_participation_for_staff(request, pk)
    context = {
        "participation": participation,
        "history": participation.audit_events.select_related("actor").order_by("pk"),
        "extension_form": ExtensionForm(),
        "override_form": OverrideForm(initial={"to_state": participation.state}),
        "can_write": request.user.role == Role.ADMINISTRATOR,
    }
    return render(request, "staff/participation_detail.html", context)


def _staff_action(request, pk, form_class, action, success):
    participation = get_participation_for_staff(request, pk, write=True)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(participation=participation, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, success)
    else:
        problems = "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items())
        messages.error(request, _("Controleer de invoer. %(problems)s") % {"problems": problems})
    return redirect("staff:participation", participation.pk)


@require_POST
def extension(request, pk):
    return _staff_action(
        request, pk, ExtensionForm, services.participation_grant_extension, _("De verlenging is vastgelegd.")
    )


@require_POST
def override(request, pk):
    return _staff_action(
        request,
        pk,
        OverrideForm,
        services.participation_override,
        _("De status is overschreven; de reden staat in de geschiedenis."),
    )
