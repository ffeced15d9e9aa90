"""Consultation pages: staff pages for rounds and results, and the invitee's page behind a token.

Each view: access helper → form → service → redirect (or the page again with the errors).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from keurmerk.lib.exports import export_response
from keurmerk.lib.pdf import pdf_response

from . import services
from .access import (
    can_manage,
    get_comment_for_staff,
    get_invitee_for_token,
    get_round_for_staff,
    require_consultation_staff,
)
from .changes import change_labels
from .exports import report_workbook_response
from .forms import (
    AdoptForm,
    DispositionForm,
    InviteeForm,
    InviteeImportForm,
    ResponseForm,
    RoundCreateForm,
    RoundForm,
    response_initial,
)
from .models import RoundState
from .selectors import (
    invitees_with_status,
    response_answers,
    response_overview,
    response_version,
    round_norms,
    round_results,
    rounds_overview,
)
from .states import flags as round_flags


def _posted(request):
    """The posted data, or None for a GET, so that an empty POST still shows what is missing."""
    return request.POST if request.method == "POST" else None


def _attempt(form, step):
    """Run a service step; when the state refuses it, its message becomes a form error."""
    try:
        return step()
    except services.ConsultationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return None


def _round_url(consultation_round, name="round"):
    return reverse(f"consultations:{name}", args=[consultation_round.pk])


# --- Rounds -------------------------------------------------------------------------------------


def round_list(request):
    user = require_consultation_staff(request)
    context = {"rounds": rounds_overview(), "can_manage": can_manage(user)}
    return render(request, "consultations/round_list.html", context)


def round_create(request):
    user = require_consultation_staff(request, write=True)
    form = RoundCreateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = _attempt(
            form,
            lambda: services.round_open(
                framework=data["framework"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                introduction=data["introduction"],
                user=user,
            ),
        )
        if created:
            messages.success(request, _("De consultatieronde is geopend. Voeg nu de genodigden toe."))
            return redirect(_round_url(created))
    return render(request, "consultations/round_form.html", {"form": form, "consultation_round": None})


def round_detail(request, pk):
    consultation_round = get_round_for_staff(request, pk)
    invitees = list(invitees_with_status(consultation_round))
    submitted = sum(1 for i in invitees if hasattr(i, "response") and i.response.is_submitted)
    context = {
        "consultation_round": consultation_round,
        "invitees": invitees,
        "submitted": submitted,
        "can_manage": can_manage(request.user),
        "round": round_flags(consultation_round, request.user),
    }
    return render(request, "consultations/round_detail.html", context)


def round_edit(request, pk):
    consultation_round = get_round_for_staff(request, pk, write=True)
    initial = {k: getattr(consultation_round, k) for k in ("opens_on", "closes_on", "introduction")}
    form = RoundForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: services.round_update(
                consultation_round=consultation_round, user=request.user, **form.cleaned_data
            ),
        )
        if done:
            messages.success(request, _("De consultatieronde is gewijzigd."))
            return redirect(_round_url(consultation_round))
    context = {"form": form, "consultation_round": consultation_round}
    return render(request, "consultations/round_form.html", context)


def round_close(request, pk):
    """GET: what closing now means (invitees can no longer respond); POST from that page: close."""
    consultation_round = get_round_for_staff(request, pk, write=True)
    if request.method != "POST":
        return render(request, "consultations/round_close.html", {"consultation_round": consultation_round})
    try:
        services.round_close(consultation_round=consultation_round, user=request.user)
        messages.success(request, _("De consultatieronde is gesloten; reacties zijn nu alleen te lezen."))
    except services.ConsultationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_round_url(consultation_round))


def round_adopt(request, pk):
    """GET: the date form; a valid POST: what adopting means, to confirm; POST from there: adopt."""
    consultation_round = get_round_for_staff(request, pk, write=True)
    form = AdoptForm(_posted(request))
    context = {"form": form, "consultation_round": consultation_round}
    if request.method == "POST" and form.is_valid() and not form.cleaned_data["confirmed"]:
        return render(request, "consultations/round_adopt_confirm.html", context)
    if request.method == "POST" and form.is_valid():
        done = _attempt(
            form,
            lambda: services.round_adopt(
                consultation_round=consultation_round,
                adopted_on=form.cleaned_data["adopted_on"],
                user=request.user,
            ),
        )
        if done:
            messages.success(request, _("De vaststelling is vastgelegd; het normenkader is vastgesteld."))
            return redirect(_round_url(consultation_round))
    return render(request, "consultations/round_adopt.html", context)


# --- Invitees -----------------------------------------------------------------------------------


def _invited_message(request, result):
    text = _("%(added)s genodigden toegevoegd; zij krijgen een e-mail met hun persoonlijke link.") % {
        "added": len(result.added)
    }
    if result.skipped:
        text += " " + _("%(skipped)s adressen waren al uitgenodigd en zijn overgeslagen.") % {
            "skipped": len(result.skipped)
        }
    messages.success(request, text)


def invitee_import(request, pk):
    consultation_round = get_round_for_staff(request, pk, write=True)
    form = InviteeImportForm(_posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = _attempt(
            form,
            lambda: services.invitees_add(
                consultation_round=consultation_round, rows=form.cleaned_data["rows"], user=request.user
            ),
        )
        if result:
            _invited_message(request, result)
            return redirect(_round_url(consultation_round))
    context = {"form": form, "consultation_round": consultation_round}
    return render(request, "consultations/invitee_import.html", context)


def invitee_add(request, pk):
    consultation_round = get_round_for_staff(request, pk, write=True)
    form = InviteeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        result = _attempt(
            form,
            lambda: services.invitees_add(
                consultation_round=consultation_round, rows=[form.row()], user=request.user
            ),
        )
        if result:
            _invited_message(request, result)
            return redirect(_round_url(consultation_round))
    context = {"form": form, "consultation_round": consultation_round}
    return render(request, "consultations/invitee_add.html", context)


def invitee_export(request, pk, fmt):
    consultation_round = get_round_for_staff(request, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404("Onbekend formaat")
    rows = []
    for invitee in invitees_with_status(consultation_round):
        response = getattr(invitee, "response", None)
        status = response.get_status_display() if response else _("Niet begonnen")
        submitted = timezone.localdate(response.submitted_at) if response and response.submitted_at else ""
        rows.append([invitee.organisation, invitee.get_type_display(), invitee.email, status, submitted])
    headers = [_("Organisatie"), _("Type"), _("E-mailadres"), _("Status"), _("Verstuurd op")]
    filename = f"genodigden-consultatie-{consultation_round.framework.year}"
    return export_response(headers=headers, rows=rows, filename=filename, fmt=fmt)


# --- Results, dispositions and the report ---------------------------------------------------------


def disposition_prefix(comment_pk):
    return f"afweging-{comment_pk}"


def _disposition_forms(results, bound=None):
    """One form per comment, with its current disposition; `bound` replaces one with posted data."""
    forms = {}
    labels = change_labels(results.round.framework)
    for row in results.comments:
        disposition = row.disposition
        initial = {"version": disposition.version if disposition else 0}
        if disposition:
            initial.update(
                kind=disposition.kind, explanation=disposition.explanation, change=disposition.change_ref
            )
        choices = _change_choices(labels, disposition.change_ref if disposition else "")
        forms[row.comment.pk] = DispositionForm(
            initial=initial, prefix=disposition_prefix(row.comment.pk), change_choices=choices
        )
    if bound is not None:
        forms[bound[0]] = bound[1]
    return forms


def _change_choices(labels, current=""):
    choices = [("", _("Geen wijziging in het concept")), *labels.items()]
    if current and current not in labels:
        choices.append((current, _("%(ref)s (niet meer in het wijzigingsoverzicht)") % {"ref": current}))
    return choices


def _with_change_labels(results):
    """Each comment row with the label of the change its disposition names ("" for none)."""
    labels = change_labels(results.round.framework)
    for row in results.comments:
        ref = row.disposition.change_ref if row.disposition else ""
        row.change_label = labels.get(ref, ref)
    return results


def _results_page(request, consultation_round, bound=None):
    results = _with_change_labels(round_results(consultation_round))
    manage = can_manage(request.user) and consultation_round.state != RoundState.ADOPTED
    forms = _disposition_forms(results, bound) if manage else {}
    for row in results.comments:
        row.form = forms.get(row.comment.pk)
    context = {"consultation_round": consultation_round, "results": results, "can_dispose": manage}
    return render(request, "consultations/results.html", context)


def results(request, pk):
    consultation_round = get_round_for_staff(request, pk)
    return _results_page(request, consultation_round)


@require_POST
def disposition(request, pk, comment_pk):
    consultation_round, comment = get_comment_for_staff(request, pk, comment_pk, write=True)
    current = getattr(getattr(comment, "disposition", None), "change_ref", "")
    choices = _change_choices(change_labels(consultation_round.framework), current)
    form = DispositionForm(request.POST, prefix=disposition_prefix(comment.pk), change_choices=choices)
    results_url = _round_url(consultation_round, "results") + f"#opmerking-{comment.pk}"
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.disposition_record(
                comment=comment,
                kind=data["kind"],
                explanation=data["explanation"],
                user=request.user,
                expected_version=data["version"],
                change=data["change"],
            )
        except services.VersionConflict as error:
            form.add_error(None, error.messages[0])
        except services.ConsultationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(results_url)
        else:
            messages.success(request, _("De afweging is opgeslagen."))
            return redirect(results_url)
    return _results_page(request, consultation_round, bound=(comment.pk, form))


def _report_context(consultation_round):
    results = _with_change_labels(round_results(consultation_round))
    return {"consultation_round": consultation_round, "results": results}


def report(request, pk):
    consultation_round = get_round_for_staff(request, pk)
    return render(request, "consultations/report.html", _report_context(consultation_round))


def report_pdf(request, pk):
    consultation_round = get_round_for_staff(request, pk)
    filename = f"consultatie-{consultation_round.framework.year}.pdf"
    return pdf_response(
        "consultations/report_pdf.html", _report_context(consultation_round), request, filename
    )


def report_xlsx(request, pk):
    consultation_round = get_round_for_staff(request, pk)
    return report_workbook_response(round_results(consultation_round))


# --- The invitee's page --------------------------------------------------------------------------


def _response_context(invitee, form=None):
    """The invitee's page: the form while the round is open, otherwise the response read-only."""
    consultation_round = invitee.round
    response = getattr(invitee, "response", None)
    norms = round_norms(consultation_round)
    context = {
        "invitee": invitee,
        "consultation_round": consultation_round,
        "response": response,
        "round": round_flags(consultation_round, None),
    }
    if consultation_round.accepts_responses():
        if form is None:
            scores, comments = response_answers(response)
            initial = response_initial(response.version if response else 0, scores, comments)
            form = ResponseForm(initial=initial, norms=norms)
        context["form"] = form
    elif response is not None:
        context["sections"], context["general_comment"] = response_overview(norms, response)
    return context


