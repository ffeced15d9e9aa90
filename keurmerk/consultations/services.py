"""Workflow steps of a consultation round (consultatie, PRODUCT §8; 2024 report chapters 1, 3, 4).

The scheme owner puts a concept framework before invited organisations for a period; invitees
answer through a personal link; the scheme owner weighs every comment (afweging) and the board
adopts the framework, which closes the round for good. Every step is one function with keyword-only
arguments that checks the state, writes inside one transaction, writes its audit row and queues its
e-mails (the outbox sends them once the transaction has committed).
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from keurmerk.frameworks.models import Framework, FrameworkStatus
from keurmerk.frameworks.services import framework_transition
from keurmerk.lib.dates import local_today, start_of_day
from keurmerk.lib.errors import StepRefused
from keurmerk.notifications.services import notify

from .imports import InviteeRow, parse_invitees
from .models import (
    Comment,
    ConsultationRound,
    Disposition,
    DispositionKind,
    Invitee,
    Response,
    ResponseStatus,
    RoundState,
    Score,
)
from .states import ROUND, record

# Reminders go out this many days before the closing day, to invitees invited before then who
# have not submitted; the latest reminder that is due is the one sent.
REMINDER_DAYS_BEFORE = (7, 2)
OPEN_FOR_INVITEES = (RoundState.PLANNED, RoundState.OPEN)


class ConsultationError(ValidationError):
    """A step that the round's state (or the input) does not allow; the message says why."""


class VersionConflict(ConsultationError):
    """Someone saved in between: the caller's version is not the stored one."""


def _locked_round(consultation_round):
    return (
        ConsultationRound.objects.select_for_update()
        .select_related("framework")
        .get(pk=consultation_round.pk)
    )


def _check_period(opens_on, closes_on):
    if closes_on < opens_on:
        raise ConsultationError(_("De sluitingsdatum moet op of na de openingsdatum liggen."))


# --- Rounds -------------------------------------------------------------------------------------


@transaction.atomic
def round_open(*, framework, opens_on, closes_on, introduction="", user) -> ConsultationRound:
    """Open a consultation round on a concept framework: the framework moves to 'in consultatie'.

    A framework already in consultation can get a new round once no other round on it is running.
    The round is planned until its first day, then open (the steps "plan" and "open" in `states.py`).
    """
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    if framework.status not in (FrameworkStatus.CONCEPT, FrameworkStatus.CONSULTATION):
        raise ConsultationError(
            _("Alleen een concept-normenkader kan in consultatie; ‘%(name)s’ is ‘%(status)s’.")
            % {"name": framework.name, "status": framework.get_status_display()}
        )
    _check_period(opens_on, closes_on)
    if any(r.state in OPEN_FOR_INVITEES for r in framework.consultation_rounds.all()):
        raise ConsultationError(_("Er loopt al een consultatieronde op dit normenkader."))
    consultation_round = ConsultationRound(
        framework=framework,
        opens_on=opens_on,
        closes_on=closes_on,
        introduction=introduction,
        created_by=user,
    )
    step = "open" if consultation_round.state_at() == RoundState.OPEN else "plan"
    refused = ROUND.refusal(ROUND.step(step), consultation_round, user)
    if refused is not None:
        raise ConsultationError(refused.reason)
    if framework.status == FrameworkStatus.CONCEPT:
        framework_transition(
            framework=framework,
            to_status=FrameworkStatus.CONSULTATION,
            user=user,
            reason=_("Consultatieronde geopend"),
        )
    return _carry_out(step, consultation_round, user=user, data=_period_data(consultation_round))


def _period_data(consultation_round):
    return {
        "opens_on": consultation_round.opens_on.isoformat(),
        "closes_on": consultation_round.closes_on.isoformat(),
    }


@transaction.atomic
def round_update(*, consultation_round, opens_on, closes_on, introduction, user) -> ConsultationRound:
    """Change the period (e.g. extend it) or the introduction of a round that has not ended."""
    consultation_round = _locked_round(consultation_round)
    if consultation_round.state not in OPEN_FOR_INVITEES and not _closed_by_date_only(consultation_round):
        raise ConsultationError(
            _("Deze consultatieronde is gesloten of vastgesteld en kan niet meer wijzigen.")
        )
    _check_period(opens_on, closes_on)
    before = _period_data(consultation_round)
    from_state = consultation_round.state
    consultation_round.opens_on, consultation_round.closes_on = opens_on, closes_on
    consultation_round.introduction = introduction
    consultation_round.save(update_fields=["opens_on", "closes_on", "introduction"])
    record(
        actor=user,
        action="consultation.round_changed",
        obj=consultation_round,
        from_state=from_state,
        to_state=consultation_round.state,
        data={"before": before, "after": _period_data(consultation_round)},
    )
    return consultation_round


