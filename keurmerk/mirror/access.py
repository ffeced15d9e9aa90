"""Who may see which mirror data. Every mirror view calls one of these first.

A provider's uploads and report are for the members of that organisation only; another
organisation's answers 404. The scheme-wide distributions are for staff and insurers.
"""

from django.http import Http404

from keurmerk.accounts.access import require_login, require_role
from keurmerk.accounts.models import STAFF_ROLES, Role
from keurmerk.organisations.models import Organisation


def get_organisation_for_member(request, pk):
    """The organisation `pk` if the signed-in provider user is a member of it; otherwise 404."""
    user = require_role(request, Role.PROVIDER)
    organisation = Organisation.objects.filter(pk=pk, memberships__user=user).first()
    if organisation is None:
        raise Http404("Organisatie niet gevonden")
    return organisation


def organisations_for_member(request):
    """The signed-in user and the organisations they are a member of (none for other roles)."""
    user = require_login(request)
    return user, Organisation.objects.filter(memberships__user=user).order_by("name")


def require_scheme_viewer(request):
    """Staff and insurers. Returns whether provider names may be shown: to staff, never to insurers."""
    user = require_role(request, Role.INSURER, *STAFF_ROLES)
    return user.role in STAFF_ROLES
