"""Pages of the dialogue meetings: the public list and meeting page (registering, cancelling,
drafting answers, the notes), the invitation file, and the staff's planning, attendance, notes and
overview with export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keurmerk.accounts.access import require_staff
from keurmerk.lib.exports import export_response
from keurmerk.lib.uploads import private_path

from . import ical, selectors, services
from .access import (
    attendee_registration,
    get_file_for_reader,
    get_meeting,
    get_meeting_for_attendee,
    get_meeting_for_member,
    get_meeting_for_planner,
    get_meeting_for_staff,
    get_registration_for_member,
    member_organisations,
    require_planner,
)
from .forms import AttendanceUploadForm, DraftForm, MeetingForm, NotesForm, RegistrationForm
from .models import PendingDraft


def _errors(exc):
    return " ".join(exc.messages)


# -- public -----------------------------------------------------------------------------------------


def meeting_list(request):
    """The coming meetings, public; the past ones below."""
    now = timezone.now()
    return render(
        request, "meetings/list.html", {"coming": selectors.coming(now), "past": selectors.past(now)[:20]}
    )


def _member_context(request, meeting):
    organisations = member_organisations(request.user)
    if not organisations:
        return {}
    registration = selectors.registration_of(meeting, [o.pk for o in organisations])
    context = {"registration": registration, "organisations": organisations}
    if registration is None:
        context["form"] = RegistrationForm(organisations=organisations)
    elif registration.is_waiting:
        context["position"] = selectors.waiting_position(registration)
    attendee = attendee_registration(request.user, meeting)
    if attendee is not None:
        context["attendee"] = attendee
        context["drafting"] = meeting.has_started()
        if context["drafting"]:
            context["self_evaluation"], context["rows"] = selectors.draft_rows(meeting, attendee.organisation)
    return context


def meeting_detail(request, pk):
    meeting = get_meeting(request, pk)
    context = {
        "meeting": meeting,
        "taken": services.places_taken(meeting),
        "criteria": meeting.criteria.select_related("norm").order_by("norm__position", "position"),
        "staff_view": request.user.is_authenticated and request.user.is_scheme_staff,
        **_member_context(request, meeting),
    }
    context["free"] = max(meeting.capacity - context["taken"], 0)
    context["shows_link"] = context["staff_view"] or bool(
        context.get("registration") and context["registration"].is_registered
    )
    context["shows_notes"] = context["staff_view"] or "attendee" in context
    return render(request, "meetings/detail.html", context)


def meeting_ics(request, pk):
    """The invitation for a calendar; the online link only for a registered organisation's member."""
    meeting = get_meeting(request, pk)
    with_link = attendee_registration(request.user, meeting) is not None or (
        request.user.is_authenticated and request.user.is_scheme_staff
    )
    response = HttpResponse(
        ical.invitation(meeting, with_link=with_link), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="bijeenkomst-{meeting.pk}.ics"'
    return response


# -- members ----------------------------------------------------------------------------------------


@require_POST
def register(request, pk):
    meeting, organisations = get_meeting_for_member(request, pk)
    form = RegistrationForm(request.POST, organisations=organisations)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("meetings:detail", meeting.pk)
    try:
        registration = services.registration_create(meeting=meeting, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        if registration.is_registered:
            messages.success(
                request, _("U bent aangemeld. De uitnodiging voor uw agenda is per e-mail verstuurd.")
            )
        else:
            messages.warning(
                request,
                _(
                    "De bijeenkomst is vol: u staat op de wachtlijst en krijgt bericht als er een plaats vrijkomt."
                ),
            )
    return redirect("meetings:detail", meeting.pk)


@require_POST
def cancel(request, pk):
    registration = get_registration_for_member(request, pk)
    try:
        services.registration_cancel(registration=registration, user=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("U bent afgemeld."))
    return redirect("meetings:detail", registration.meeting_id)


def _draft_url(meeting, criterion_pk):
    return f"{reverse('meetings:detail', args=[meeting.pk])}#concept-{criterion_pk}"


@require_POST
def draft_save(request, pk, criterion_pk):
    """A draft answer written at the meeting while the self-evaluation has not started yet."""
    meeting, registration = get_meeting_for_attendee(request, pk)
    criterion = meeting.criteria.filter(pk=criterion_pk).first()
    if criterion is None:
        raise Http404("Criterium niet gevonden")
    form = DraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_draft_url(meeting, criterion.pk))
    try:
        services.pending_draft_save(
            meeting=meeting,
            organisation=registration.organisation,
            criterion=criterion,
            user=request.user,
            **form.cleaned_data,
        )
    except services.DraftConflict as conflict:
        return _draft_conflict(request, meeting, criterion, form, conflict.current)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request,
            _("Uw concepttoelichting is bewaard; zij staat klaar in uw zelfevaluatie zodra die begint."),
        )
    return redirect(_draft_url(meeting, criterion.pk))


def _draft_conflict(request, meeting, criterion, form, stored: PendingDraft):
    """Both texts side by side; the member keeps one or merges them (saved from the stored version)."""
    mine = form.cleaned_data["explanation"]
    context = {
        "meeting": meeting,
        "criterion": criterion,
        "mine": mine,
        "stored": stored,
        "merged": "\n\n".join(t for t in (mine, stored.explanation) if t.strip()),
    }
    return render(request, "meetings/draft_conflict.html", context, status=409)


