"""Every write of the assessments app (handbook Fase 3.2 and Fase 4).

Assessing a submitted self-evaluation: verdicts per criterion, a summary per norm, and sending the
Keurmerkrapportage, which freezes the assessment and decides the next step. Decisions of the scheme
owner: award with a certificate, or withdrawal with effect from 1 April (removed from the register,
agreement dissolved). Time-driven withdrawals for providers that did not submit or revise in time
are made by `tick`. The participation's steps are declared in `cycles/states.py`; what they bring
for certificates and assessments in `assessments/states.py`.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from keurmerk.audit import services as audit
from keurmerk.audit.actions import Action
from keurmerk.cycles.calendar import past_deadline
from keurmerk.cycles.models import Participation, Phase, State
from keurmerk.cycles.notices import notify_members
from keurmerk.cycles.services import TransitionError
from keurmerk.cycles.states import PARTICIPATION
from keurmerk.selfevaluations.rules import is_optional

from .models import Assessment, NormSummary, Report, Verdict
from .rules import is_qualified, open_required


def participation_award(*, participation, actor, reason=""):
    """Fase 4: award the mark. Entering "awarded" issues the certificate with its verification code
    (or restores a revoked one) and tells the members (`states.py` here and in cycles)."""
    participation = PARTICIPATION.carry_out("award", participation, user=actor, reason=reason)
    return participation.certificate


def participation_withdraw(*, participation, actor, reason):
    """Fase 4: withdraw the mark, with effect from 1 April or the day of a later decision
    (`calendar.withdrawal_takes_effect`): the agreement is dissolved, the certificate revoked, the
    members told; the register follows from the state. The certificate's bit in the revocation
    status list reads 1 from the day the withdrawal takes effect (`credentials.selectors.revoked_indexes`)."""
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


# -- assessing ------------------------------------------------------------------------------------


class VerdictConflict(ValidationError):
    """Someone saved this verdict after the version the editor started from; nothing was overwritten."""

    def __init__(self, current):
        self.current = current
        super().__init__(_("Iemand anders heeft dit oordeel intussen gewijzigd."), code="conflict")


def assessment_for(self_evaluation):
    assessment, _created = Assessment.objects.get_or_create(self_evaluation=self_evaluation)
    return assessment


def _frozen_check(assessment):
    if Report.objects.filter(assessment=assessment).exists():
        raise TransitionError(
            _("De rapportage is verstuurd; deze beoordeling kan niet meer worden gewijzigd.")
        )


@transaction.atomic
def assessment_assign(*, assessment, user, assessor):
    _frozen_check(assessment)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    assessment.assessor = assessor
    assessment.save(update_fields=["assessor"])
    participation = assessment.self_evaluation.participation
    audit.record(
        actor=user,
        action=Action.ASSESSOR_ASSIGNED,
        obj=assessment,
        participation=participation,
        data={"assessor": assessor.pk if assessor else None},
    )
    return assessment


@transaction.atomic
def verdict_save(*, assessment, criterion, user, met, explanation, version):
    """Save one verdict if nobody saved it since `version`; 'not met' needs an explanation and an
    optional criterion takes feedback only."""
    _frozen_check(assessment)
    participation = assessment.self_evaluation.participation
    if is_optional(criterion, participation) and met is not None:
        raise ValidationError(_("Dit criterium is facultatief: geef alleen feedback, geen oordeel."))
    if met is False and not explanation.strip():
        raise ValidationError(_("Licht toe waarom niet aan dit criterium is voldaan en wat er nodig is."))
    verdict, _created = Verdict.objects.select_for_update().get_or_create(
        assessment=assessment, criterion=criterion
    )
    if verdict.version != version:
        if (verdict.met, verdict.explanation) == (met, explanation):
            return verdict  # the same save arriving twice (autosave and button): nothing to resolve
        raise VerdictConflict(verdict)
    verdict.met, verdict.explanation = met, explanation
    verdict.version += 1
    verdict.updated_at, verdict.updated_by = timezone.now(), user
    verdict.save(update_fields=["met", "explanation", "version", "updated_at", "updated_by"])
    return verdict


@transaction.atomic
def summary_save(*, assessment, norm, user, text, version):
    _frozen_check(assessment)
    summary, _created = NormSummary.objects.select_for_update().get_or_create(
        assessment=assessment, norm=norm
    )
    if summary.version != version:
        raise VerdictConflict(summary)
    summary.text = text
    summary.version += 1
    summary.save(update_fields=["text", "version"])
    return summary


def required_ids(criteria, participation):
    return {c.pk for c in criteria if not is_optional(c, participation)}


def outcome(assessment, criteria):
    """(qualified, ids of required criteria still without a verdict) — always computed."""
    verdicts = {v.criterion_id: v.met for v in assessment.verdicts.all()}
    required = required_ids(criteria, assessment.self_evaluation.participation)
    return is_qualified(verdicts, required), open_required(verdicts, required)


def _framework(assessment):
    from keurmerk.frameworks.selectors import framework_with_contents

    return framework_with_contents().get(pk=assessment.self_evaluation.participation.cycle.framework_id)


def snapshot(assessment, framework):
    """The report's content: everything it shows, as it was when it was sent."""
    self_evaluation = assessment.self_evaluation
    participation = self_evaluation.participation
    answers = {a.criterion_id: a for a in self_evaluation.answers.all()}
    verdicts = {v.criterion_id: v for v in assessment.verdicts.all()}
    summaries = {s.norm_id: s.text for s in assessment.summaries.all()}
    norms = []
    for norm in framework.norms.all():
        criteria = []
        for c in norm.criteria.all():
            answer, verdict = answers.get(c.pk), verdicts.get(c.pk)
            criteria.append({
                "key": c.key, "number": c.number, "text": c.text, "sub_items": c.sub_items,
                "optional": is_optional(c, participation),
                "answer": answer.explanation if answer else "",
                "met": verdict.met if verdict else None, "explanation": verdict.explanation if verdict else "",
            })  # fmt: skip
        met = all(c["met"] is True for c in criteria if not c["optional"])
        norms.append({"number": norm.number, "subject": norm.subject, "title": norm.title,
                      "client_promise": norm.client_promise, "summary": summaries.get(norm.pk, ""),
                      "met": met, "criteria": criteria})  # fmt: skip
    return {"organisation": participation.organisation.name, "year": participation.cycle.year,
            "framework": framework.name, "round": self_evaluation.round, "norms": norms}  # fmt: skip


