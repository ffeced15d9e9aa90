"""Friendly error pages; the details go to the log, never to the user."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import Resolver404, resolve


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)


def forbidden(request, exception=None):
    return render(request, "errors/403.html", status=403)


class FriendlyNotFoundMiddleware:
    """The site's own 404 page, also with DEBUG on (the development default).

    Django answers an unknown page with its English technical 404 whenever DEBUG is on; a visitor of
    a demo or a test site should see the page production shows. A developer who wants the technical
    page sets KEURMERK_TECHNICAL_404. Placed after CommonMiddleware, so a missing slash is still
    redirected first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG and not settings.TECHNICAL_404:
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404:
                return not_found(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and settings.DEBUG and not settings.TECHNICAL_404:
            return not_found(request, exception)
        return None
