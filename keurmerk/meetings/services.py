"""Workflow steps of the dialogue meetings (dialoogbijeenkomsten), handbook hoofdstuk 4, Fase 2
("Dialoog tussen Keurmerkdragers") and Fase 3.1 ("Dialoog": meetings during the self-evaluation).

The scheme owner plans meetings; organisations register (voluntarily) with one or more people,
cancel, or wait for a place; staff record who attended; attendees draft their answers to the
meeting's criteria, which are the answers of their self-evaluation. Every step checks the state,
writes inside one transaction with an audit row, and queues its notices in the same transaction
(the outbox sends them once it commits, `transaction.on_commit` in `notifications.notify`).

The seat race: registering and cancelling lock the meeting row first (`select_for_update`; on
SQLite the IMMEDIATE transaction takes the write lock up front), then count the places taken, so
two registrations for the last place are served one after the other: one gets it, the other waits.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from keurmerk.audit import services as audit
from keurmerk.audit.actions import Action
from keurmerk.cycles.models import Cycle, Participation
from keurmerk.cycles.notices import members_of
from keurmerk.frameworks.models import Criterion
from keurmerk.lib import uploads
from keurmerk.lib.dates import local_today
from keurmerk.lib.tabular import TableError, read_table
from keurmerk.notifications.services import notify_users
from keurmerk.organisations.models import Organisation
from keurmerk.selfevaluations import services as se_services
from keurmerk.selfevaluations.models import MAX_EXPLANATION, Answer, SelfEvaluation

from . import ical
from .models import (
    MAX_PLACES,
    Meeting,
    MeetingFile,
    MeetingKind,
    PendingDraft,
    Registration,
    RegistrationStatus,
)

FILES_FOLDER = "meetings"
MAX_NOTES = 50_000
MAX_FILES = 20


# -- planning ---------------------------------------------------------------------------------------


def _check_meeting(
    *, cycle, kind, title, online, online_link, address, starts_at, ends_at, capacity, criteria
):
    errors = {}
    if not title.strip():
        errors["title"] = _("Vul een titel in.")
    if kind not in MeetingKind.values:
        errors["kind"] = _("Kies een soort bijeenkomst.")
    if online and not online_link:
        errors["online_link"] = _("Vul de link naar de online bijeenkomst in (alleen aangemelden zien hem).")
    if not online and not address.strip():
        errors["address"] = _("Vul het adres in van een bijeenkomst op locatie.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("De bijeenkomst moet eindigen na het begin.")
    if capacity < 1:
        errors["capacity"] = _("Een bijeenkomst heeft minstens 1 plaats.")
    if any(c.norm.framework_id != cycle.framework_id for c in criteria):
        errors["criteria"] = _("Kies alleen criteria van het normenkader van dit keurmerkproces.")
    if errors:
        raise ValidationError(errors)


def _stored_place(fields: dict) -> dict:
    """What is stored of a checked meeting: an online meeting keeps its link, another its address."""
    online = fields["online"]
    link = fields["online_link"] if online else ""
    address = "" if online else fields["address"].strip()
    return {**fields, "title": fields["title"].strip(), "online_link": link, "address": address}


@transaction.atomic
def meeting_plan(
    *,
    cycle: Cycle,
    user,
    title: str,
    kind: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    online: bool,
    online_link: str = "",
    address: str = "",
    description: str = "",
    criteria=(),
) -> Meeting:
    """Fase 2 / 3.1: the scheme owner plans an (online) meeting about a few criteria of the cycle's
    framework, with a number of places. Times are moments (entered in Amsterdam time)."""
    criteria = list(criteria)
    fields = dict(title=title, kind=kind, online=online, online_link=online_link, address=address)
    fields.update(starts_at=starts_at, ends_at=ends_at, capacity=capacity)
    _check_meeting(cycle=cycle, criteria=criteria, **fields)
    meeting = Meeting.objects.create(
        cycle=cycle, description=description.strip(), created_by=user, **_stored_place(fields)
    )
    meeting.criteria.set(criteria)
    audit.record(
        actor=user,
        action=Action.MEETING_PLANNED,
        obj=meeting,
        data={"cycle": cycle.year, "criteria": [c.key for c in criteria], "capacity": capacity},
    )
    return meeting


MEETING_FIELDS = [
    "title",
    "kind",
    "description",
    "online",
    "online_link",
    "address",
    "starts_at",
    "ends_at",
    "capacity",
]


@transaction.atomic
def meeting_change(*, meeting: Meeting, user, criteria=(), **values) -> Meeting:
    """The scheme owner changes a planned meeting (the same fields as planning, in the same cycle).
    The capacity never drops below the places taken; more places go to the waiting list in order;
    the registered organisations get the changed invitation."""
    meeting, criteria = _lock_meeting(meeting), list(criteria)
    values.pop("cycle", None)
    values.setdefault("description", "")
    checked = {k: v for k, v in values.items() if k != "description"}
    _check_meeting(cycle=meeting.cycle, criteria=criteria, **checked)
    taken = places_taken(meeting)
    if values["capacity"] < taken:
        raise ValidationError(
            {"capacity": _("Er zijn al %(n)s plaatsen bezet; kies minstens %(n)s plaatsen.") % {"n": taken}}
        )
    values.update(
        title=values["title"].strip(),
        description=values["description"].strip(),
        online_link=values["online_link"] if values["online"] else "",
        address="" if values["online"] else values["address"].strip(),
    )
    for field in MEETING_FIELDS:
        setattr(meeting, field, values[field])
    meeting.save(update_fields=MEETING_FIELDS)
    meeting.criteria.set(criteria)
    audit.record(
        actor=user,
        action=Action.MEETING_CHANGED,
        obj=meeting,
        data={"criteria": [c.key for c in criteria], "capacity": meeting.capacity},
    )
    promoted = _promote(meeting, user, timezone.now())
    _change_notice(meeting, exclude={r.pk for r in promoted})
    return meeting


def _change_notice(meeting, exclude):
    """The registered (not those just promoted, who got their own notice) get the new invitation."""
    stamp = int(timezone.now().timestamp())
    values = {"title": meeting.title, "when": _meeting_when(meeting)}
    for registration in meeting.registrations.filter(status=RegistrationStatus.REGISTERED).exclude(
        pk__in=exclude
    ):
        notify_users(
            users=members_of(registration.organisation_id),
            subject=_("Gewijzigd: %(title)s") % values,
            body=_("‘%(title)s’ is gewijzigd; nu op %(when)s. De nieuwe uitnodiging zit in de bijlage.")
            % values,
            url=reverse("meetings:detail", args=[meeting.pk]),
            kind="meeting_changed",
            attachment=(f"bijeenkomst-{meeting.pk}.ics", ical.invitation(meeting, with_link=True)),
            dedupe_prefix=f"meeting-changed:{meeting.pk}:{registration.pk}:{stamp}",
        )


# -- registering ------------------------------------------------------------------------------------


def _lock_meeting(meeting):
    return Meeting.objects.select_for_update().select_related("cycle").get(pk=meeting.pk)


def places_taken(meeting) -> int:
    taken = meeting.registrations.filter(status=RegistrationStatus.REGISTERED).aggregate(n=Sum("places"))
    return taken["n"] or 0


def _check_registration(meeting, organisation, places, now):
    if meeting.has_ended(now):
        raise ValidationError(_("Deze bijeenkomst is al voorbij; aanmelden kan niet meer."), code="ended")
    if not 1 <= places <= MAX_PLACES:
        raise ValidationError(
            {"places": _("Meld 1 tot %(n)s personen aan.") % {"n": MAX_PLACES}}, code="places"
        )
    active = meeting.registrations.exclude(status=RegistrationStatus.CANCELLED)
    if active.filter(organisation=organisation).exists():
        raise ValidationError(_("Uw organisatie is al aangemeld voor deze bijeenkomst."), code="twice")


@transaction.atomic
def registration_create(
    *, meeting: Meeting, organisation: Organisation, user, places: int = 1, names: str = "", now=None
) -> Registration:
    """A member registers the organisation (participation is voluntary, handbook Fase 2). With too
    few free places the registration goes on the waiting list, in order of registration."""
    now = now or timezone.now()
    meeting = _lock_meeting(meeting)
    _check_registration(meeting, organisation, places, now)
    free = meeting.capacity - places_taken(meeting)
    status = RegistrationStatus.REGISTERED if places <= free else RegistrationStatus.WAITING
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                meeting=meeting,
                organisation=organisation,
                status=status,
                places=places,
                names=names.strip(),
                registered_by=user,
                registered_at=now,
            )
    except IntegrityError:
        raise ValidationError(
            _("Uw organisatie is al aangemeld voor deze bijeenkomst."), code="twice"
        ) from None
    audit.record(
        actor=user,
        action=Action.MEETING_REGISTERED,
        obj=registration,
        organisation=organisation,
        to_state=status,
        data={"meeting": meeting.pk, "places": places},
    )
    registration_notice(registration=registration)
    return registration


def _promote(meeting, user, now):
    """Freed places go to the waiting registrations in order, as long as the first one fits."""
    free = meeting.capacity - places_taken(meeting)
    promoted = []
    for waiting in meeting.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "registered_at", "pk"
    ):
        if waiting.places > free:
            break
        waiting.status = RegistrationStatus.REGISTERED
        waiting.save(update_fields=["status"])
        free -= waiting.places
        promoted.append(waiting)
        audit.record(
            actor=user,
            action=Action.MEETING_PROMOTED,
            obj=waiting,
            organisation=waiting.organisation,
            from_state=RegistrationStatus.WAITING,
            to_state=RegistrationStatus.REGISTERED,
            data={"meeting": meeting.pk},
        )
    for registration in promoted:
        registration_notice(registration=registration, promoted=True)
    return promoted


@transaction.atomic
def registration_cancel(*, registration: Registration, user, now=None) -> Registration:
    """A member cancels the organisation's registration (or its place on the waiting list); a freed
    place goes to the first on the waiting list, who is told."""
    now = now or timezone.now()
    meeting = _lock_meeting(registration.meeting)
    registration = Registration.objects.select_related("organisation").get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    if meeting.has_started(now):
        raise ValidationError(_("De bijeenkomst is al begonnen; afmelden kan niet meer."), code="started")
    from_status = registration.status
    registration.status, registration.cancelled_at = RegistrationStatus.CANCELLED, now
    registration.save(update_fields=["status", "cancelled_at"])
    audit.record(
        actor=user,
        action=Action.MEETING_CANCELLED,
        obj=registration,
        organisation=registration.organisation,
        from_state=from_status,
        to_state=RegistrationStatus.CANCELLED,
        data={"meeting": meeting.pk},
    )
    _promote(meeting, user, now)
    return registration


# -- notices ----------------------------------------------------------------------------------------


def _meeting_when(meeting):
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    return f"{start:%d-%m-%Y %H:%M}–{end:%H:%M}"


def registration_notice(*, registration: Registration, promoted: bool = False) -> None:
    """Tell the organisation's members: registered (with the invitation), or on the waiting list.
    Queued in the step's transaction; the outbox sends it once that commits."""
    meeting = registration.meeting
    url = reverse("meetings:detail", args=[meeting.pk])
    values = {
        "title": meeting.title,
        "when": _meeting_when(meeting),
        "organisation": registration.organisation.name,
    }
    if registration.is_registered:
        subject = _("Aangemeld: %(title)s") % values
        body = (
            _("Er is een plaats vrijgekomen: %(organisation)s is nu aangemeld voor ‘%(title)s’ op %(when)s.")
            if promoted
            else _("%(organisation)s is aangemeld voor ‘%(title)s’ op %(when)s.")
        ) % values
        body += " " + _("De uitnodiging voor uw agenda zit in de bijlage.")
        attachment = (f"bijeenkomst-{meeting.pk}.ics", ical.invitation(meeting, with_link=True))
    else:
        subject = _("Op de wachtlijst: %(title)s") % values
        body = (
            _(
                "‘%(title)s’ op %(when)s is vol. %(organisation)s staat op de wachtlijst; komt er een plaats "
                "vrij, dan krijgt u bericht."
            )
            % values
        )
        attachment = None
    notify_users(
        users=members_of(registration.organisation),
        subject=subject,
        body=body,
        url=url,
        kind="meeting_registration",
        attachment=attachment,
        dedupe_prefix=f"meeting-registration:{registration.pk}:{registration.status}",
    )


