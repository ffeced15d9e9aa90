"""What the participation's states bring for certificates (the process itself is declared in
`cycles/states.py`): entering "awarded" issues the keurmerkcertificaat or restores a revoked one and
tells the members; entering "withdrawn" revokes it. Registered when the app is ready, so that every
way into these states (report, `tick`, override, complaint, objection) carries them."""

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from keurmerk.cycles.calendar import valid_from
from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.notices import notify_members
from keurmerk.cycles.states import PARTICIPATION
from keurmerk.lib.workflow import Step
from keurmerk.selfevaluations.models import Status

from .models import Assessment, Certificate


@PARTICIPATION.on_enter(State.AWARDED)
def issue_certificate(
    participation: Participation, *, step: Step, user: Any, now: datetime.datetime | None, reason: str
) -> None:
    """Handbook Fase 4: "u ontvangt het Keurmerkcertificaat"; after a revised withdrawal the same
    certificate is valid again."""
    certificate, created = Certificate.objects.get_or_create(
        participation=participation, defaults={"valid_from": valid_from(participation)}
    )
    if not created and certificate.revoked_at is not None:
        certificate.revoked_at = None
        certificate.save(update_fields=["revoked_at"])
    participation.certificate = certificate
    notice_awarded(participation, certificate)


@PARTICIPATION.on_enter(State.SUBMITTED)
@PARTICIPATION.on_enter(State.REVISION_SUBMITTED)
def open_assessment(
    participation: Participation, *, step: Step, user: Any, now: datetime.datetime | None, reason: str
) -> None:
    """A submitted self-evaluation (Fase 3.1 step 6, Fase 3.3 step 10) is there to be assessed
    (Fase 3.2): its assessment exists from the submission on, so that opening it writes nothing."""
    latest = participation.self_evaluations.filter(status=Status.SUBMITTED).order_by("-round", "-pk").first()
    if latest is not None:
        Assessment.objects.get_or_create(self_evaluation=latest)


@PARTICIPATION.on_enter(State.WITHDRAWN)
def revoke_certificate(
    participation: Participation, *, step: Step, user: Any, now: datetime.datetime | None, reason: str
) -> None:
    Certificate.objects.filter(participation=participation, revoked_at=None).update(revoked_at=timezone.now())


def notice_awarded(participation: Participation, certificate: Certificate) -> None:
    """The members' notice of the award, with the certificate's code and the way to download it."""
    notify_members(
        participation,
        kind="awarded",
        dedupe=None,
        subject=_("Keurmerk %(year)s toegekend") % {"year": participation.cycle.year},
        body=_("U heeft zich gekwalificeerd. Uw keurmerkcertificaat (verificatiecode %(code)s) staat klaar.")
        % {"code": certificate.code},
        url=reverse("assessments:certificate", args=[participation.pk]),
    )