# -- staff ------------------------------------------------------------------------------------------


def staff_list(request):
    """All meetings with their places and attendance, and the attendance per organisation."""
    require_staff(request)
    now = timezone.now()
    context = {
        "coming": selectors.coming(now),
        "past": selectors.past(now),
        "rows": selectors.attendance_rows(),
        "can_plan": request.user.is_administrator,
    }
    return render(request, "meetings/staff_list.html", context)


def plan(request):
    require_planner(request)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_plan(user=request.user, **form.cleaned_for_service())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("De bijeenkomst is gepland."))
            return redirect("meetings:staff_detail", meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/plan.html", {"form": form}, status=status)


def change(request, pk):
    """The administrator changes a meeting; its cycle stays."""
    meeting = get_meeting_for_planner(request, pk)
    form = MeetingForm(request.POST or None, initial=_initial(meeting), fixed_cycle=meeting.cycle)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_change(meeting=meeting, user=request.user, **form.cleaned_for_service())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request, _("De bijeenkomst is gewijzigd; de aangemelden krijgen de nieuwe uitnodiging.")
            )
            return redirect("meetings:staff_detail", meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/plan.html", {"form": form, "meeting": meeting}, status=status)


def _initial(meeting):
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    values = {field: getattr(meeting, field) for field in services.MEETING_FIELDS}
    values.update(
        cycle=meeting.cycle_id,
        online="1" if meeting.online else "0",
        day=start.date(),
        start=start.strftime("%H:%M"),
        end=end.strftime("%H:%M"),
        criteria=list(meeting.criteria.all()),
    )
    return values


def _form_errors(form, exc):
    field_map = {"starts_at": "start", "ends_at": "end"}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        field = field_map.get(field, field)
        form.add_error(field if field in form.fields else None, errors)


def _staff_context(meeting, **extra):
    return {
        "meeting": meeting,
        "taken": services.places_taken(meeting),
        "registrations": selectors.registrations_for_staff(meeting),
        "criteria": meeting.criteria.select_related("norm").order_by("norm__position", "position"),
        "upload_form": extra.pop("upload_form", AttendanceUploadForm()),
        "notes_form": extra.pop("notes_form", NotesForm(initial={"notes": meeting.notes})),
        **extra,
    }


def staff_detail(request, pk):
    meeting = get_meeting_for_staff(request, pk)
    return render(request, "meetings/staff_detail.html", _staff_context(meeting))


@require_POST
def attendance(request, pk):
    """The tick boxes: every registered organisation ticked attended, the others not."""
    meeting = get_meeting_for_staff(request, pk)
    present = set(request.POST.getlist("present"))
    registered = meeting.registrations.filter(status=services.RegistrationStatus.REGISTERED)
    attended = {r.pk: str(r.pk) in present for r in registered}
    services.attendance_record(meeting=meeting, user=request.user, attended=attended)
    messages.success(request, _("De aanwezigheid is opgeslagen."))
    return redirect("meetings:staff_detail", meeting.pk)


@require_POST
def attendance_upload(request, pk):
    meeting = get_meeting_for_staff(request, pk)
    form = AttendanceUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            changed = services.attendance_import(
                meeting=meeting, user=request.user, content=form.cleaned_data["file"].read()
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("De presentielijst is verwerkt (%(n)s gewijzigd).") % {"n": changed})
            return redirect("meetings:staff_detail", meeting.pk)
    return render(
        request, "meetings/staff_detail.html", _staff_context(meeting, upload_form=form), status=400
    )


@require_POST
def notes(request, pk):
    meeting = get_meeting_for_staff(request, pk)
    form = NotesForm(request.POST, request.FILES)
    if form.is_valid():
        files = [(f.read(), f.name) for f in form.cleaned_data["files"]]
        try:
            services.notes_save(
                meeting=meeting, user=request.user, notes=form.cleaned_data["notes"], files=files
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Het verslag is opgeslagen en gedeeld met de deelnemers."))
            return redirect("meetings:staff_detail", meeting.pk)
    return render(request, "meetings/staff_detail.html", _staff_context(meeting, notes_form=form), status=400)


EXPORT_HEADERS = [
    "organisatie",
    "AGB-code",
    "jaar",
    "bijeenkomst",
    "soort",
    "datum",
    "status",
    "personen",
    "aanwezig",
]


def export(request, fmt):
    """Attendance per meeting and organisation, for the scheme owner."""
    require_staff(request)
    rows = [
        [
            r.organisation.name,
            r.organisation.agb,
            r.meeting.cycle.year,
            r.meeting.title,
            r.meeting.get_kind_display(),
            r.meeting.starts_at,
            r.get_status_display(),
            r.places,
            "" if r.attended is None else (_("ja") if r.attended else _("nee")),
        ]
        for r in selectors.attendance_rows()
    ]
    return export_response(headers=EXPORT_HEADERS, rows=rows, filename="bijeenkomsten-aanwezigheid", fmt=fmt)


def meeting_file(request, pk):
    meeting_file = get_file_for_reader(request, pk)
    try:
        path = private_path(meeting_file.path)
    except ValueError:
        raise Http404("Bestand niet gevonden") from None
    if not path.exists():
        raise Http404("Bestand niet gevonden")
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=meeting_file.original_name,
        content_type=meeting_file.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