def send_meeting_reminders(*, now=None) -> int:
    """`tick`: the day before a meeting, remind the registered organisations' members. Idempotent:
    each registration is reminded once (marked with a conditional update, deduplicated notices)."""
    tomorrow = local_today(now) + datetime.timedelta(days=1)
    due = Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        reminded_at=None,
        meeting__starts_at__date=tomorrow,
    ).select_related("meeting", "organisation")
    count = 0
    for registration in due:
        with transaction.atomic():
            if not Registration.objects.filter(pk=registration.pk, reminded_at=None).update(
                reminded_at=timezone.now()
            ):
                continue
            _remind(registration)
            count += 1
    return count


def _remind(registration):
    meeting = registration.meeting
    values = {"title": meeting.title, "when": _meeting_when(meeting)}
    where = _("online; de link staat op de pagina van de bijeenkomst") if meeting.online else meeting.address
    notify_users(
        users=members_of(registration.organisation),
        subject=_("Morgen: %(title)s") % values,
        body=_("Herinnering: morgen is ‘%(title)s’ (%(when)s), %(where)s.") % {**values, "where": where},
        url=reverse("meetings:detail", args=[meeting.pk]),
        kind="meeting_reminder",
        dedupe_prefix=f"meeting-reminder:{registration.pk}",
    )


