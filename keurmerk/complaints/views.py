from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keurmerk.accounts.access import require_login, require_staff
from keurmerk.accounts.models import STAFF_ROLES, Role
from keurmerk.cycles.access import get_participation_for_member
from keurmerk.cycles.models import Participation, State
from keurmerk.lib.exports import export_response
from keurmerk.lib.uploads import limit_uploads, private_path, too_large_message, too_large_total_message

from . import selectors, services
from .access import (
    complaints_queryset,
    get_complaint_for_director,
    get_complaint_for_member,
    get_complaint_for_office,
    get_complaint_for_user,
)
from .forms import AnswerForm, ComplaintForm, DecisionForm, ListFilterForm, MessageForm
from .states import steps_for


def complaint_list(request):
    """Staff: every complaint with its deadlines, overdue steps first. Members: their own."""
    user = require_login(request)
    if user.role in STAFF_ROLES:
        require_staff(request)
        form = ListFilterForm(request.GET or None)
        show = form.cleaned_data["show"] if form.is_valid() else ""
        rows = selectors.staff_rows(now=timezone.now(), show=show)
        return render(request, "complaints/staff_list.html", {"rows": rows, "filter_form": form})
    if user.role != Role.PROVIDER:
        return redirect("cycles:home")
    own = (
        complaints_queryset()
        .select_related("objection")
        .filter(participation__organisation__memberships__user=user)
    )
    withdrawn = Participation.objects.filter(
        organisation__memberships__user=user, state=State.WITHDRAWN
    ).select_related("organisation", "cycle")
    return render(
        request,
        "complaints/member_list.html",
        {"complaints": own, "withdrawn": withdrawn, "form": ComplaintForm()},
    )


@limit_uploads
def complaint_file(request, participation_pk):
    """A complaint with its attachments; each file is read only up to the 10 MB limit."""
    participation = get_participation_for_member(request, participation_pk)
    posted = request.method == "POST"
    form = ComplaintForm(request.POST, request.FILES) if posted else ComplaintForm()
    for name in request.refused_uploads if posted else []:
        form.add_error("files", too_large_message(name))
    if posted and request.upload_too_large:
        form.add_error(None, too_large_total_message())
    if posted and form.is_valid():
        try:
            complaint = services.complaint_file(
                participation=participation,
                user=request.user,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Uw klacht is ingediend."))
            return redirect("complaints:detail", complaint.pk)
    return render(
        request,
        "complaints/file.html",
        {"participation": participation, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def complaint_detail(request, pk):
    complaint = get_complaint_for_user(request, pk)
    objection = getattr(complaint, "objection", None)
    context = {
        "complaint": complaint,
        "objection": objection,
        "now": timezone.now(),
        "steps": steps_for(complaint, request.user, timezone.now()),
        "message_form": MessageForm(),
        "answer_form": AnswerForm(),
        "decision_form": DecisionForm(),
    }
    return render(request, "complaints/detail.html", context)


def _act(request, back_to, step, success, **kwargs):
    """Run one service step; say what happened; back to the complaint page."""
    try:
        step(user=request.user, **kwargs)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("complaints:detail", back_to.pk)


def _form_step(request, back_to, form_class, step, success, **extra):
    """A step that takes a form: invalid input goes back with the field's message."""
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request, " ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items())
        )
        return redirect("complaints:detail", back_to.pk)
    return _act(request, back_to, step, success, **extra, **form.cleaned_data)


@require_POST
def take_in(request, pk):
    complaint = get_complaint_for_office(request, pk)
    return _act(
        request,
        complaint,
        services.complaint_take_in,
        _("De klacht is in behandeling genomen."),
        complaint=complaint,
    )


@require_POST
def request_info(request, pk):
    complaint = get_complaint_for_director(request, pk)
    return _form_step(
        request,
        complaint,
        MessageForm,
        services.complaint_request_info,
        _("De vraag is verstuurd."),
        complaint=complaint,
    )


@require_POST
def answer(request, pk):
    complaint = get_complaint_for_member(request, pk)
    return _form_step(
        request,
        complaint,
        AnswerForm,
        services.complaint_answer,
        _("Uw antwoord is verstuurd."),
        complaint=complaint,
    )


@require_POST
def decide(request, pk):
    complaint = get_complaint_for_director(request, pk)
    return _form_step(
        request,
        complaint,
        DecisionForm,
        services.complaint_decide,
        _("Het besluit is vastgelegd."),
        complaint=complaint,
    )


@require_POST
def lodge_objection(request, pk):
    complaint = get_complaint_for_member(request, pk)
    return _form_step(
        request,
        complaint,
        MessageForm,
        services.objection_lodge,
        _("Uw bezwaar is aangetekend."),
        complaint=complaint,
    )


@require_POST
def decide_objection(request, pk):
    complaint = get_complaint_for_director(request, pk)
    objection = getattr(complaint, "objection", None)
    if objection is None:
        raise Http404("Geen bezwaar")
    return _form_step(
        request,
        complaint,
        DecisionForm,
        services.objection_decide,
        _("Het besluit op het bezwaar is vastgelegd."),
        objection=objection,
    )


def attachment(request, pk, attachment_pk):
    complaint = get_complaint_for_user(request, pk)
    item = get_object_or_404(complaint.attachments, pk=attachment_pk)
    return FileResponse(
        open(private_path(item.path), "rb"),
        as_attachment=True,
        filename=item.name,
        content_type=item.content_type,
    )


EXPORT_HEADERS = [
    "organisatie",
    "jaar",
    "ingediend",
    "status",
    "in behandeling uiterlijk",
    "in behandeling genomen",
    "besluit uiterlijk",
    "besloten",
    "bezwaar",
]


def export(request, fmt):
    require_staff(request)
    rows = (
        [
            c.participation.organisation.name,
            c.participation.cycle.year,
            c.filed_at,
            c.get_status_display(),
            c.take_in_due.isoformat(),
            c.taken_in_at,
            c.decision_due.isoformat(),
            c.decided_at,
            c.objection.get_status_display() if hasattr(c, "objection") else "",
        ]
        for c in complaints_queryset().select_related("objection")
    )
    return export_response(headers=EXPORT_HEADERS, rows=rows, filename="klachten", fmt=fmt)
