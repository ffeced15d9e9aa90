"""Every write of the assessments app (handbook Fase 3.2 and Fase 4).

Assessing a submitted self-evaluation: verdicts per criterion, a summary per norm, and sending the
Keurmerkrapportage, which freezes the assessment and decides the next step. Decisions of the scheme
owner: award with a certificate, or withdrawal with effect from 1 April (removed from the register,
agreement dissolved). Time-driven withdrawals for providers that did not submit or revise in time
are made by `tick`. The participation's steps are declared in `cycles/states.py`; what they bring
for certificates and assessments in `assessments/states.py`.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from keurmerk.accounts.models import STAFF_ROLES
from keurmerk.audit import services as audit
from keurmerk.audit.actions import Action
from keurmerk.cycles.calendar import past_deadline
from keurmerk.cycles.models import Cycle, Participation, Phase, State
from keurmerk.cycles.notices import notify_members
from keurmerk.cycles.services import TransitionError
from keurmerk.cycles.states import PARTICIPATION
from keurmerk.frameworks.models import Criterion
from keurmerk.lib import draws
from keurmerk.selfevaluations.models import SelfEvaluation
from keurmerk.selfevaluations.models import Status as SelfEvaluationStatus
from keurmerk.selfevaluations.rules import is_optional

from .models import (
    Assessment,
    NormSummary,
    Report,
    SecondAssessment,
    SecondAssessmentDraw,
    SecondVerdict,
    Verdict,
)
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
    if (
        assessor
        and SecondAssessment.objects.filter(
            self_evaluation_id=assessment.self_evaluation_id, assessor=assessor
        ).exists()
    ):
        raise ValidationError(
            _("Deze medewerker is de tweede beoordelaar van deze zelfevaluatie; kies een ander.")
        )
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
    _first_finished_check(assessment)
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


def _criterion_snapshot(criterion, participation, answer, verdict):
    return {
        "key": criterion.key,
        "number": criterion.number,
        "text": criterion.text,
        "sub_items": criterion.sub_items,
        "optional": is_optional(criterion, participation),
        "answer": answer.explanation if answer else "",
        "met": verdict.met if verdict else None,
        "explanation": verdict.explanation if verdict else "",
    }


def _norm_snapshot(norm, summary, criteria):
    return {
        "number": norm.number,
        "subject": norm.subject,
        "title": norm.title,
        "client_promise": norm.client_promise,
        "summary": summary,
        "met": all(c["met"] is True for c in criteria if not c["optional"]),
        "criteria": criteria,
    }


def snapshot(assessment, framework):
    """The report's content: everything it shows, as it was when it was sent."""
    self_evaluation = assessment.self_evaluation
    participation = self_evaluation.participation
    answers = {a.criterion_id: a for a in self_evaluation.answers.all()}
    verdicts = {v.criterion_id: v for v in assessment.verdicts.all()}
    summaries = {s.norm_id: s.text for s in assessment.summaries.all()}
    norms = []
    for norm in framework.norms.all():
        criteria = [
            _criterion_snapshot(c, participation, answers.get(c.pk), verdicts.get(c.pk))
            for c in norm.criteria.all()
        ]
        norms.append(_norm_snapshot(norm, summaries.get(norm.pk, ""), criteria))
    return {
        "organisation": participation.organisation.name,
        "year": participation.cycle.year,
        "framework": framework.name,
        "round": self_evaluation.round,
        "norms": norms,
    }


def report_preview(assessment) -> dict:
    """The report as the provider will see it if it were sent now, with its outcome and the
    required criteria still without a verdict (the confirmation page before sending)."""
    framework = _framework(assessment)
    criteria = [c for n in framework.norms.all() for c in n.criteria.all()]
    qualified, open_ = outcome(assessment, criteria)
    round_ = assessment.self_evaluation.round
    return {
        "report": {"qualified": qualified, "round": round_},
        "c": snapshot(assessment, framework),
        "open_count": len(open_),
        "qualified": qualified,
        "round": round_,
    }


def _locked_for_sending(assessment):
    assessment = (
        Assessment.objects.select_for_update()
        .select_related(
            "self_evaluation__participation__organisation", "self_evaluation__participation__cycle"
        )
        .get(pk=assessment.pk)
    )
    _frozen_check(assessment)
    _second_check(assessment)
    return assessment