def _closed_by_date_only(consultation_round):
    """A round past its closing day (not closed early, not adopted) may still be extended."""
    return (
        consultation_round.state == RoundState.CLOSED
        and consultation_round.closed_at is None
        and consultation_round.adopted_on is None
    )


def round_close(*, consultation_round, user, now=None) -> ConsultationRound:
    """Close an open round before its closing day; from then on responses are read-only."""
    now = now or timezone.now()
    return _carry_out("close", consultation_round, user=user, now=now, changes={"closed_at": now})


def _carry_out(name, consultation_round, **kwargs):
    """The round's step from `states.py`; its refusal is this module's `ConsultationError`."""
    try:
        return ROUND.carry_out(name, consultation_round, **kwargs)
    except StepRefused as refused:
        raise ConsultationError(refused.messages) from refused


@transaction.atomic
def round_adopt(*, consultation_round, adopted_on: datetime.date, user, now=None) -> ConsultationRound:
    """Record the board's adoption (vaststelling): the framework becomes 'vastgesteld' with that date
    and the round is closed for good (read-only for invitees and staff alike)."""
    consultation_round = _locked_round(consultation_round)
    refused = ROUND.refusal(ROUND.step("adopt"), consultation_round, user, now)
    if refused is not None:
        raise ConsultationError(refused.reason)
    if adopted_on < consultation_round.opens_on or adopted_on > local_today(now):
        raise ConsultationError(
            _("De datum van vaststelling ligt tussen de opening van de ronde en vandaag.")
        )
    if consultation_round.framework.status != FrameworkStatus.CONSULTATION:
        raise ConsultationError(_("Het normenkader is niet (meer) in consultatie."))
    return _carry_out(
        "adopt",
        consultation_round,
        user=user,
        now=now,
        changes={"adopted_on": adopted_on},
        data={"adopted_on": adopted_on.isoformat()},
    )


# --- Invitees -----------------------------------------------------------------------------------


@dataclass
class InviteeResult:
    added: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # e-mail addresses already invited to this round


@transaction.atomic
def invitees_add(*, consultation_round, rows: list[InviteeRow], user) -> InviteeResult:
    """Invite organisations (also while the round runs); each gets an e-mail with a personal link.

    Addresses already invited to this round are skipped, so the same list can be imported again.
    """
    consultation_round = _locked_round(consultation_round)
    if consultation_round.state not in OPEN_FOR_INVITEES:
        raise ConsultationError(
            _("Aan een gesloten of vastgestelde ronde kunnen geen genodigden worden toegevoegd.")
        )
    existing = set(consultation_round.invitees.values_list("email", flat=True))
    result = InviteeResult()
    for row in rows:
        email = row.email.strip().lower()
        if email in existing:
            result.skipped.append(email)
            continue
        existing.add(email)
        invitee = Invitee.objects.create(
            round=consultation_round, organisation=row.organisation, type=row.type, email=email
        )
        _queue_invitation(invitee)
        result.added.append(invitee)
    record(
        actor=user,
        action="consultation.invitees_added",
        obj=consultation_round,
        data={"added": len(result.added), "skipped": len(result.skipped)},
    )
    return result


def invitees_import(*, consultation_round, data: bytes, user) -> InviteeResult:
    """Import an invitee file (CSV or XLSX); nothing is imported unless every row is correct."""
    return invitees_add(consultation_round=consultation_round, rows=parse_invitees(data), user=user)


def response_url(invitee):
    return reverse("consultations:response", args=[invitee.token])


def _period_text(consultation_round):
    return _("van %(opens)s tot en met %(closes)s") % {
        "opens": date_format(consultation_round.opens_on, "j F Y"),
        "closes": date_format(consultation_round.closes_on, "j F Y"),
    }


def _queue_invitation(invitee):
    consultation_round = invitee.round
    body = _(
        "Beste %(organisation)s,\n\n%(owner)s legt het concept van het %(framework)s voor ter consultatie, "
        "%(period)s. Wij stellen uw reactie zeer op prijs: geef per norm aan hoe stimulerend, "
        "vooruitstrevend, duidelijk en haalbaar u haar vindt, en geef uw opmerkingen.\n\n%(intro)s\n\n"
        "Uw persoonlijke link (niet doorsturen; u hebt geen account nodig):"
    ) % {
        "organisation": invitee.organisation,
        "owner": consultation_round.framework.scheme_owner,
        "framework": consultation_round.framework.name,
        "period": _period_text(consultation_round),
        "intro": consultation_round.introduction,
    }
    notify(
        email=invitee.email,
        subject=_("Uitnodiging consultatie %(framework)s") % {"framework": consultation_round.framework.name},
        body=body,
        url=response_url(invitee),
        kind="consultation_invitation",
        dedupe_key=f"consultation-invitation:{invitee.pk}",
    )