# -- attendance -------------------------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, meeting: Meeting, user, attended: dict[int, bool]) -> int:
    """Staff record which registered organisations attended (ticked or from a list). Returns the
    number of registrations whose attendance changed. Only registered organisations can attend."""
    meeting = _lock_meeting(meeting)
    registrations = {r.pk: r for r in meeting.registrations.filter(status=RegistrationStatus.REGISTERED)}
    unknown = set(attended) - set(registrations)
    if unknown:
        raise ValidationError(_("Alleen aangemelde organisaties kunnen aanwezig zijn."), code="unknown")
    now, changed = timezone.now(), 0
    for pk, present in attended.items():
        registration = registrations[pk]
        if registration.attended == present:
            continue
        registration.attended, registration.attendance_recorded_at = present, now
        registration.save(update_fields=["attended", "attendance_recorded_at"])
        changed += 1
    audit.record(
        actor=user,
        action=Action.MEETING_ATTENDANCE_RECORDED,
        obj=meeting,
        data={
            "present": sorted(pk for pk, p in attended.items() if p),
            "absent": sorted(pk for pk, p in attended.items() if not p),
        },
    )
    return changed


PRESENT = {
    "ja": True,
    "j": True,
    "1": True,
    "x": True,
    "aanwezig": True,
    "yes": True,
    "nee": False,
    "n": False,
    "0": False,
    "": False,
    "afwezig": False,
    "no": False,
}


