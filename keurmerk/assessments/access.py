"""Access to assessment work and outcomes."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from keurmerk.accounts.access import require_login, require_staff
from keurmerk.accounts.models import STAFF_ROLES, Role
from keurmerk.cycles.access import get_participation_for_member, get_participation_for_staff

from .models import Report, SecondAssessment


def get_participation_for_member_or_staff(request, pk):
    user = require_login(request)
    if user.role in STAFF_ROLES:
        return get_participation_for_staff(request, pk)
    return get_participation_for_member(request, pk)


def get_certificate_for_user(request, pk):
    participation = get_participation_for_member_or_staff(request, pk)
    certificate = getattr(participation, "certificate", None)
    if certificate is None:
        raise Http404("Geen certificaat")
    return participation, certificate


def _blind_to_first(user, self_evaluation):
    """The second assessor does not see the first assessor's verdicts until both have finished."""
    second = SecondAssessment.objects.filter(self_evaluation=self_evaluation).first()
    return second is not None and second.assessor_id == user.pk and not second.both_finished


def get_self_evaluation_for_assessor(request, pk):
    """Assessors, the director and administrators assess submitted self-evaluations; the second
    assessor of one is refused its first assessment (with the verdicts) until both have finished."""
    from keurmerk.selfevaluations.models import SelfEvaluation

    user = require_staff(request)
    qs = SelfEvaluation.objects.select_related(
        "participation__organisation", "participation__cycle__framework"
    )
    self_evaluation = get_object_or_404(qs, pk=pk, status="submitted")
    if _blind_to_first(user, self_evaluation):
        raise PermissionDenied(
            "Tweede beoordelaar: de eerste beoordeling is zichtbaar als beide zijn afgerond."
        )
    return self_evaluation


def _second_of(pk):
    queryset = SecondAssessment.objects.select_related(
        "assessor",
        "self_evaluation__participation__organisation",
        "self_evaluation__participation__cycle__framework",
    )
    return get_object_or_404(queryset, self_evaluation_id=pk)


def get_second_assessment_for_user(request, pk, *, write=False):
    """The second assessment of self-evaluation `pk`. Its verdicts are for the second assessor;
    everyone else of staff (the first assessor too) sees them only once both have finished.
    Writing (verdicts, finishing) is for the second assessor alone."""
    user = require_staff(request)
    second = _second_of(pk)
    is_second = second.assessor_id == user.pk
    if write and not is_second:
        raise PermissionDenied
    if not is_second and not second.both_finished:
        raise PermissionDenied
    return second


def get_calibration_for_user(request, pk, *, write=False):
    """The calibration conversation, once both are finished: staff read it; the two assessors, the
    director and administrators record its outcome."""
    user = require_staff(request)
    second = _second_of(pk)
    if not second.both_finished:
        raise PermissionDenied
    first_assessor_id = getattr(getattr(second.self_evaluation, "assessment", None), "assessor_id", None)
    if (
        write
        and user.pk not in (second.assessor_id, first_assessor_id)
        and user.role
        not in (
            Role.ADMINISTRATOR,
            Role.DIRECTOR,
        )
    ):
        raise PermissionDenied
    return second


def get_report_for_user(request, pk):
    """A sent report: the organisation's members and staff; another organisation's → 404."""
    report = (
        Report.objects.select_related("participation__organisation", "participation__cycle")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("Rapportage niet gevonden")
    get_participation_for_member_or_staff(request, report.participation_id)
    return report