# --- Responses ----------------------------------------------------------------------------------


@dataclass
class Answers:
    """What an invitee filled in: {(norm_key, aspect): 1–7} and {(norm_key, criterion_key): text};
    ("", "") is the general comment, (norm_key, "") the comment on a norm as a whole."""

    scores: dict
    comments: dict


def _locked_response(invitee):
    # get_or_create retries a lost race on the unique invitee column: never two responses.
    response, _created = Response.objects.get_or_create(invitee=invitee)
    return Response.objects.select_for_update().get(pk=response.pk)


def _write_scores(response, scores):
    response.scores.all().delete()
    Score.objects.bulk_create(
        Score(response=response, norm_key=norm_key, aspect=aspect, value=value)
        for (norm_key, aspect), value in scores.items()
        if value is not None
    )


def _write_comments(response, comments):
    """Update in place, so that a disposition already recorded stays with its comment."""
    stored = {(c.norm_key, c.criterion_key): c for c in response.comments.all()}
    for key, text in comments.items():
        text = (text or "").strip()
        comment = stored.get(key)
        if comment is None and text:
            Comment.objects.create(response=response, norm_key=key[0], criterion_key=key[1], text=text)
        elif comment is not None and not text:
            comment.delete()
        elif comment is not None and comment.text != text:
            comment.text = text
            comment.save(update_fields=["text", "updated_at"])


@transaction.atomic
def response_save(*, invitee, answers: Answers, expected_version: int, submit: bool, now=None) -> Response:
    """Save an invitee's answers as a draft, or submit them (versturen).

    Allowed while the round is open (until 23:59:59 Amsterdam time on the closing day). A submitted
    response can still be changed until then, and stays submitted. `expected_version` is the
    version the invitee's form was based on; if someone saved in between, nothing is written.
    """
    consultation_round = _locked_round(invitee.round)
    if not consultation_round.accepts_responses(now):
        raise ConsultationError(_("De consultatie is gesloten; uw reactie kan niet meer worden gewijzigd."))
    response = _locked_response(invitee)
    if response.version != expected_version:
        raise VersionConflict(
            _("Uw reactie is intussen ook ergens anders opgeslagen (bijvoorbeeld in een ander venster).")
        )
    if response.is_submitted and not submit:
        raise ConsultationError(_("Uw reactie is al verstuurd; gebruik ‘Wijzigingen versturen’."))
    _write_scores(response, answers.scores)
    _write_comments(response, answers.comments)
    response.version += 1
    fields = ["version", "updated_at"]
    if submit and not response.is_submitted:
        _mark_submitted(response, now or timezone.now())
        fields += ["status", "submitted_at"]
    response.save(update_fields=fields)
    return response


def _mark_submitted(response, now):
    invitee = response.invitee
    response.status, response.submitted_at = ResponseStatus.SUBMITTED, now
    record(
        actor=None,
        action="consultation.response_submitted",
        obj=response,
        from_state="draft",
        to_state="submitted",
        data={"invitee": invitee.email, "organisation": invitee.organisation},
    )
    body = _(
        "Hartelijk dank voor uw reactie op de consultatie van het %(framework)s. U kunt haar nog "
        "wijzigen tot en met %(closes)s via uw persoonlijke link:"
    ) % {"framework": invitee.round.framework.name, "closes": date_format(invitee.round.closes_on, "j F Y")}
    notify(
        email=invitee.email,
        subject=_("Uw consultatiereactie is ontvangen"),
        body=body,
        url=response_url(invitee),
        kind="consultation_receipt",
        dedupe_key=f"consultation-receipt:{response.pk}",
    )


# --- Dispositions -------------------------------------------------------------------------------