def _row_attendance(number, row, by_agb, by_kvk):
    """(registration pk, present) of one row, or the row's problem."""
    code_agb, code_kvk = row.get("agb", ""), row.get("kvk", "")
    registration = by_agb.get(code_agb) if code_agb else by_kvk.get(code_kvk)
    if not (code_agb or code_kvk):
        return None, f"rij {number}: vul de AGB-code of het KvK-nummer van de organisatie in."
    if registration is None:
        code = f"AGB-code {code_agb}" if code_agb else f"KvK-nummer {code_kvk}"
        return None, f"rij {number}: geen aangemelde organisatie met {code} voor deze bijeenkomst."
    value = row.get("aanwezig", "").strip().lower()
    if value not in PRESENT:
        return None, f"rij {number}, kolom aanwezig: ‘{value}’ is geen ja of nee."
    return (registration.pk, PRESENT[value]), None


def attendance_import(*, meeting: Meeting, user, content: bytes) -> int:
    """Attendance from a CSV or XLSX list with the columns `agb` (or `kvk`) and `aanwezig`
    (ja/nee). Every problem is reported with its row; nothing is recorded unless all rows are right."""
    try:
        table = read_table(content)
    except TableError as exc:
        raise ValidationError(exc.problems) from None
    if "aanwezig" not in table.headers or not ({"agb", "kvk"} & set(table.headers)):
        raise ValidationError([_("rij 1: de kolommen ‘agb’ (of ‘kvk’) en ‘aanwezig’ zijn nodig.")])
    registered = list(
        meeting.registrations.filter(status=RegistrationStatus.REGISTERED).select_related("organisation")
    )
    by_agb = {r.organisation.agb: r for r in registered}
    by_kvk = {r.organisation.kvk: r for r in registered}
    attended, problems = {}, []
    for number, row in table.rows:
        result, problem = _row_attendance(number, row, by_agb, by_kvk)
        if problem:
            problems.append(problem)
        else:
            attended[result[0]] = result[1]
    if problems:
        raise ValidationError(problems[:50])
    return attendance_record(meeting=meeting, user=user, attended=attended)


# -- notes ------------------------------------------------------------------------------------------


@transaction.atomic
def notes_save(*, meeting: Meeting, user, notes: str, files=()) -> Meeting:
    """The notes of the meeting (text and attachments), shared with the attendees, who are told
    once when notes first appear. Files are checked by content (PDF, DOCX, XLSX, PNG, JPEG)."""
    if len(notes) > MAX_NOTES:
        raise ValidationError({"notes": _("Het verslag is hoogstens 50.000 tekens lang.")})
    meeting = _lock_meeting(meeting)
    if meeting.files.count() + len(files) > MAX_FILES:
        raise ValidationError({"files": _("Een verslag heeft hoogstens %(n)s bijlagen.") % {"n": MAX_FILES}})
    stored = [(uploads.detect(content, name), content, name) for content, name in files]
    for file_type, content, name in stored:
        path, _sha = uploads.store(content, file_type, FILES_FOLDER)
        MeetingFile.objects.create(
            meeting=meeting,
            path=path,
            original_name=name[:255],
            content_type=file_type.content_type,
            size=len(content),
            uploaded_by=user,
        )
    meeting.notes, meeting.notes_updated_at = notes.strip(), timezone.now()
    meeting.save(update_fields=["notes", "notes_updated_at"])
    audit.record(
        actor=user, action=Action.MEETING_NOTES_SHARED, obj=meeting, data={"files": [n for _c, n in files]}
    )
    _notes_notice(meeting)
    return meeting


