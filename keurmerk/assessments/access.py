"""Access to assessment work and outcomes."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from keurmerk.accounts.access import require_login, require_staff
from keurmerk.accounts.models import STAFF_ROLES
from keurmerk.cycles.access import get_participation_for_member, get_participation_for_staff

from .models import Report


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


def get_self_evaluation_for_assessor(request, pk):
    """Assessors, the director and administrators assess submitted self-evaluations."""
    from keurmerk.selfevaluations.models import SelfEvaluation

    require_staff(request)
    qs = SelfEvaluation.objects.select_related(
        "participation__organisation", "participation__cycle__framework"
    )
    return get_object_or_404(qs, pk=pk, status="submitted")


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
