"""The authentication backends with the header's unread count read in the same query as the
page's user: `AuthenticationMiddleware` loads the user through the backend that signed them in,
and these annotate `unread_notifications` on that one query (no query of its own on every page)."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import backends, get_user_model
from django.db.models import Count, Q


def user_with_unread(user_id):
    """The user with `unread_notifications`: the number of their messages not yet read."""
    unread = Count("notifications", filter=Q(notifications__read_at__isnull=True))
    return get_user_model()._default_manager.annotate(unread_notifications=unread).filter(pk=user_id).first()


class UnreadCountMixin:
    def get_user(self, user_id):
        user = user_with_unread(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(UnreadCountMixin, backends.ModelBackend):
    """Django's backend (user name and password), loading the user with the unread count."""


class AuthenticationBackend(UnreadCountMixin, AllauthBackend):
    """allauth's backend (e-mail and password), loading the user with the unread count."""
