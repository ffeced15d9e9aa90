"""The admin site for administrators: signed in through allauth, and only with two factors set up."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .access import has_two_factors


class KeurmerkAdminSite(admin.AdminSite):
    site_header = "Keurmerk – beheer"
    site_title = "Keurmerk beheer"
    index_title = "Beheer"

    def has_permission(self, request):
        return super().has_permission(request) and has_two_factors(request.user)

    def login(self, request, extra_context=None):
        """One sign-in for the whole site (allauth, with the two-factor step)."""
        user = request.user
        if user.is_authenticated and user.is_staff and not has_two_factors(user):
            return redirect("mfa_activate_totp")
        next_url = safe_next_url(request)
        if user.is_authenticated and user.is_staff:
            return HttpResponseRedirect(next_url)  # redirect() would take a bare word for a view name
        return redirect(f"{settings.LOGIN_URL}?{urlencode({'next': next_url})}")


def safe_next_url(request: HttpRequest) -> str:
    """`?next=` when it stays on this site; otherwise the admin index (no open redirect)."""
    next_url = request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return reverse("admin:index")
