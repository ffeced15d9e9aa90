"""Access helpers: every view calls one of these first; no view checks roles inline.

They raise: `AccessRedirect` (not signed in, or staff without two factors) which the middleware
turns into a redirect, `PermissionDenied` (403) for a role that may not use a page, and `Http404`
for another organisation's objects (so their existence is not revealed).
"""

from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse

from .models import STAFF_ROLES


class AccessRedirect(Exception):
    def __init__(self, url):
        self.url = url
        super().__init__(url)


def _login_redirect(request):
    return AccessRedirect(f"{settings.LOGIN_URL}?{urlencode({'next': request.get_full_path()})}")


def has_two_factors(user):
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def require_login(request):
    if not request.user.is_authenticated:
        raise _login_redirect(request)
    return request.user


def require_account(request: HttpRequest) -> AbstractBaseUser:
    """Any signed-in user; scheme staff only once two factors are set up (pages such as the
    notifications quote dialogue texts, which staff may read only with their second factor)."""
    user = require_login(request)
    if user.role in STAFF_ROLES and not has_two_factors(user):
        raise AccessRedirect(reverse("mfa_activate_totp"))
    return user


def require_staff(request, *roles):
    """Scheme-owner staff (optionally only the given roles), signed in with two factors set up."""
    user = require_login(request)
    allowed = set(roles) if roles else STAFF_ROLES
    if user.role not in allowed:
        raise PermissionDenied
    if not has_two_factors(user):
        raise AccessRedirect(reverse("mfa_activate_totp"))
    return user


def require_role(request, *roles):
    """Any signed-in user with one of the roles; staff among them still need two factors."""
    user = require_login(request)
    if user.role not in roles:
        raise PermissionDenied
    if user.role in STAFF_ROLES and not has_two_factors(user):
        raise AccessRedirect(reverse("mfa_activate_totp"))
    return user


class AccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, AccessRedirect):
            return redirect(exception.url)
        return None
