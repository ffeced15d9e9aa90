"""Workflow steps of the yearly cycle (keurmerkproces), handbook chapter 4, Fase 1–2.

Every step checks who may do it, from which state and whether the phase is open; a refused step
raises `TransitionError` and changes nothing; an accepted one writes its audit row and queues its
notifications when the transaction commits.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from keurmerk.lib.dates import is_open, local_today
from keurmerk.organisations.access import organisations_of

from . import audit
from .models import AgreementVersion, Cycle, Extension, Participation, Phase, State
from .notices import notify_members
from .selectors import holder_ids

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


class TransitionError(ValidationError):
    """A workflow step that is not allowed now; the message says why, in Dutch."""


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
    audit.record(actor=user, action="cycle_created", obj=cycle, data={"framework": framework.year})
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
    audit.record(actor=user, action="agreement_updated", obj=cycle, data={"version": version.version})
    return version


def extended_until(participation, phase):
    dates = [e.until for e in participation.extensions.all() if e.phase == phase]
    return max(dates) if dates else None


def phase_open(participation, phase, now=None):
    cycle = participation.cycle
    opens, closes = {
        Phase.APPLICATION: (cycle.application_opens, cycle.application_closes),
        Phase.SELFEVALUATION: (cycle.selfevaluation_opens, cycle.selfevaluation_closes),
        Phase.REVISION: (cycle.revision_opens, cycle.revision_closes),
    }[phase]
    return is_open(opens, closes, now=now, extended_until=extended_until(participation, phase))


def _require_member(user, participation, refusal):
    """Only a member of the participation's own organisation may take the provider's steps."""
    if user is None or not user.is_authenticated:
        raise TransitionError(refusal)
    if not organisations_of(user).filter(pk=participation.organisation_id).exists():
        raise TransitionError(refusal)


def _require_administrator(user, refusal):
    """Extensions and overrides are the scheme owner's administrators' decisions alone."""
    if user is None or not getattr(user, "is_administrator", False):
        raise TransitionError(refusal)


def _lock(participation):
    return (
        Participation.objects.select_for_update()
        .select_related("organisation", "cycle")
        .get(pk=participation.pk)
    )


def _move(participation, *, to_state, actor, action, reason="", data=None, extra_fields=()):
    """Change the state, write the audit row. The caller has locked the row and checked the rules."""
    from_state = participation.state
    participation.state = to_state
    participation.state_changed_at = timezone.now()
    participation.save(update_fields=["state", "state_changed_at", *extra_fields])
    audit.record(
        actor=actor,
        action=action,
        obj=participation,
        participation=participation,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data,
    )
    return participation


@transaction.atomic
def participation_sign_agreement(*, participation, user, signer_name, signer_role, now=None):
    """Fase 1 step 2–3: the provider signs the agreement digitally.

    Stores the signer's name and role, the time and the SHA-256 fingerprint of the exact agreement
    text signed; the members get a confirmation with tips to prepare (Fase 2).
    """
    _require_member(
        user,
        participation,
        _("Alleen een medewerker van de GGZ-aanbieder zelf kan deze overeenkomst ondertekenen."),
    )
    participation = _lock(participation)
    if participation.state not in (State.OFFERED, State.APPLIED):
        raise TransitionError(_("Deze overeenkomst is al ondertekend of kan niet meer worden ondertekend."))
    if not phase_open(participation, Phase.APPLICATION, now=now):
        raise TransitionError(_("De aanmeldperiode is gesloten; ondertekenen kan niet meer."))
    if not signer_name.strip() or not signer_role.strip():
        raise TransitionError(_("Vul de naam en de functie van de ondertekenaar in."))
    version = participation.cycle.agreement_versions.first()
    participation.agreement_version = version
    participation.agreement_fingerprint = version.fingerprint
    participation.signer_name, participation.signer_role = signer_name.strip(), signer_role.strip()
    participation.signed_at, participation.signed_by = timezone.now(), user
    fields = [
        "agreement_version",
        "agreement_fingerprint",
        "signer_name",
        "signer_role",
        "signed_at",
        "signed_by",
    ]
    _move(
        participation,
        to_state=State.SIGNED,
        actor=user,
        action="agreement_signed",
        extra_fields=fields,
        data={"fingerprint": version.fingerprint, "version": version.version},
    )
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
        url=f"/deelname/{participation.pk}/voorbereiding/",
    )
    return participation


@transaction.atomic
def offer_to_holders(*, cycle, actor=None, now=None):
    """Current holders are offered the new agreement automatically when the cycle opens.

    Idempotent: an organisation that already participates in the cycle is left alone.
    """
    if not is_open(cycle.application_opens, cycle.application_closes, now=now):
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
            action="agreement_offered",
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
            url=f"/deelname/{participation.pk}/overeenkomst/",
        )
        offered.append(participation)
    return offered


@transaction.atomic
def participation_grant_extension(*, participation, user, phase, until, reason):
    """The administrator extends one phase for one participation, with a recorded reason."""
    _require_administrator(user, _("Alleen een beheerder kan een verlenging toekennen."))
    if not reason.strip():
        raise TransitionError(_("Geef een reden voor de verlenging."))
    if until < local_today():
        raise TransitionError(
            _("‘Verlengd tot en met’ ligt in het verleden (%(until)s): kies vandaag of een latere datum.")
            % {"until": date_format(until, "j F Y")}
        )
    participation = _lock(participation)
    extension = Extension.objects.create(
        participation=participation, phase=phase, until=until, reason=reason.strip(), granted_by=user
    )
    audit.record(
        actor=user,
        action="extension_granted",
        obj=extension,
        participation=participation,
        reason=reason.strip(),
        data={"phase": phase, "until": until.isoformat()},
    )
    return extension


@transaction.atomic
def participation_revoke_extension(*, extension: Extension, user, reason: str) -> None:
    """The administrator takes back a granted extension (e.g. granted by mistake), with a reason.

    The phase's deadline is the regular one again, or that of another extension of the same phase;
    the grant and the revocation both stay in the audit log.
    """
    _require_administrator(user, _("Alleen een beheerder kan een verlenging intrekken."))
    if not reason.strip():
        raise TransitionError(_("Geef een reden voor het intrekken van de verlenging."))
    participation = _lock(extension.participation)
    extension = Extension.objects.select_for_update().filter(pk=extension.pk).first()
    if extension is None:
        raise TransitionError(_("Deze verlenging is al ingetrokken."))
    audit.record(
        actor=user,
        action="extension_revoked",
        obj=extension,
        participation=participation,
        reason=reason.strip(),
        data={"phase": extension.phase, "until": extension.until.isoformat()},
    )
    extension.delete()


@transaction.atomic
def participation_override(*, participation, user, to_state, reason):
    """The administrator sets a participation's state by hand, always with a recorded reason."""
    _require_administrator(user, _("Alleen een beheerder kan een stap overschrijven."))
    if not reason.strip():
        raise TransitionError(_("Geef een reden voor het overschrijven van de stap."))
    if to_state not in State.values:
        raise TransitionError(_("Onbekende status."))
    participation = _lock(participation)
    if participation.state == to_state:
        raise TransitionError(_("De deelname heeft deze status al."))
    return _move(
        participation, to_state=to_state, actor=user, action="state_overridden", reason=reason.strip()
    )


def advance(*, participation, to_state, allowed_from, actor, action, reason="", data=None):
    """Move a participation from one of `allowed_from` to `to_state`, for the steps that other
    modules own (submitting a self-evaluation, sending a report, awarding, withdrawing).

    Must run inside the caller's transaction; locks the row, refuses any other current state with
    `TransitionError`, writes the audit row. Returns the locked, updated participation.
    """
    participation = _lock(participation)
    if participation.state not in allowed_from:
        raise TransitionError(
            _("Deze stap kan niet vanuit de status ‘%(state)s’.")
            % {"state": participation.get_state_display()}
        )
    return _move(participation, to_state=to_state, actor=actor, action=action, reason=reason, data=data)
