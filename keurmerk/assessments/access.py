"""Access to assessment outcomes: the organisation's members, or scheme-owner staff."""

from django.http import Http404

from keurmerk.accounts.access import require_login
from keurmerk.accounts.models import STAFF_ROLES
from keurmerk.cycles.access import get_participation_for_member, get_participation_for_staff


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
