"""Decisions of the scheme owner (handbook Fase 4): award with a certificate, or withdrawal with
effect from 1 April (removed from the register, agreement dissolved). Time-driven withdrawals for
providers that did not submit or revise in time are made by `tick`."""

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keurmerk.cycles.models import Participation, Phase, State
from keurmerk.cycles.notices import notify_members
from keurmerk.cycles.selectors import withdrawn_in
from keurmerk.cycles.services import advance, extended_until
from keurmerk.lib.dates import end_of_day
from keurmerk.organisations.models import HeldMark

from .models import STATUS_LIST_SIZE, Certificate

AWARDABLE = [State.QUALIFIED, State.SUBMITTED, State.REVISION_SUBMITTED]
WITHDRAWABLE = [State.SIGNED, State.SUBMITTED, State.NOT_QUALIFIED, State.REVISION_SUBMITTED, State.QUALIFIED]


def valid_from(participation):
    """1 January of the year; 1 April for a provider whose mark was withdrawn the year before."""
    cycle = participation.cycle
    withdrawn_before = withdrawn_in(cycle.year - 1).filter(organisation=participation.organisation).exists()
    return cycle.withdrawal_effective if withdrawn_before else datetime.date(cycle.year, 1, 1)


def _certificate_for(participation):
    """The participation's certificate, made on first award with a random free place in the
    revocation status list. The unique constraint decides a collision (also between two workers at
    once): the losing insert is rolled back to its savepoint and tried again with another place."""
    for _attempt in range(50):
        existing = Certificate.objects.filter(participation=participation).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    participation=participation,
                    valid_from=valid_from(participation),
                    status_list_index=secrets.randbelow(STATUS_LIST_SIZE),
                )
        except IntegrityError:
            continue
    raise RuntimeError("No free place in the revocation status list after 50 attempts.")


@transaction.atomic
def participation_award(*, participation, actor, reason=""):
    """Award the mark: the certificate with its verification code, a lasting place in the register."""
    participation = advance(
        participation=participation, to_state=State.AWARDED, allowed_from=AWARDABLE + [State.WITHDRAWN],
        actor=actor, action="awarded", reason=reason,
    )  # fmt: skip
    certificate = _certificate_for(participation)
    if certificate.revoked_at:  # a withdrawal revised after a complaint
        certificate.revoked_at = None
        certificate.save(update_fields=["revoked_at"])
    participation.agreement_dissolved_at = None
    participation.save(update_fields=["agreement_dissolved_at"])
    HeldMark.objects.get_or_create(
        organisation=participation.organisation, year=participation.cycle.year, defaults={"source": "awarded"}
    )
    notify_members(
        participation, kind="awarded", dedupe=None,
        subject=_("Keurmerk %(year)s toegekend") % {"year": participation.cycle.year},
        body=_("U heeft zich gekwalificeerd. Uw keurmerkcertificaat (verificatiecode %(code)s) staat klaar.")
        % {"code": certificate.code},
        url=f"/certificaat/{participation.pk}/",
    )  # fmt: skip
    return certificate


@transaction.atomic
def participation_withdraw(*, participation, actor, reason):
    """Withdraw the mark with effect from the cycle's withdrawal date (1 April): the provider leaves
    the register, the agreement is dissolved, the members are told. From this step on the
    certificate's bit in the revocation status list reads 1 (it follows the state; see
    `credentials.selectors.revoked_indexes`)."""
    participation = advance(
        participation=participation, to_state=State.WITHDRAWN, allowed_from=WITHDRAWABLE + [State.AWARDED],
        actor=actor, action="withdrawn", reason=reason,
    )  # fmt: skip
    participation.agreement_dissolved_at = timezone.now()
    participation.save(update_fields=["agreement_dissolved_at"])
    Certificate.objects.filter(participation=participation, revoked_at=None).update(revoked_at=timezone.now())
    HeldMark.objects.filter(
        organisation=participation.organisation, year=participation.cycle.year, source="awarded"
    ).delete()
    notify_members(
        participation, kind="withdrawn", dedupe=None,
        subject=_("Keurmerk %(year)s ingetrokken") % {"year": participation.cycle.year},
        body=_(
            "Het Keurmerk wordt ingetrokken met ingang van %(date)s; de overeenkomst is ontbonden. Reden: %(reason)s. "
            "Bent u het hier niet mee eens? Dan kunt u schriftelijk een klacht indienen."
        ) % {"date": participation.cycle.withdrawal_effective.strftime("%d-%m-%Y"), "reason": reason},
        url="/klachten/",
    )  # fmt: skip
    return participation


def _past(participation, phase, closes, now):
    deadline = max(extended_until(participation, phase) or closes, closes)
    return now >= end_of_day(deadline)


def withdraw_overdue(now=None):
    """Withdraw providers that did not submit (self-evaluation phase) or did not revise (revision
    phase) in time. Idempotent: a withdrawn participation is not touched again."""
    now = now or timezone.now()
    count = 0
    rules = [(State.SIGNED, Phase.SELFEVALUATION, "selfevaluation_closes",
              _("Geen zelfevaluatie ingediend voor de uiterste datum.")),
             (State.NOT_QUALIFIED, Phase.REVISION, "revision_closes",
              _("Niet gekwalificeerd en geen aangepaste zelfevaluatie ingediend voor de uiterste datum."))]  # fmt: skip
    for state, phase, field, reason in rules:
        candidates = (
            Participation.objects.filter(state=state).select_related("cycle").prefetch_related("extensions")
        )
        for participation in candidates:
            if _past(participation, phase, getattr(participation.cycle, field), now):
                participation_withdraw(participation=participation, actor=None, reason=reason)
                count += 1
    return count