@transaction.atomic
def disposition_record(
    *, comment, kind, explanation, user, expected_version=None, now=None, change=""
) -> Disposition:
    """Record (or change) the scheme owner's weighing of a comment: overgenomen, deels overgenomen,
    niet overgenomen or ter kennisname, with an explanation. Not after the board's adoption.

    `change` names the change in the concept the comment led to ("norm:<key>" or
    "criterion:<key>" from the concept's change overview, `changes.change_labels`), or "" for none."""
    comment = Comment.objects.select_related("response__invitee").get(pk=comment.pk)
    consultation_round = _locked_round(comment.response.invitee.round)
    if consultation_round.state_at(now) == RoundState.ADOPTED:
        raise ConsultationError(_("Het normenkader is vastgesteld; de afwegingen liggen vast."))
    if not comment.response.is_submitted:
        raise ConsultationError(_("Deze reactie is nog niet verstuurd."))
    disposition = Disposition.objects.select_for_update().filter(comment=comment).first()
    current = disposition.version if disposition else 0
    if expected_version is not None and expected_version != current:
        raise VersionConflict(
            _("Iemand anders heeft deze afweging intussen gewijzigd. Bekijk de nieuwe versie.")
        )
    _check_change(consultation_round, change, kind, disposition)
    before = _before(disposition)
    disposition = disposition or Disposition(comment=comment, version=0)
    disposition.kind, disposition.explanation = kind, explanation.strip()
    disposition.change_subject, _sep, disposition.change_key = change.partition(":")
    disposition.by, disposition.at = user, now or timezone.now()
    disposition.version += 1
    disposition.save()
    record(
        actor=user,
        action="consultation.disposition",
        obj=comment,
        from_state=before.get("kind", ""),
        to_state=kind,
        data={"before": before, "explanation": disposition.explanation, "change": change},
    )
    return disposition


LED_TO_CHANGE = (DispositionKind.ADOPTED, DispositionKind.PARTLY)


def _before(disposition):
    """What the audit row keeps of the disposition before this change (its linked change if any)."""
    if disposition is None:
        return {}
    before = {"kind": disposition.kind, "explanation": disposition.explanation}
    if disposition.change_ref:
        before["change"] = disposition.change_ref
    return before


def _check_change(consultation_round, change, kind, disposition):
    """A named change must be one of the concept's change overview (or the one already linked), and
    only a comment that was (partly) adopted led to a change."""
    from .changes import change_labels

    if not change:
        return
    if kind not in LED_TO_CHANGE:
        raise ConsultationError(
            _("Wijziging: alleen een (deels) overgenomen opmerking leidt tot een wijziging.")
        )
    if disposition is not None and disposition.change_ref == change:
        return
    if change not in change_labels(consultation_round.framework):
        raise ConsultationError(
            _("Wijziging: kies een wijziging uit het wijzigingsoverzicht van het concept.")
        )


# --- Reminders (run by `manage.py tick`) ----------------------------------------------------------


def _reminder_stage(consultation_round, now):
    """The latest reminder that is due now (days before closing), or None."""
    days_left = (consultation_round.closes_on - local_today(now)).days
    due = [days for days in REMINDER_DAYS_BEFORE if days_left <= days]
    return min(due) if due else None


def send_reminders(now=None) -> int:
    """Queue a reminder for every invitee of an open round who has not submitted, once per stage
    (7 and 2 days before the closing day). Idempotent: running it again queues nothing new.
    Returns the number of reminders queued now."""
    now = now or timezone.now()
    queued = 0
    rounds = ConsultationRound.objects.filter(adopted_on=None, closed_at=None).select_related("framework")
    for consultation_round in rounds:
        stage = _reminder_stage(consultation_round, now)
        if stage is None or not consultation_round.accepts_responses(now):
            continue
        stage_start = start_of_day(consultation_round.closes_on - datetime.timedelta(days=stage))
        invitees = consultation_round.invitees.filter(created_at__lt=stage_start).exclude(
            response__status=ResponseStatus.SUBMITTED
        )
        for invitee in invitees.select_related("response"):
            queued += _queue_reminder(invitee, stage)
    return queued


def _queue_reminder(invitee, stage):
    consultation_round = invitee.round
    has_draft = hasattr(invitee, "response")
    status = (
        _("Uw reactie staat als concept klaar maar is nog niet verstuurd.")
        if has_draft
        else _("Wij hebben uw reactie nog niet ontvangen.")
    )
    body = _(
        "Beste %(organisation)s,\n\nDe consultatie van het %(framework)s sluit op %(closes)s. %(status)s "
        "Via uw persoonlijke link kunt u tot en met die dag reageren:"
    ) % {
        "organisation": invitee.organisation,
        "framework": consultation_round.framework.name,
        "closes": date_format(consultation_round.closes_on, "j F Y"),
        "status": status,
    }
    with transaction.atomic():
        notification = notify(
            email=invitee.email,
            subject=_("Herinnering: consultatie %(framework)s")
            % {"framework": consultation_round.framework.name},
            body=body,
            url=response_url(invitee),
            kind="consultation_reminder",
            dedupe_key=f"consultation-reminder:{invitee.pk}:{stage}",
        )
    return 1 if notification else 0
