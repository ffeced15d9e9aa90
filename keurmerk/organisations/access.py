"""Access to organisations: members see their own; anything else answers 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from keurmerk.accounts.access import require_role
from keurmerk.accounts.models import Role

from .models import Organisation


def organisations_of(user):
    return Organisation.objects.filter(memberships__user=user)


def get_organisation_for_member(request, pk):
    """The organisation `pk` if the signed-in provider member belongs to it; otherwise 404."""
    user = require_role(request, Role.PROVIDER)
    organisation = organisations_of(user).filter(pk=pk).first()
    if organisation is None:
        raise Http404("Organisatie niet gevonden")
    return organisation


def get_invitation_by_token(token):
    from .models import Invitation

    return get_object_or_404(Invitation, token=token, accepted_at=None)