def _notes_notice(meeting):
    """The attendees are told once that the notes are there (queued in the step's transaction)."""
    attendees = meeting.registrations.filter(status=RegistrationStatus.REGISTERED).exclude(attended=False)
    for registration in attendees:
        notify_users(
            users=members_of(registration.organisation_id),
            subject=_("Verslag: %(title)s") % {"title": meeting.title},
            body=_("Het verslag van ‘%(title)s’ staat klaar.") % {"title": meeting.title},
            url=reverse("meetings:detail", args=[meeting.pk]),
            kind="meeting_notes",
            dedupe_prefix=f"meeting-notes:{meeting.pk}:{registration.pk}",
        )


# -- drafts at the meeting --------------------------------------------------------------------------


class DraftConflict(Exception):
    """The pending draft was saved by someone else since the version this save started from."""

    def __init__(self, current):
        self.current = current
        super().__init__(f"draft {current.pk} is at version {current.version}")


def _check_draft_meeting(meeting, criterion, organisation):
    if not meeting.criteria.filter(pk=criterion.pk).exists():
        raise ValidationError(_("Dit criterium wordt in deze bijeenkomst niet besproken."), code="criterion")
    if SelfEvaluation.objects.filter(
        participation__organisation=organisation, participation__cycle=meeting.cycle_id
    ).exists():
        raise ValidationError(
            _("Uw zelfevaluatie is begonnen: de toelichting staat nu in de zelfevaluatie zelf."),
            code="started",
        )


def pending_draft_save(
    *,
    meeting: Meeting,
    organisation: Organisation,
    criterion: Criterion,
    user,
    version: int,
    explanation: str,
) -> PendingDraft:
    """Handbook Fase 2: at the meeting the holder prepares its explanation of a criterion. While the
    self-evaluation has not started it waits here; a save from a stale version is refused with the
    stored text (like an answer), never silently overwriting a colleague's text."""
    if len(explanation) > MAX_EXPLANATION:
        raise ValidationError(
            {"explanation": _("De toelichting is hoogstens 20.000 tekens lang. Kort de tekst in.")},
            code="too_long",
        )
    with transaction.atomic():
        _check_draft_meeting(meeting, criterion, organisation)
        draft, _created = PendingDraft.objects.get_or_create(
            organisation=organisation,
            cycle_id=meeting.cycle_id,
            criterion=criterion,
            defaults={"meeting": meeting},
        )
        changed = PendingDraft.objects.filter(pk=draft.pk, version=version, applied_at=None).update(
            explanation=explanation,
            version=F("version") + 1,
            updated_at=timezone.now(),
            updated_by=user,
            meeting=meeting,
        )
    if not changed:
        raise DraftConflict(PendingDraft.objects.select_related("updated_by").get(pk=draft.pk))
    draft.refresh_from_db()
    return draft


def pending_drafts_apply(*, self_evaluation: SelfEvaluation, user) -> int:
    """Hook of `self_evaluation_start`: the drafts written at meetings before the start go into the
    new self-evaluation's answers, through `answer_save` (versioned like any save). An answer carried
    over from last year keeps its text; the draft is added below it, so no text is lost."""
    participation = Participation.objects.get(pk=self_evaluation.participation_id)
    drafts = PendingDraft.objects.filter(
        organisation_id=participation.organisation_id, cycle_id=participation.cycle_id, applied_at=None
    ).exclude(explanation="")
    answers = {a.criterion_id: a for a in Answer.objects.filter(self_evaluation=self_evaluation)}
    applied = 0
    for draft in drafts:
        answer = answers.get(draft.criterion_id)
        if answer is None:
            continue
        text = "\n\n".join(t for t in (answer.explanation, draft.explanation) if t.strip())
        se_services.answer_save(
            answer=answer,
            user=draft.updated_by or user,
            version=answer.version,
            explanation=text,
            number=answer.number,
            urls=answer.urls,
        )
        PendingDraft.objects.filter(pk=draft.pk).update(applied_at=timezone.now(), answer=answer)
        applied += 1
    return applied
