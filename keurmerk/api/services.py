"""Steps on API tokens: make one, revoke one, note its use. Tokens are not a scheme step, so no
audit row; the hash is the only trace of a token in the database."""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keurmerk.accounts.models import User

from .models import ApiToken

TOKEN_PREFIX = "kmk_"  # noqa: S105 - a recognisable marker for secret scanners, not a secret


class TokenError(Exception):
    """A refused token step; the message is Dutch and shown to the user."""


def token_hash(token: str) -> str:
    """The stored form of a token: SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    expires_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Make a new personal API token for `user`; returns the stored row and the token itself,
    which is never stored and can be shown only this once."""
    now = now or timezone.now()
    name = name.strip()
    if not name:
        raise TokenError(_("Geef het token een naam, bijvoorbeeld het systeem dat het gebruikt."))
    if expires_at is not None and expires_at <= now:
        raise TokenError(_("De vervaldatum moet in de toekomst liggen."))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user, name=name[:100], key_hash=token_hash(token), prefix=token[:12], expires_at=expires_at
    )
    return row, token


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user: User, now: datetime.datetime | None = None) -> ApiToken:
    """Revoke a token: the user's own, or any as an administrator (a leaked token); from this
    moment every request with it answers 401."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.user_id != user.pk and not user.is_administrator:
        raise TokenError(_("Dit token is niet van u."))
    if locked.revoked_at is None:
        locked.revoked_at = now or timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked


@transaction.atomic
def api_token_touch(*, token: ApiToken, now: datetime.datetime | None = None) -> None:
    """Record that the token was just used (shown on the account page as 'laatst gebruikt')."""
    token.last_used_at = now or timezone.now()
    token.save(update_fields=["last_used_at"])
