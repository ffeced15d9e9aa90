"""Workflow steps of the yearly cycle (keurmerkproces), handbook chapter 4, Fase 1–2.

The participation's steps are declared in `states.py` and carried out by `PARTICIPATION.carry_out`:
it checks who may take the step, from which state and whether the phase is open; a refused step
raises `StepRefused` (here also named `TransitionError`) and changes nothing; an accepted one writes
its audit row, its consequences and queues its notifications for when the transaction commits.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from keurmerk.audit import services as audit
from keurmerk.audit.actions import Action
from keurmerk.lib.errors import StepRefused

from .calendar import cycle_window, holder_ids
from .models import AgreementVersion, Cycle, Extension, Participation, Phase, State
from .notices import notify_members
from .states import ADMINISTRATOR, MEMBER, PARTICIPATION, is_member_of

DEFAULT_AGREEMENT = """Overeenkomst Keurmerk {year}

De GGZ-aanbieder en {owner} komen het volgende overeen.

1. De GGZ-aanbieder geeft aan volgens de normen van het Keurmerk {year} te handelen, of dit
   (uiterlijk) per 1 januari {year} te doen.
2. De overeenkomst geeft recht op het voeren van het Keurmerk {year} vanaf 1 januari {year},
   tenzij het Keurmerk eerder is ingetrokken.
3. De GGZ-aanbieder toont met een zelfevaluatie aan dat hij aan alle normen invulling geeft.
   Kwalificeert de GGZ-aanbieder zich niet, dan wordt het Keurmerk ingetrokken en wordt de
   overeenkomst ontbonden.

(Tekst door de beheerder aan te vullen.)"""


# The one refusal of every step (keurmerk.lib.errors); the old name stays for existing callers.
TransitionError = StepRefused


def handbook_dates(year):
    """The phase dates of the 2022 handbook, shifted to `year` (all editable by the administrator)."""
    d = datetime.date
    return {
        "norms_public": d(year - 1, 4, 1),
        "application_opens": d(year - 1, 9, 1),
        "application_closes": d(year - 1, 10, 31),
        "selfevaluation_opens": d(year - 1, 11, 1),
        "selfevaluation_closes": d(year, 1, 31),
        "first_report_due": d(year, 2, 16),
        "revision_opens": d(year, 2, 17),
        "revision_closes": d(year, 3, 31),
        "final_report_due": d(year, 4, 12),
        "withdrawal_effective": d(year, 4, 1),
    }


@transaction.atomic
def cycle_create(*, user, year, framework, dates, agreement_text=""):
    """Create the cycle of a year with its framework (pinned) and phase dates, and version 1 of
    the agreement text."""
    if Cycle.objects.filter(year=year).exists():
        raise TransitionError(_("Er bestaat al een keurmerkproces voor %(year)s.") % {"year": year})
    cycle = Cycle(year=year, framework=framework, **dates)
    cycle.full_clean()
    cycle.save()
    text = agreement_text or DEFAULT_AGREEMENT.format(year=year, owner=framework.scheme_owner)
    AgreementVersion.objects.create(cycle=cycle, version=1, text=text, created_by=user)
    audit.record(actor=user, action=Action.CYCLE_CREATED, obj=cycle, data={"framework": framework.year})
    return cycle


@transaction.atomic
def agreement_update(*, cycle, user, text):
    """Store a new version of the agreement text; earlier signatures keep pointing at theirs."""
    current = cycle.agreement_versions.first()
    if current and current.text == text:
        return current
    version = AgreementVersion.objects.create(
        cycle=cycle, version=(current.version + 1 if current else 1), text=text, created_by=user
    )
    audit.record(actor=user, action=Action.AGREEMENT_UPDATED, obj=cycle, data={"version": version.version})
    return version


def participation_sign_agreement(*, participation, user, signer_name, signer_role, now=None):
    """Fase 1 step 2–3: the provider signs the agreement digitally.

    Stores the signer's name and role, the time and the SHA-256 fingerprint of the exact agreement
    text signed; the members get a confirmation with tips to prepare (Fase 2). Who, from which
    state and in which phase: the step "sign" in `states.py`.
    """
    if not signer_name.strip() or not signer_role.strip():
        raise TransitionError(_("Vul de naam en de functie van de ondertekenaar in."))
    version = participation.cycle.agreement_versions.first()
    changes = {
        "agreement_version": version,
        "agreement_fingerprint": version.fingerprint,
        "signer_name": signer_name.strip(),
        "signer_role": signer_role.strip(),
        "signed_at": timezone.now(),
        "signed_by": user,
    }
    data = {"fingerprint": version.fingerprint, "version": version.version}
    participation = PARTICIPATION.carry_out(
        "sign", participation, user=user, now=now, changes=changes, data=data
    )
    notice_signed(participation)
    return participation


def notice_signed(participation):
    """The members' confirmation of the signature, with the way to the preparation page."""
    notify_members(
        participation,
        kind="agreement_signed",
        dedupe=f"signed:{participation.pk}",
        subject=_("Overeenkomst Keurmerk %(year)s ondertekend") % {"year": participation.cycle.year},
        body=_(
            "De overeenkomst is ondertekend door %(name)s (%(role)s). Tips om u voor te bereiden op de "
            "zelfevaluatie vindt u in de Keurmerkwijzer en op uw startpagina."
        )
        % {"name": participation.signer_name, "role": participation.signer_role},
        url=reverse("cycles:preparation", args=[participation.pk]),
    )


