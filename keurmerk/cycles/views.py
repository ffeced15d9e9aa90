"""Provider pages of the yearly cycle: the application form, home, agreement and signing,
preparation, calendar."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keurmerk.accounts.access import require_login
from keurmerk.accounts.models import STAFF_ROLES, Role
from keurmerk.lib.pdf import pdf_response
from keurmerk.organisations.access import get_organisation_for_member
from keurmerk.organisations.forms import AccountForm, LocationFormSet, OrganisationForm

from . import hooks, services
from .access import get_participation_for_member
from .calendar import application_cycle, current_cycle, timeline, upcoming_application_cycle
from .forms import SignForm
from .ics import cycle_ics
from .models import Cycle
from .selectors import applications_open_to, participations_of_user, start_card, today_marked
from .states import PARTICIPATION


def home(request):
    """The start page after signing in; each role gets its own."""
    user = require_login(request)
    if user.role in STAFF_ROLES:
        return redirect("staff:home")
    if user.role == Role.INSURER:
        return redirect("insurer:home")
    participations = list(participations_of_user(user))
    progress = hooks.start_progress(participations, user)
    cards = [start_card(p, user, progress=progress.get(p.pk)) for p in participations]
    cycle = participations[0].cycle if participations else current_cycle()
    context = {
        "cards": cards,
        "applications": applications_open_to(user),
        "organisations": user.memberships.select_related("organisation"),
        "cycle": cycle,
        "calendar": timeline(cycle) if cycle else [],
        "timeline": today_marked(timeline(cycle) if cycle else []),
        "notifications": user.notifications.all()[:5],
    }
    return render(request, "cycles/home.html", context)


@require_POST
def apply_again(request, pk):
    """A member applies with a known organisation for the cycle whose application window is open."""
    organisation = get_organisation_for_member(request, pk)
    cycle = application_cycle()
    if cycle is None:
        messages.error(request, _("De aanmeldperiode is gesloten."))
        return redirect("cycles:home")
    try:
        participation = services.participation_reapply(
            organisation=organisation, cycle=cycle, user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cycles:home")
    messages.success(request, _("Uw aanmelding is ontvangen. Onderteken nu de overeenkomst."))
    return redirect("cycles:agreement", participation.pk)


def _agreement_context(participation, form, user):
    version = participation.agreement_version or participation.cycle.agreement_versions.first()
    return {
        "participation": participation,
        "version": version,
        "sign": PARTICIPATION.availability("sign", participation, user),
        "form": form,
    }


def agreement(request, pk):
    participation = get_participation_for_member(request, pk)
    form = SignForm(initial={"signer_name": request.user.get_full_name()})
    return render(request, "cycles/agreement.html", _agreement_context(participation, form, request.user))


@require_POST
def agreement_sign(request, pk):
    participation = get_participation_for_member(request, pk)
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            services.participation_sign_agreement(
                participation=participation,
                user=request.user,
                signer_name=form.cleaned_data["signer_name"],
                signer_role=form.cleaned_data["signer_role"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De overeenkomst is ondertekend. U ontvangt een bevestiging."))
            return redirect("cycles:preparation", participation.pk)
    participation = get_participation_for_member(request, pk)
    context = _agreement_context(participation, form, request.user)
    return render(request, "cycles/agreement.html", context, status=400)


def agreement_pdf(request, pk):
    participation = get_participation_for_member(request, pk)
    if participation.signed_at is None:
        messages.error(request, _("Er is nog geen ondertekende overeenkomst."))
        return redirect("cycles:agreement", participation.pk)
    context = {"participation": participation, "version": participation.agreement_version}
    filename = f"overeenkomst-keurmerk-{participation.cycle.year}.pdf"
    return pdf_response("cycles/agreement_pdf.html", context, request, filename)


def preparation(request, pk):
    """Fase 2: after signing, tips to prepare and the Keurmerkwijzer at hand."""
    participation = get_participation_for_member(request, pk)
    framework = participation.cycle.framework
    return render(
        request,
        "cycles/preparation.html",
        {"participation": participation, "framework": framework, "norms": framework.norms.all()},
    )


def calendar_ics(request, year):
    """The cycle calendar as an iCalendar feed to subscribe to (the dates are public)."""
    cycle = get_object_or_404(Cycle, year=year)
    response = HttpResponse(cycle_ics(cycle), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="keurmerk-{year}.ics"'
    return response


def _add_errors(forms, exc):
    """Put a service's field errors on the form that has the field."""
    if not hasattr(exc, "error_dict"):
        forms[0].add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        target = next((f for f in forms if field in f.fields), forms[0])
        target.add_error(field if field in target.fields else None, errors)


def apply(request):
    """The digital application form for new providers (handbook Fase 1, step 1). Public. An
    organisation that is already known applies from its member's start page (the page says so)."""
    cycle = application_cycle()
    if cycle is None:
        return render(request, "organisations/apply_closed.html", {"upcoming": upcoming_application_cycle()})
    forms = [
        OrganisationForm(request.POST or None, prefix="org"),
        AccountForm(request.POST or None, prefix="acc"),
    ]
    locations = LocationFormSet(request.POST or None, prefix="loc")
    if request.method == "POST" and all(f.is_valid() for f in forms) and locations.is_valid():
        try:
            services.participation_apply(
                cycle=cycle,
                organisation=forms[0].cleaned_data,
                locations=locations.locations,
                account=forms[1].account(),
            )
        except ValidationError as exc:
            _add_errors(forms, exc)
        else:  # the same answer whether or not the address already had an account
            return redirect("organisations:apply_received")
    context = {"cycle": cycle, "org_form": forms[0], "account_form": forms[1], "locations": locations}
    return render(request, "organisations/apply.html", context)