def _qualified_when_complete(assessment, framework):
    """The report's outcome; refused while a required criterion has no verdict."""
    criteria = [c for n in framework.norms.all() for c in n.criteria.all()]
    qualified, open_ = outcome(assessment, criteria)
    if open_:
        raise TransitionError(
            _("Nog %(n)s verplichte criteria zonder oordeel; geef eerst overal een oordeel.")
            % {"n": len(open_)}
        )
    return qualified


@transaction.atomic
def report_send(*, assessment, user):
    """Send the Keurmerkrapportage. It freezes the assessment and stores what it was based on.

    Round 1: qualified → awarded (certificate); not yet → the provider may revise once (Fase 3.3).
    Round 2 (final report): qualified → awarded; otherwise the mark is withdrawn per 1 April.
    """
    assessment = _locked_for_sending(assessment)
    framework = _framework(assessment)
    qualified = _qualified_when_complete(assessment, framework)
    self_evaluation = assessment.self_evaluation
    participation = self_evaluation.participation
    report = Report.objects.create(
        assessment=assessment,
        participation=participation,
        round=self_evaluation.round,
        qualified=qualified,
        sent_at=timezone.now(),
        sent_by=user,
        content=snapshot(assessment, framework),
    )
    _decide(participation, self_evaluation.round, qualified, user, report)
    notify_members(
        participation,
        kind="report",
        dedupe=f"report:{report.pk}",
        url=reverse("assessments:report", args=[report.pk]),
        subject=_("Uw Keurmerkrapportage %(year)s") % {"year": participation.cycle.year},
        body=_("Uitkomst: %(outcome)s.") % {"outcome": _outcome_text(report)},
    )
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
    audit.record(
        actor=user,
        action=Action.REPORT_SENT,
        obj=report,
        participation=participation,
        data={"round": round_, "qualified": qualified},
    )
    if qualified:
        participation_award(
            participation=participation, actor=user, reason=_("Eindrapportage: gekwalificeerd")
        )
    else:
        participation_withdraw(
            participation=participation, actor=user, reason=_("Eindrapportage: niet gekwalificeerd")
        )


# -- a second, independent assessor (tweede beoordelaar) ------------------------------------------


def _second_check(assessment):
    """A double-assessed self-evaluation's report waits for the calibration conversation."""
    second = SecondAssessment.objects.filter(self_evaluation_id=assessment.self_evaluation_id).first()
    if second is not None and not second.is_calibrated:
        raise TransitionError(
            _(
                "Deze zelfevaluatie heeft een tweede beoordelaar: leg eerst de uitkomst van het kalibratiegesprek vast."
            )
        )


def _first_finished_check(assessment):
    second = SecondAssessment.objects.filter(self_evaluation_id=assessment.self_evaluation_id).first()
    if second is not None and second.first_finished_at is not None:
        raise TransitionError(
            _(
                "De eerste beoordeling is afgerond; een oordeel verandert nu alleen nog via het kalibratiegesprek."
            )
        )


def second_candidates(cycle, *, exclude_assessor=None) -> list[int]:
    """Ids of the cycle's submitted self-evaluations that may get a second assessor: none yet, the
    report not sent, and (for `exclude_assessor`) not assessed first by that same person."""
    candidates = SelfEvaluation.objects.filter(
        participation__cycle=cycle, status=SelfEvaluationStatus.SUBMITTED, second_assessment__isnull=True
    ).exclude(assessment__report__isnull=False)
    if exclude_assessor is not None:
        candidates = candidates.exclude(assessment__assessor=exclude_assessor)
    return sorted(candidates.values_list("pk", flat=True))


def _check_second_assessor(self_evaluation, assessor):
    if assessor.role not in STAFF_ROLES or not assessor.is_active:
        raise ValidationError(_("Tweede beoordelaar: kies een actieve medewerker van de stichting."))
    first = Assessment.objects.filter(self_evaluation=self_evaluation).select_related("report").first()
    if first is not None and first.assessor_id == assessor.pk:
        raise ValidationError(
            _("%(org)s: de tweede beoordelaar moet een ander zijn dan de eerste.")
            % {"org": self_evaluation.participation.organisation.name}
        )
    if first is not None and first.is_sent:
        raise ValidationError(
            _("%(org)s: de rapportage is al verstuurd.")
            % {"org": self_evaluation.participation.organisation.name}
        )
    if SecondAssessment.objects.filter(self_evaluation=self_evaluation).exists():
        raise ValidationError(
            _("%(org)s heeft al een tweede beoordelaar.")
            % {"org": self_evaluation.participation.organisation.name}
        )


