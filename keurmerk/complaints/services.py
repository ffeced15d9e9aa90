"""Workflow steps of the complaints procedure (handbook, Klachtenprocedure)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keurmerk.accounts.models import Role, User
from keurmerk.assessments.services import participation_award
from keurmerk.audit import services as audit
from keurmerk.audit.actions import Action
from keurmerk.cycles.models import State
from keurmerk.cycles.notices import notify_members
from keurmerk.cycles.services import TransitionError
from keurmerk.lib.uploads import detect, store
from keurmerk.notifications.services import notify_users

from .models import (
    Complaint,
    ComplaintAttachment,
    ComplaintMessage,
    ComplaintStatus,
    Objection,
    ObjectionStatus,
)

OPEN = [ComplaintStatus.FILED, ComplaintStatus.IN_PROCESSING, ComplaintStatus.INFO_REQUESTED]


def _lock(complaint):
    return (
        Complaint.objects.select_for_update()
        .select_related("participation__organisation", "participation__cycle")
        .get(pk=complaint.pk)
    )


def _staff(*roles):
    return User.objects.filter(role__in=roles, is_active=True)


def _set_status(complaint, status, *, actor, action, reason="", fields=()):
    before = complaint.status
    complaint.status = status
    complaint.save(update_fields=["status", *fields])
    audit.record(
        actor=actor,
        action=action,
        obj=complaint,
        participation=complaint.participation,
        from_state=before,
        to_state=status,
        reason=reason,
    )


@transaction.atomic
def complaint_file(*, participation, user, text, files=(), now=None):
    """A withdrawn provider files a written complaint against the withdrawal or non-award. The
    deadlines count in working days from the moment of filing (`now`, default: this moment)."""
    if participation.state != State.WITHDRAWN:
        raise TransitionError(
            _("U kunt een klacht indienen tegen het intrekken of niet toekennen van het Keurmerk.")
        )
    if participation.complaints.filter(status__in=OPEN).exists():
        raise TransitionError(_("Er loopt al een klacht over deze beslissing."))
    if not text.strip():
        raise TransitionError(_("Beschrijf uw klacht."))
    # Every file is checked before anything is written: a bad file refuses the whole complaint.
    checked = [
        (upload.name, content, detect(content, upload.name))
        for upload in files
        for content in [upload.read()]
    ]
    complaint = Complaint.objects.create(
        participation=participation, filed_by=user, filed_at=now or timezone.now(), text=text.strip()
    )
    for name, content, file_type in checked:
        ComplaintAttachment.objects.create(
            complaint=complaint,
            path=store(content, file_type, "klachten")[0],
            name=name[:255],
            content_type=file_type.content_type,
            size=len(content),
        )
    audit.record(
        actor=user,
        action=Action.COMPLAINT_FILED,
        obj=complaint,
        participation=participation,
        to_state=ComplaintStatus.FILED,
    )
    notify_users(
        users=_staff(Role.DIRECTOR, Role.ADMINISTRATOR),
        kind="complaint_filed",
        subject=_("Nieuwe klacht van %(org)s") % {"org": participation.organisation.name},
        body=_("In behandeling nemen uiterlijk %(date)s.")
        % {"date": complaint.take_in_due.strftime("%d-%m-%Y")},
        url=f"/klachten/{complaint.pk}/",
    )
    return complaint


@transaction.atomic
def complaint_take_in(*, complaint, user):
    complaint = _lock(complaint)
    if complaint.status != ComplaintStatus.FILED:
        raise TransitionError(_("Deze klacht is al in behandeling genomen."))
    complaint.taken_in_at = timezone.now()
    _set_status(
        complaint,
        ComplaintStatus.IN_PROCESSING,
        actor=user,
        action=Action.COMPLAINT_TAKEN_IN,
        fields=["taken_in_at"],
    )
    notify_members(
        complaint.participation,
        kind="complaint",
        dedupe=None,
        url=f"/klachten/{complaint.pk}/",
        subject=_("Uw klacht is in behandeling genomen"),
        body=_("U hoort de uitkomst uiterlijk %(date)s.")
        % {"date": complaint.decision_due.strftime("%d-%m-%Y")},
    )
    return complaint


@transaction.atomic
def complaint_request_info(*, complaint, user, text):
    complaint = _lock(complaint)
    if complaint.status != ComplaintStatus.IN_PROCESSING:
        raise TransitionError(_("Informatie opvragen kan alleen bij een klacht die in behandeling is."))
    ComplaintMessage.objects.create(complaint=complaint, author=user, is_request=True, text=text.strip())
    _set_status(
        complaint,
        ComplaintStatus.INFO_REQUESTED,
        actor=user,
        action=Action.COMPLAINT_INFO_REQUESTED,
        reason=text.strip(),
    )
    notify_members(
        complaint.participation,
        kind="complaint",
        dedupe=None,
        url=f"/klachten/{complaint.pk}/",
        subject=_("Vraag over uw klacht"),
        body=text.strip(),
    )
    return complaint


@transaction.atomic
def complaint_answer(*, complaint, user, text):
    complaint = _lock(complaint)
    if complaint.status != ComplaintStatus.INFO_REQUESTED:
        raise TransitionError(_("Er is geen openstaande vraag bij deze klacht."))
    ComplaintMessage.objects.create(complaint=complaint, author=user, text=text.strip())
    _set_status(complaint, ComplaintStatus.IN_PROCESSING, actor=user, action=Action.COMPLAINT_INFO_GIVEN)
    notify_users(
        users=_staff(Role.DIRECTOR),
        kind="complaint",
        url=f"/klachten/{complaint.pk}/",
        subject=_("Antwoord op uw vraag over een klacht"),
        body=text.strip(),
    )
    return complaint


@transaction.atomic
def complaint_decide(*, complaint, user, upheld, decision):
    """The director decides. Upheld: the decision is revised (awarded, back in the register).
    Not upheld: the provider may lodge a formal objection."""
    complaint = _lock(complaint)
    if complaint.status not in (ComplaintStatus.IN_PROCESSING, ComplaintStatus.INFO_REQUESTED):
        raise TransitionError(_("Deze klacht kan nu niet worden beslist."))
    if not decision.strip():
        raise TransitionError(_("Motiveer het besluit."))
    complaint.decided_at, complaint.decided_by, complaint.decision = timezone.now(), user, decision.strip()
    status = ComplaintStatus.UPHELD if upheld else ComplaintStatus.NOT_UPHELD
    _set_status(
        complaint,
        status,
        actor=user,
        action=Action.COMPLAINT_DECIDED,
        reason=decision.strip(),
        fields=["decided_at", "decided_by", "decision"],
    )
    if upheld:
        participation_award(
            participation=complaint.participation, actor=user, reason=_("Klacht gegrond verklaard")
        )
    notify_members(
        complaint.participation,
        kind="complaint",
        dedupe=None,
        url=f"/klachten/{complaint.pk}/",
        subject=_("Besluit op uw klacht: %(status)s") % {"status": complaint.get_status_display()},
        body=decision.strip(),
    )
    return complaint


@transaction.atomic
def objection_lodge(*, complaint, user, text):
    complaint = _lock(complaint)
    if complaint.status != ComplaintStatus.NOT_UPHELD:
        raise TransitionError(_("Bezwaar kan alleen tegen een ongegrond verklaarde klacht."))
    if Objection.objects.filter(complaint=complaint).exists():
        raise TransitionError(_("Tegen dit besluit is al bezwaar aangetekend."))
    if not text.strip():
        raise TransitionError(_("Beschrijf uw bezwaar."))
    objection = Objection.objects.create(
        complaint=complaint, lodged_by=user, lodged_at=timezone.now(), text=text.strip()
    )
    audit.record(
        actor=user,
        action=Action.OBJECTION_LODGED,
        obj=objection,
        participation=complaint.participation,
        to_state=ObjectionStatus.LODGED,
    )
    notify_users(
        users=_staff(Role.DIRECTOR, Role.ADMINISTRATOR),
        kind="objection",
        url=f"/klachten/{complaint.pk}/",
        subject=_("Bezwaar aangetekend door %(org)s") % {"org": complaint.participation.organisation.name},
        body=text.strip(),
    )
    return objection


@transaction.atomic
def objection_decide(*, objection, user, upheld, decision):
    objection = (
        Objection.objects.select_for_update().select_related("complaint__participation").get(pk=objection.pk)
    )
    if objection.status != ObjectionStatus.LODGED:
        raise TransitionError(_("Op dit bezwaar is al beslist."))
    if not decision.strip():
        raise TransitionError(_("Motiveer het besluit."))
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
    objection.decided_at, objection.decided_by, objection.decision = timezone.now(), user, decision.strip()
    objection.save(update_fields=["status", "decided_at", "decided_by", "decision"])
    participation = objection.complaint.participation
    audit.record(
        actor=user,
        action=Action.OBJECTION_DECIDED,
        obj=objection,
        participation=participation,
        from_state=ObjectionStatus.LODGED,
        to_state=objection.status,
        reason=decision.strip(),
    )
    if upheld:
        participation_award(participation=participation, actor=user, reason=_("Bezwaar gegrond verklaard"))
    notify_members(
        participation,
        kind="objection",
        dedupe=None,
        url=f"/klachten/{objection.complaint_id}/",
        subject=_("Besluit op uw bezwaar: %(status)s") % {"status": objection.get_status_display()},
        body=decision.strip(),
    )
    return objection