def report_preview(assessment) -> dict:
    """The report as the provider will see it if it were sent now, with its outcome and the
    required criteria still without a verdict (the confirmation page before sending)."""
    framework = _framework(assessment)
    criteria = [c for n in framework.norms.all() for c in n.criteria.all()]
    qualified, open_ = outcome(assessment, criteria)
    round_ = assessment.self_evaluation.round
    return {"report": {"qualified": qualified, "round": round_}, "c": snapshot(assessment, framework),
            "open_count": len(open_), "qualified": qualified, "round": round_}  # fmt: skip


@transaction.atomic
def report_send(*, assessment, user):
    """Send the Keurmerkrapportage. It freezes the assessment and stores what it was based on.

    Round 1: qualified → awarded (certificate); not yet → the provider may revise once (Fase 3.3).
    Round 2 (final report): qualified → awarded; otherwise the mark is withdrawn per 1 April.
    """
    assessment = (
        Assessment.objects.select_for_update()
        .select_related(
            "self_evaluation__participation__organisation", "self_evaluation__participation__cycle"
        )
        .get(pk=assessment.pk)
    )
    _frozen_check(assessment)
    framework = _framework(assessment)
    criteria = [c for n in framework.norms.all() for c in n.criteria.all()]
    qualified, open_ = outcome(assessment, criteria)
    if open_:
        raise TransitionError(
            _("Nog %(n)s verplichte criteria zonder oordeel; geef eerst overal een oordeel.")
            % {"n": len(open_)}
        )
    self_evaluation = assessment.self_evaluation
    participation = self_evaluation.participation
    report = Report.objects.create(
        assessment=assessment, participation=participation, round=self_evaluation.round, qualified=qualified,
        sent_at=timezone.now(), sent_by=user, content=snapshot(assessment, framework),
    )  # fmt: skip
    _decide(participation, self_evaluation.round, qualified, user, report)
    notify_members(participation, kind="report", dedupe=f"report:{report.pk}", url=reverse("assessments:report", args=[report.pk]),
                   subject=_("Uw Keurmerkrapportage %(year)s") % {"year": participation.cycle.year},
                   body=_("Uitkomst: %(outcome)s.") % {"outcome": _outcome_text(report)})  # fmt: skip
    return report


def _outcome_text(report):
    if report.qualified:
        return _("gekwalificeerd")
    if report.round == 1:
        return _("nog niet gekwalificeerd")
    return _("niet gekwalificeerd; het Keurmerk wordt ingetrokken")


def _decide(participation, round_, qualified, user, report):
    if round_ == 1:
        PARTICIPATION.carry_out("qualify" if qualified else "not_qualify", participation, user=user)
        if qualified:
            participation_award(participation=participation, actor=user)
        return
    # The final report is a decision of its own; the award or withdrawal below writes its own row.
    audit.record(actor=user, action=Action.REPORT_SENT, obj=report, participation=participation,
                 data={"round": round_, "qualified": qualified})  # fmt: skip
    if qualified:
        participation_award(
            participation=participation, actor=user, reason=_("Eindrapportage: gekwalificeerd")
        )
    else:
        participation_withdraw(participation=participation, actor=user,
                               reason=_("Eindrapportage: niet gekwalificeerd"))  # fmt: skip