@never_cache
def response_page(request, token):
    invitee = get_invitee_for_token(token)
    return render(request, "consultations/response.html", _response_context(invitee))


def _conflict_form(request, invitee, norms, complete):
    """The invitee's own input again, now based on the stored version, so that saving once more
    is a deliberate choice to replace what was saved in between."""
    data = request.POST.copy()
    data["version"] = str(response_version(invitee))
    form = ResponseForm(data, norms=norms, complete=complete)
    form.is_valid()
    return form


def _save_response(request, token, *, submit):
    invitee = get_invitee_for_token(token)
    norms = round_norms(invitee.round)
    form = ResponseForm(request.POST, norms=norms, complete=submit)
    if form.is_valid():
        try:
            services.response_save(
                invitee=invitee,
                answers=form.answers(),
                expected_version=form.cleaned_data["version"],
                submit=submit,
            )
        except services.VersionConflict as error:
            form = _conflict_form(request, invitee, norms, submit)
            form.add_error(
                None, error.messages[0] + " " + _("Controleer uw antwoorden hieronder en sla opnieuw op.")
            )
        except services.ConsultationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("consultations:response", token=token)
        else:
            messages.success(
                request,
                _("Uw reactie is verstuurd. Hartelijk dank!")
                if submit
                else _("Uw reactie is als concept opgeslagen."),
            )
            return redirect("consultations:response", token=token)
    invitee = get_invitee_for_token(token)
    return render(request, "consultations/response.html", _response_context(invitee, form))


@never_cache
@require_POST
def response_draft(request, token):
    return _save_response(request, token, submit=False)


@never_cache
@require_POST
def response_submit(request, token):
    return _save_response(request, token, submit=True)