@transaction.atomic
def second_assessor_assign(*, self_evaluations, assessor, user, draw=None):
    """Give these submitted self-evaluations a second, independent assessor, who judges every
    criterion without seeing the first assessor's verdicts until both have finished."""
    if not self_evaluations:
        raise ValidationError(_("Kies ten minste één zelfevaluatie."))
    made = []
    for self_evaluation in self_evaluations:
        _check_second_assessor(self_evaluation, assessor)
        second = SecondAssessment.objects.create(
            self_evaluation=self_evaluation,
            assessor=assessor,
            draw=draw,
            assigned_by=user,
            assigned_at=timezone.now(),
        )
        audit.record(
            actor=user,
            action=Action.SECOND_ASSESSOR_ASSIGNED,
            obj=second,
            participation=self_evaluation.participation,
            data={"assessor": assessor.pk, "draw": draw.pk if draw else None},
        )
        made.append(second)
    return made


@transaction.atomic
def second_assessment_draw(*, cycle, share, assessor, user, seed=None):
    """Draw a `share` of the cycle's self-evaluations for a second assessor, reproducibly (a recorded
    seed over the frozen, sorted candidate list; `lib.draws`), and assign them."""
    Cycle.objects.select_for_update().get(pk=cycle.pk)
    candidates = second_candidates(cycle, exclude_assessor=assessor)
    if not candidates:
        raise ValidationError(_("Er zijn geen ingediende zelfevaluaties meer zonder tweede beoordelaar."))
    seed = secrets.randbits(48) if seed is None else seed
    drawn = draws.draw(
        seed=seed, candidates=candidates, size=draws.size_for(count=len(candidates), share=share)
    )
    row = SecondAssessmentDraw.objects.create(
        cycle=cycle,
        seed=seed,
        share=share,
        candidates=candidates,
        drawn=drawn,
        drawn_by=user,
        drawn_at=timezone.now(),
    )
    self_evaluations = list(
        SelfEvaluation.objects.filter(pk__in=drawn).select_related("participation__organisation")
    )
    second_assessor_assign(self_evaluations=self_evaluations, assessor=assessor, user=user, draw=row)
    return row


def _check_second_verdict(criterion, participation, met, explanation):
    label = f"{criterion.norm.number}.{criterion.number}"
    if is_optional(criterion, participation) and met is not None:
        raise ValidationError(
            _("Criterium %(c)s is facultatief: geef alleen feedback, geen oordeel.") % {"c": label}
        )
    if met is False and not explanation.strip():
        raise ValidationError(_("Criterium %(c)s: licht toe waarom niet is voldaan.") % {"c": label})


@transaction.atomic
def second_verdicts_save(*, second, user, verdicts):
    """Save the second assessor's verdicts: {criterion: (met, explanation)}. Refused once finished;
    one wrong verdict saves none of them."""
    second = SecondAssessment.objects.select_for_update().get(pk=second.pk)
    if second.finished_at is not None:
        raise TransitionError(_("De tweede beoordeling is afgerond en kan niet meer worden gewijzigd."))
    participation = second.self_evaluation.participation
    for criterion, (met, explanation) in verdicts.items():
        _check_second_verdict(criterion, participation, met, explanation)
    for criterion, (met, explanation) in verdicts.items():
        SecondVerdict.objects.update_or_create(
            second=second, criterion=criterion, defaults={"met": met, "explanation": explanation}
        )
    return second


def _open_required(self_evaluation, verdicts):
    participation = self_evaluation.participation
    criteria = Criterion.objects.filter(norm__framework_id=participation.cycle.framework_id).select_related(
        "norm"
    )
    return open_required(verdicts, required_ids(list(criteria), participation))


@transaction.atomic
def second_assessment_finish(*, second, user):
    """The second assessor has judged every required criterion and finishes: the verdicts are fixed."""
    second = (
        SecondAssessment.objects.select_for_update()
        .select_related("self_evaluation__participation")
        .get(pk=second.pk)
    )
    if second.finished_at is not None:
        raise TransitionError(_("De tweede beoordeling is al afgerond."))
    verdicts = {v.criterion_id: v.met for v in second.verdicts.all()}
    if open_ := _open_required(second.self_evaluation, verdicts):
        raise TransitionError(_("Nog %(n)s verplichte criteria zonder oordeel.") % {"n": len(open_)})
    second.finished_at = timezone.now()
    second.save(update_fields=["finished_at"])
    audit.record(
        actor=user,
        action=Action.SECOND_ASSESSMENT_FINISHED,
        obj=second,
        participation=second.self_evaluation.participation,
    )
    return second


