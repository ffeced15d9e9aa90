"""The complaint (klacht) and the objection (bezwaar) as declared processes (handbook,
Klachtenprocedure): every step, who takes it and what it brings.

A withdrawn provider files a complaint; the office (the director or an administrator) takes it into
processing; the director may ask for more information, which the provider answers, and decides:
upheld (the decision is revised: the participation is awarded again through its own process, with
the certificate, the register and the notices that entering "awarded" brings) or not upheld, after
which the provider may lodge one formal objection that the director decides in the same way.

The audit log's `record` is imported here only, so the line is easy to change when the log moves.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keurmerk.accounts.models import Role, User
from keurmerk.assessments.services import participation_award
from keurmerk.audit.services import record
from keurmerk.cycles.notices import notify_members
from keurmerk.cycles.states import is_member_of
from keurmerk.lib.dates import format_day
from keurmerk.lib.workflow import NEW, Process, Step, Who
from keurmerk.notifications.services import notify_users

from .models import Complaint, ComplaintStatus, Objection, ObjectionStatus

C = ComplaintStatus
O = ObjectionStatus  # noqa: E741


def _participation(obj: Any):
    return obj.participation if isinstance(obj, Complaint) else obj.complaint.participation


def _has_role(user: Any, *roles: str) -> bool:
    return user is not None and user.is_authenticated and getattr(user, "role", None) in roles


MEMBER = Who(
    "member",
    lambda user, obj: (
        _has_role(user, Role.PROVIDER) and is_member_of(user, _participation(obj).organisation_id)
    ),
    gettext_lazy("Alleen een medewerker van de GGZ-aanbieder zelf kan deze stap zetten."),
)
DIRECTOR = Who(
    "director",
    lambda user, obj: _has_role(user, Role.DIRECTOR),
    gettext_lazy("Alleen de directeur kan deze stap zetten."),
)
OFFICE = Who(
    "office",
    lambda user, obj: _has_role(user, Role.DIRECTOR, Role.ADMINISTRATOR),
    gettext_lazy("Alleen de directeur of een beheerder kan deze stap zetten."),
)

OPEN = frozenset({C.FILED, C.IN_PROCESSING, C.INFO_REQUESTED})
DECIDABLE = frozenset({C.IN_PROCESSING, C.INFO_REQUESTED})

COMPLAINT_STEPS = [
    Step(
        "file",
        gettext_lazy("Een klacht indienen"),
        frozenset({NEW}),
        C.FILED,
        "complaint_filed",
        MEMBER,
        url_name="complaints:file",
        offered=False,
    ),
    Step(
        "take_in",
        gettext_lazy("In behandeling nemen"),
        frozenset({C.FILED}),
        C.IN_PROCESSING,
        "complaint_taken_in",
        OFFICE,
        url_name="complaints:take_in",
        wrong_state=gettext_lazy("Deze klacht is al in behandeling genomen."),
    ),
    Step(
        "request_info",
        gettext_lazy("Informatie opvragen"),
        frozenset({C.IN_PROCESSING}),
        C.INFO_REQUESTED,
        "complaint_info_requested",
        DIRECTOR,
        url_name="complaints:request_info",
        wrong_state=gettext_lazy("Informatie opvragen kan alleen bij een klacht die in behandeling is."),
    ),
    Step(
        "answer",
        gettext_lazy("Antwoord geven"),
        frozenset({C.INFO_REQUESTED}),
        C.IN_PROCESSING,
        "complaint_info_given",
        MEMBER,
        url_name="complaints:answer",
        wrong_state=gettext_lazy("Er is geen openstaande vraag bij deze klacht."),
    ),
    Step(
        "uphold",
        gettext_lazy("Gegrond verklaren"),
        DECIDABLE,
        C.UPHELD,
        "complaint_decided",
        DIRECTOR,
        url_name="complaints:decide",
        wrong_state=gettext_lazy("Deze klacht kan nu niet worden beslist."),
    ),
    Step(
        "reject",
        gettext_lazy("Ongegrond verklaren"),
        DECIDABLE,
        C.NOT_UPHELD,
        "complaint_decided",
        DIRECTOR,
        url_name="complaints:decide",
        wrong_state=gettext_lazy("Deze klacht kan nu niet worden beslist."),
    ),
]

OBJECTION_STEPS = [
    Step(
        "lodge",
        gettext_lazy("Formeel bezwaar aantekenen"),
        frozenset({NEW}),
        O.LODGED,
        "objection_lodged",
        MEMBER,
        url_name="complaints:objection",
    ),
    Step(
        "uphold",
        gettext_lazy("Bezwaar gegrond verklaren"),
        frozenset({O.LODGED}),
        O.UPHELD,
        "objection_decided",
        DIRECTOR,
        url_name="complaints:objection_decide",
        wrong_state=gettext_lazy("Op dit bezwaar is al beslist."),
    ),
    Step(
        "reject",
        gettext_lazy("Bezwaar ongegrond verklaren"),
        frozenset({O.LODGED}),
        O.REJECTED,
        "objection_decided",
        DIRECTOR,
        url_name="complaints:objection_decide",
        wrong_state=gettext_lazy("Op dit bezwaar is al beslist."),
    ),
]


def _lock_complaint(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update()
        .select_related("participation__organisation", "participation__cycle")
        .get(pk=complaint.pk)
    )


def _lock_objection(objection: Objection) -> Objection:
    return (
        Objection.objects.select_for_update()
        .select_related("complaint__participation__organisation", "complaint__participation__cycle")
        .get(pk=objection.pk)
    )


COMPLAINT = Process(
    name="complaint",
    model=Complaint,
    steps=COMPLAINT_STEPS,
    record=record,
    audit_context=lambda complaint: {"participation": complaint.participation},
    lock=_lock_complaint,
    state_field="status",
)

OBJECTION = Process(
    name="objection",
    model=Objection,
    steps=OBJECTION_STEPS,
    record=record,
    audit_context=lambda objection: {"participation": objection.complaint.participation},
    lock=_lock_objection,
    state_field="status",
)


def steps_for(complaint: Complaint, user: Any, now=None) -> dict[str, bool]:
    """What `user` may do on the complaint page now, by step name: the complaint's steps, the
    objection's decision and, after a complaint not upheld, lodging the one objection."""
    allowed = {a.step.name: a.allowed for a in COMPLAINT.available_steps(complaint, user, now)}
    objection = getattr(complaint, "objection", None)
    if objection is not None:
        decide = OBJECTION.availability("uphold", objection, user, now)
        allowed["objection_decide"] = bool(decide and decide.allowed)
    else:
        draft = Objection(complaint=complaint, status=NEW)
        allowed["objection_lodge"] = (
            complaint.status == C.NOT_UPHELD
            and OBJECTION.refusal(OBJECTION.step("lodge"), draft, user, now) is None
        )
    allowed["decide"] = allowed.get("uphold", False)
    return allowed