@transaction.atomic
def offer_to_holders(*, cycle, actor=None, now=None):
    """Current holders are offered the new agreement automatically when the cycle opens.

    Idempotent: an organisation that already participates in the cycle is left alone.
    """
    if not cycle_window(cycle, Phase.APPLICATION).is_open(now):
        return []
    previous_year_end = datetime.date(cycle.year - 1, 12, 31)
    holders = holder_ids(cycle.year - 1, on=previous_year_end)
    already = set(Participation.objects.filter(cycle=cycle).values_list("organisation_id", flat=True))
    offered = []
    for organisation_id in sorted(holders - already):
        participation = Participation.objects.create(
            organisation_id=organisation_id, cycle=cycle, state=State.OFFERED, is_returning=True
        )
        audit.record(
            actor=actor,
            action=Action.AGREEMENT_OFFERED,
            obj=participation,
            participation=participation,
            to_state=State.OFFERED,
        )
        notify_members(
            participation,
            kind="agreement_offered",
            dedupe=f"offered:{participation.pk}",
            subject=_("Nieuwe overeenkomst Keurmerk %(year)s") % {"year": cycle.year},
            body=_(
                "U draagt het Keurmerk; de overeenkomst voor %(year)s staat voor u klaar om te ondertekenen."
            )
            % {"year": cycle.year},
            url=reverse("cycles:agreement", args=[participation.pk]),
        )
        offered.append(participation)
    return offered


@transaction.atomic
def participation_reapply(*, organisation, cycle, user, now=None):
    """Fase 1 step 1 for a known organisation: a member applies for the coming cycle during the
    application window, e.g. after its mark was withdrawn (handbook Fase 4: "Het Keurmerk kan voor
    een volgend jaar opnieuw tijdens de aanmeldperiode worden aangevraagd"); the mark then counts
    from 1 April and only after timely qualification (`calendar.holder_ids`). New organisations
    apply with the application form (`participation_apply`)."""
    if not is_member_of(user, organisation.pk):
        raise TransitionError(MEMBER.refusal)
    if not cycle_window(cycle, Phase.APPLICATION).is_open(now):
        raise TransitionError(
            _(
                "Aanmelden voor het Keurmerk %(year)s kan alleen in de aanmeldperiode (%(opens)s tot en met %(closes)s)."
            )
            % {
                "year": cycle.year,
                "opens": _day(cycle.application_opens),
                "closes": _day(cycle.application_closes),
            }
        )
    if Participation.objects.select_for_update().filter(organisation=organisation, cycle=cycle).exists():
        raise TransitionError(
            _("Uw organisatie is al aangemeld voor het Keurmerk %(year)s.") % {"year": cycle.year}
        )
    participation = Participation.objects.create(organisation=organisation, cycle=cycle, state=State.APPLIED)
    audit.record(
        actor=user,
        action=Action.PARTICIPATION_APPLIED,
        obj=participation,
        participation=participation,
        to_state=State.APPLIED,
    )
    return participation


def _day(day):
    return date_format(day, "j F Y")


@transaction.atomic
def participation_grant_extension(*, participation, user, phase, until, reason):
    """The administrator extends one phase for one participation, with a recorded reason."""
    if not ADMINISTRATOR.test(user, participation):
        raise TransitionError(_("Alleen een beheerder kan een verlenging toekennen."))
    if not reason.strip():
        raise TransitionError(_("Geef een reden voor de verlenging."))
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    extension = Extension.objects.create(
        participation=participation, phase=phase, until=until, reason=reason.strip(), granted_by=user
    )
    audit.record(
        actor=user,
        action=Action.EXTENSION_GRANTED,
        obj=extension,
        participation=participation,
        reason=reason.strip(),
        data={"phase": phase, "until": until.isoformat()},
    )
    return extension


def participation_override(*, participation, user, to_state, reason):
    """The administrator sets a participation's state by hand, always with a recorded reason. The
    new state brings exactly the consequences it brings by any other way (`states.py`)."""
    if not ADMINISTRATOR.test(user, participation):
        raise TransitionError(ADMINISTRATOR.refusal)
    if not reason.strip():
        raise TransitionError(_("Geef een reden voor het overschrijven van de stap."))
    if to_state not in State.values:
        raise TransitionError(_("Onbekende status."))
    return PARTICIPATION.carry_out(f"override_{to_state}", participation, user=user, reason=reason.strip())