@transaction.atomic
def first_assessment_finish(*, assessment, user):
    """The first assessor of a double-assessed self-evaluation finishes: the first verdicts are
    copied as they stand, for the calibration conversation and the agreement figures."""
    second = SecondAssessment.objects.select_for_update().get(
        self_evaluation_id=assessment.self_evaluation_id
    )
    if second.first_finished_at is not None:
        raise TransitionError(_("De eerste beoordeling is al afgerond."))
    verdicts = {v.criterion_id: v.met for v in assessment.verdicts.all()}
    if open_ := _open_required(assessment.self_evaluation, verdicts):
        raise TransitionError(_("Nog %(n)s verplichte criteria zonder oordeel.") % {"n": len(open_)})
    second.first_finished_at, second.first_verdicts = timezone.now(), {str(k): v for k, v in verdicts.items()}
    second.save(update_fields=["first_finished_at", "first_verdicts"])
    audit.record(
        actor=user,
        action=Action.FIRST_ASSESSMENT_FINISHED,
        obj=assessment,
        participation=assessment.self_evaluation.participation,
    )
    return second


def differences(second) -> list[dict]:
    """Per criterion where the two independent verdicts differ: both verdicts and explanations, in
    the framework's order (the agenda of the calibration conversation)."""
    first_explanations = {
        v.criterion_id: v.explanation
        for v in Verdict.objects.filter(assessment__self_evaluation_id=second.self_evaluation_id)
    }
    seconds = {v.criterion_id: v for v in second.verdicts.all()}
    criteria = (
        Criterion.objects.filter(pk__in=seconds).select_related("norm").order_by("norm__position", "position")
    )
    rows = []
    for criterion in criteria:
        first_met, other = second.first_verdicts.get(str(criterion.pk)), seconds[criterion.pk]
        if first_met != other.met:
            rows.append(
                {
                    "criterion": criterion,
                    "first": first_met,
                    "second": other.met,
                    "first_explanation": first_explanations.get(criterion.pk, ""),
                    "second_explanation": other.explanation,
                    "took_second": second.calibration.get(str(criterion.pk)) == "second",
                }
            )
    return rows


def _take_second(assessment, second_verdict, user):
    verdict, _created = Verdict.objects.select_for_update().get_or_create(
        assessment=assessment, criterion_id=second_verdict.criterion_id
    )
    verdict.met, verdict.explanation = second_verdict.met, second_verdict.explanation
    verdict.version += 1
    verdict.updated_at, verdict.updated_by = timezone.now(), user
    verdict.save(update_fields=["met", "explanation", "version", "updated_at", "updated_by"])


@transaction.atomic
def calibration_record(*, second, user, choices, note):
    """Record the outcome of the calibration conversation: per differing criterion whose verdict the
    report takes. The first assessor's verdict stands unless the two agreed on the second's
    ("second"); that verdict then replaces the first in the assessment before the report is sent."""
    second = SecondAssessment.objects.select_for_update().get(pk=second.pk)
    assessment = Assessment.objects.select_related("self_evaluation__participation").get(
        self_evaluation_id=second.self_evaluation_id
    )
    if not second.both_finished:
        raise TransitionError(_("Het kalibratiegesprek volgt als beide beoordelingen zijn afgerond."))
    if second.is_calibrated or assessment.is_sent:
        raise TransitionError(_("De uitkomst van het kalibratiegesprek is al vastgelegd."))
    rows = differences(second)
    taken = {str(row["criterion"].pk): choices.get(row["criterion"].pk, "first") for row in rows}
    seconds = {str(v.criterion_id): v for v in second.verdicts.all()}
    for criterion_id, choice in taken.items():
        if choice == "second":
            _take_second(assessment, seconds[criterion_id], user)
    second.calibration, second.calibration_note = taken, note.strip()
    second.calibrated_at, second.calibrated_by = timezone.now(), user
    second.save(update_fields=["calibration", "calibration_note", "calibrated_at", "calibrated_by"])
    audit.record(
        actor=user,
        action=Action.CALIBRATION_RECORDED,
        obj=second,
        reason=second.calibration_note,
        participation=assessment.self_evaluation.participation,
        data={"taken": taken},
    )
    return second
