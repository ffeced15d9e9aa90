"""Access to complaints: the organisation's members and scheme-owner staff; deciding is the director's."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from keurmerk.accounts.access import require_login, require_role, require_staff
from keurmerk.accounts.models import STAFF_ROLES, Role

from .models import Complaint


def complaints_queryset():
    return Complaint.objects.select_related(
        "participation__organisation", "participation__cycle"
    ).prefetch_related("messages__attachments", "attachments")


def get_complaint_for_user(request, pk):
    """Staff see every complaint; a member only those of their own organisations (else 404)."""
    user = require_login(request)
    if user.role in STAFF_ROLES:
        require_staff(request)
        qs = complaints_queryset()
    elif user.role == Role.PROVIDER:
        qs = complaints_queryset().filter(participation__organisation__memberships__user=user)
    else:
        raise PermissionDenied
    complaint = qs.filter(pk=pk).first()
    if complaint is None:
        raise Http404("Klacht niet gevonden")
    return complaint


def get_complaint_for_member(request, pk):
    require_role(request, Role.PROVIDER)
    return get_complaint_for_user(request, pk)


def get_complaint_for_director(request, pk):
    """Deciding, and asking for more information, is for the director."""
    require_staff(request, Role.DIRECTOR)
    return get_complaint_for_user(request, pk)


def get_complaint_for_office(request, pk):
    """Taking a complaint into processing: the office (administrator) or the director."""
    require_staff(request, Role.DIRECTOR, Role.ADMINISTRATOR)
    return get_complaint_for_user(request, pk)
