"""Workflow steps of the complaints procedure (handbook, Klachtenprocedure).

The steps are declared in `states.py` (from-states, to-state, who, consequences) and carried out by
`COMPLAINT.carry_out` / `OBJECTION.carry_out`: a refused step raises `StepRefused` (here also
`TransitionError`) and changes nothing; an accepted one writes its audit row, its consequences
(an upheld complaint or objection awards again) and queues its notices for the commit.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keurmerk.cycles.models import State
from keurmerk.lib.errors import StepRefused
from keurmerk.lib.uploads import detect, store
from keurmerk.lib.workflow import NEW

from .models import Complaint, ComplaintAttachment, ComplaintMessage, Objection
from .states import COMPLAINT, OBJECTION
from .states import OPEN as OPEN_STATES

TransitionError = StepRefused
OPEN = list(OPEN_STATES)


def _checked(files):
    """Every file is checked before anything is written: one bad file refuses the whole step."""
    return [
        (upload.name, content, detect(content, upload.name))
        for upload in files
        for content in [upload.read()]
    ]


def _attach(complaint, checked, message=None):
    for name, content, file_type in checked:
        ComplaintAttachment.objects.create(
            complaint=complaint,
            message=message,
            path=store(content, file_type, "klachten")[0],
            name=name[:255],
            content_type=file_type.content_type,
            size=len(content),
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
    checked = _checked(files)
    complaint = Complaint(
        participation=participation,
        filed_by=user,
        filed_at=now or timezone.now(),
        text=text.strip(),
        status=NEW,
    )
    complaint = COMPLAINT.carry_out("file", complaint, user=user, now=now)
    _attach(complaint, checked)
    return complaint


def complaint_take_in(*, complaint, user):
    """The office takes the complaint into processing (within five working days of filing)."""
    return COMPLAINT.carry_out("take_in", complaint, user=user, changes={"taken_in_at": timezone.now()})


@transaction.atomic
def complaint_request_info(*, complaint, user, text):
    """The director asks the provider for more information; the question goes to the members."""
    complaint = COMPLAINT.carry_out("request_info", complaint, user=user, reason=text.strip())
    ComplaintMessage.objects.create(complaint=complaint, author=user, is_request=True, text=text.strip())
    return complaint


@transaction.atomic
def complaint_answer(*, complaint, user, text, files=()):
    """The provider answers the director's question, with files if the answer needs them; the
    complaint is in processing again."""
    complaint = COMPLAINT.lock(complaint)
    if COMPLAINT.refusal(COMPLAINT.step("answer"), complaint, user) is None:
        checked = _checked(files)
        message = ComplaintMessage.objects.create(complaint=complaint, author=user, text=text.strip())
        _attach(complaint, checked, message)
    return COMPLAINT.carry_out("answer", complaint, user=user)


@transaction.atomic
def complaint_decide(*, complaint, user, upheld, decision):
    """The director decides. Upheld: the decision is revised (awarded, back in the register).
    Not upheld: the provider may lodge a formal objection."""
    complaint = COMPLAINT.lock(complaint)
    refused = COMPLAINT.refusal(COMPLAINT.step("uphold"), complaint, user)
    if refused is not None:
        raise TransitionError(refused.reason)
    if not decision.strip():
        raise TransitionError(_("Motiveer het besluit."))
    changes = {"decided_at": timezone.now(), "decided_by": user, "decision": decision.strip()}
    step = "uphold" if upheld else "reject"
    return COMPLAINT.carry_out(step, complaint, user=user, reason=decision.strip(), changes=changes)


@transaction.atomic
def objection_lodge(*, complaint, user, text):
    """After a complaint that was not upheld, the provider lodges one formal objection."""
    complaint = COMPLAINT.lock(complaint)
    if complaint.status != COMPLAINT.step("reject").target:
        raise TransitionError(_("Bezwaar kan alleen tegen een ongegrond verklaarde klacht."))
    if Objection.objects.filter(complaint=complaint).exists():
        raise TransitionError(_("Tegen dit besluit is al bezwaar aangetekend."))
    if not text.strip():
        raise TransitionError(_("Beschrijf uw bezwaar."))
    objection = Objection(
        complaint=complaint, lodged_by=user, lodged_at=timezone.now(), text=text.strip(), status=NEW
    )
    return OBJECTION.carry_out("lodge", objection, user=user)


@transaction.atomic
def objection_decide(*, objection, user, upheld, decision):
    """The director decides the objection; upheld, the participation is awarded again."""
    objection = OBJECTION.lock(objection)
    refused = OBJECTION.refusal(OBJECTION.step("uphold"), objection, user)
    if refused is not None:
        raise TransitionError(refused.reason)
    if not decision.strip():
        raise TransitionError(_("Motiveer het besluit."))
    changes = {"decided_at": timezone.now(), "decided_by": user, "decision": decision.strip()}
    step = "uphold" if upheld else "reject"
    return OBJECTION.carry_out(step, objection, user=user, reason=decision.strip(), changes=changes)