def _staff(*roles: str):
    return User.objects.filter(role__in=roles, is_active=True)


def _url(complaint_id: int) -> str:
    return reverse("complaints:detail", args=[complaint_id])


# -- consequences -----------------------------------------------------------------------------------


@COMPLAINT.on_enter(C.UPHELD)
def _award_after_complaint(complaint: Complaint, *, step, user, now, reason) -> None:
    """Upheld: the decision is revised; the participation is awarded again (certificate, register,
    the members' notice of the award: the participation's own consequences)."""
    participation_award(
        participation=complaint.participation, actor=user, reason=_("Klacht gegrond verklaard")
    )


@OBJECTION.on_enter(O.UPHELD)
def _award_after_objection(objection: Objection, *, step, user, now, reason) -> None:
    participation_award(
        participation=objection.complaint.participation, actor=user, reason=_("Bezwaar gegrond verklaard")
    )


@COMPLAINT.after("file")
def notice_filed(complaint: Complaint, **_kwargs) -> None:
    """The director and the administrators: a new complaint, with the take-in deadline."""
    notify_users(
        users=_staff(Role.DIRECTOR, Role.ADMINISTRATOR),
        kind="complaint_filed",
        subject=_("Nieuwe klacht van %(org)s") % {"org": complaint.participation.organisation.name},
        body=_("In behandeling nemen uiterlijk %(date)s.") % {"date": format_day(complaint.take_in_due)},
        url=_url(complaint.pk),
    )


@COMPLAINT.after("take_in")
def notice_taken_in(complaint: Complaint, **_kwargs) -> None:
    notify_members(
        complaint.participation,
        kind="complaint",
        dedupe=None,
        url=_url(complaint.pk),
        subject=_("Uw klacht is in behandeling genomen"),
        body=_("U hoort de uitkomst uiterlijk %(date)s.") % {"date": format_day(complaint.decision_due)},
    )


@COMPLAINT.after("request_info")
def notice_info_requested(complaint: Complaint, *, reason: str, **_kwargs) -> None:
    """The members: the director's question (the step's reason)."""
    notify_members(
        complaint.participation,
        kind="complaint",
        dedupe=None,
        url=_url(complaint.pk),
        subject=_("Vraag over uw klacht"),
        body=reason,
    )


@COMPLAINT.after("answer")
def notice_answered(complaint: Complaint, **_kwargs) -> None:
    """The director: the provider's answer (the last message on the complaint)."""
    answer = complaint.messages.filter(is_request=False).order_by("created_at", "pk").last()
    notify_users(
        users=_staff(Role.DIRECTOR),
        kind="complaint",
        url=_url(complaint.pk),
        subject=_("Antwoord op uw vraag over een klacht"),
        body=answer.text if answer else "",
    )


@COMPLAINT.on_enter(C.UPHELD)
@COMPLAINT.on_enter(C.NOT_UPHELD)
def notice_complaint_decided(complaint: Complaint, **_kwargs) -> None:
    notify_members(
        complaint.participation,
        kind="complaint",
        dedupe=None,
        url=_url(complaint.pk),
        subject=_("Besluit op uw klacht: %(status)s") % {"status": complaint.get_status_display()},
        body=complaint.decision,
    )


@OBJECTION.after("lodge")
def notice_lodged(objection: Objection, **_kwargs) -> None:
    participation = objection.complaint.participation
    notify_users(
        users=_staff(Role.DIRECTOR, Role.ADMINISTRATOR),
        kind="objection",
        url=_url(objection.complaint_id),
        subject=_("Bezwaar aangetekend door %(org)s") % {"org": participation.organisation.name},
        body=objection.text,
    )


@OBJECTION.on_enter(O.UPHELD)
@OBJECTION.on_enter(O.REJECTED)
def notice_objection_decided(objection: Objection, **_kwargs) -> None:
    notify_members(
        objection.complaint.participation,
        kind="objection",
        dedupe=None,
        url=_url(objection.complaint_id),
        subject=_("Besluit op uw bezwaar: %(status)s") % {"status": objection.get_status_display()},
        body=objection.decision,
    )
