"""Decisions of the scheme owner (handbook Fase 4): award with a certificate, or withdrawal with
effect from 1 April (removed from the register, agreement dissolved). Time-driven withdrawals for
providers that did not submit or revise in time are made by `tick`. The steps are declared in
`cycles/states.py`; what they bring for certificates in `assessments/states.py`."""

from django.utils import timezone
from django.utils.translation import gettext as _

from keurmerk.cycles.calendar import past_deadline
from keurmerk.cycles.models import Participation, Phase, State
from keurmerk.cycles.states import PARTICIPATION


def participation_award(*, participation, actor, reason=""):
    """Fase 4: award the mark. Entering "awarded" issues the certificate with its verification code
    (or restores a revoked one) and tells the members (`states.py` here and in cycles)."""
    participation = PARTICIPATION.carry_out("award", participation, user=actor, reason=reason)
    return participation.certificate


def participation_withdraw(*, participation, actor, reason):
    """Fase 4: withdraw the mark, with effect from 1 April or the day of a later decision
    (`calendar.withdrawal_takes_effect`): the agreement is dissolved, the certificate revoked, the
    members told; the register follows from the state. The certificate's bit in the revocation
    status list reads 1 from this step on (`credentials.selectors.revoked_indexes`)."""
    return PARTICIPATION.carry_out("withdraw", participation, user=actor, reason=reason)


def withdraw_overdue(now=None):
    """Withdraw providers that did not submit (self-evaluation phase) or did not revise (revision
    phase) in time. Idempotent: a withdrawn participation is not touched again."""
    now = now or timezone.now()
    count = 0
    rules = [
        (State.SIGNED, Phase.SELFEVALUATION, _("Geen zelfevaluatie ingediend voor de uiterste datum.")),
        (
            State.NOT_QUALIFIED,
            Phase.REVISION,
            _("Niet gekwalificeerd en geen aangepaste zelfevaluatie ingediend voor de uiterste datum."),
        ),
    ]
    for state, phase, reason in rules:
        candidates = (
            Participation.objects.filter(state=state).select_related("cycle").prefetch_related("extensions")
        )
        for participation in candidates:
            if past_deadline(participation, phase, now):
                participation_withdraw(participation=participation, actor=None, reason=reason)
                count += 1
    return count
