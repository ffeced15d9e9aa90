"""Who may reach which consultation page. Every consultation view calls one of these first.

Staff (assessor, director, administrator; with two factors) read rounds and results; only the
administrator opens, changes, closes and adopts rounds, invites and weighs comments. An invitee
needs no account: the personal token in the link is the key, and an unknown token answers 404.
"""

from django.http import Http404

from keurmerk.accounts.access import require_staff
from keurmerk.accounts.models import Role

from .models import Comment, ConsultationRound, Invitee, ResponseStatus

READ_ROLES = (Role.ASSESSOR, Role.DIRECTOR, Role.ADMINISTRATOR)
WRITE_ROLES = (Role.ADMINISTRATOR,)


def require_consultation_staff(request, *, write=False):
    return require_staff(request, *(WRITE_ROLES if write else READ_ROLES))


def can_manage(user):
    """Whether the user may change rounds (shows or hides the buttons; the views check again)."""
    return user.is_authenticated and user.role in WRITE_ROLES


def get_round_for_staff(request, pk, *, write=False):
    require_consultation_staff(request, write=write)
    consultation_round = ConsultationRound.objects.select_related("framework").filter(pk=pk).first()
    if consultation_round is None:
        raise Http404("Consultatieronde niet gevonden")
    return consultation_round


def get_comment_for_staff(request, round_pk, comment_pk, *, write=False):
    """A comment of a submitted response in this round; a comment of another round answers 404."""
    consultation_round = get_round_for_staff(request, round_pk, write=write)
    comment = Comment.objects.filter(
        pk=comment_pk, response__invitee__round=consultation_round, response__status=ResponseStatus.SUBMITTED
    ).first()
    if comment is None:
        raise Http404("Opmerking niet gevonden")
    return consultation_round, comment


def get_invitee_for_token(token):
    """The invitee whose personal link this is, with round, framework and response; else 404."""
    invitee = (
        Invitee.objects.select_related("round__framework", "response").filter(token=token).first()
        if token
        else None
    )
    if invitee is None:
        raise Http404("Onbekende link")
    return invitee
