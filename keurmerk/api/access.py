"""Who may call which API operation. Every token operation goes through `require_api_role`.

A request without a token, or with an unknown, expired or revoked one, answers 401; a valid token
of a role that may not use the operation answers 403. Tokens are looked up on every request
(no cache), so revoking one takes effect at once.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from keurmerk.accounts.access import require_role
from keurmerk.accounts.models import STAFF_ROLES, Role
from keurmerk.consultations.models import ConsultationRound
from keurmerk.frameworks.selectors import framework_with_contents, frameworks_visible_to

from .models import ApiToken
from .services import api_token_touch, token_hash

INSURER_ROLES = frozenset({Role.INSURER, *STAFF_ROLES})


class ApiForbidden(Exception):
    """The token is valid but its user's role may not use this operation (403)."""


def active_token(token: str) -> ApiToken | None:
    """The stored token for a bearer string, if it exists, is not revoked or expired and its user
    is active; notes its use."""
    now = timezone.now()
    row = ApiToken.objects.select_related("user").filter(key_hash=token_hash(token)).first()
    if row is None:
        return None
    if not row.is_active_at(now):
        return None
    if not row.user.is_active:
        return None
    api_token_touch(token=row, now=now)
    return row


def require_api_role(row: ApiToken, roles: frozenset) -> ApiToken:
    if row.user.role not in roles:
        raise ApiForbidden
    return row


def public_frameworks():
    """The frameworks anyone may read (the API answers the same with or without a session)."""
    return frameworks_visible_to(AnonymousUser())


def public_framework(year: int):
    """The public framework of `year` with its contents, or 404."""
    framework = framework_with_contents(public_frameworks().filter(year=year)).first()
    if framework is None:
        raise Http404(_("Er is geen openbaar normenkader van %(year)s.") % {"year": year})
    return framework


def consultation_round(round_id: int) -> ConsultationRound:
    """A consultation round for staff (the operation's token role is checked first), or 404."""
    found = ConsultationRound.objects.select_related("framework").filter(pk=round_id).first()
    if found is None:
        raise Http404(_("Er is geen consultatieronde met nummer %(id)s.") % {"id": round_id})
    return found


def require_account(request):
    """Any signed-in user may manage their own tokens (staff with two factors set up)."""
    return require_role(request, *Role.values)


def get_own_token(request, pk: int) -> ApiToken:
    """One of the signed-in user's own tokens; another user's token answers 404."""
    user = require_account(request)
    token = ApiToken.objects.filter(pk=pk, user=user).first()
    if token is None:
        raise Http404(_("Token niet gevonden"))
    return token
