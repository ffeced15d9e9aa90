"""Access to participations: members of the organisation, or scheme-owner staff on staff pages."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from keurmerk.accounts.access import require_role, require_staff
from keurmerk.accounts.models import Role

from .models import Cycle, Participation


def get_participation_for_member(request, pk):
    """The participation `pk` of one of the member's organisations; another organisation's → 404."""
    user = require_role(request, Role.PROVIDER)
    participation = (
        Participation.objects.select_related("organisation", "cycle", "cycle__framework")
        .prefetch_related("extensions")
        .filter(pk=pk, organisation__memberships__user=user)
        .first()
    )
    if participation is None:
        raise Http404("Deelname niet gevonden")
    return participation


def get_participation_for_staff(request, pk, *, write=False):
    """Any participation for staff; changing one (extension, override) is for administrators."""
    if write:
        require_staff(request, Role.ADMINISTRATOR)
    else:
        require_staff(request)
    return get_object_or_404(
        Participation.objects.select_related("organisation", "cycle").prefetch_related("extensions"), pk=pk
    )


def get_cycle_for_staff(request, year, *, write=False):
    if write:
        require_staff(request, Role.ADMINISTRATOR)
    else:
        require_staff(request)
    return get_object_or_404(Cycle.objects.select_related("framework"), year=year)
