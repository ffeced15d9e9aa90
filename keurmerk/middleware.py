"""Project-wide middleware.

Dutch first: the interface is Dutch unless the user chose English with the language switch.

Django's LocaleMiddleware would also follow the browser's Accept-Language header; a Dutch scheme
whose users mostly run English-language browsers wants the explicit choice (the language cookie)
to be the only way to English.
"""

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from keurmerk.lib.validators import has_control_characters


class DutchFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class ControlCharactersMiddleware:
    """Refuse a request whose path or query string holds a control character (NUL and the like).

    No page has a use for them, and PostgreSQL refuses a NUL in any text value, so a search for
    `%00` would otherwise end in an error page. The visitor gets a 400 page that says what is wrong.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The JSON API answers bad parameters itself, in its own error shape (422).
        if not request.path_info.startswith("/api/") and _has_control_characters(request):
            return render(request, "errors/400_control.html", status=400)
        return self.get_response(request)


def _has_control_characters(request):
    texts = [request.path_info, *request.GET.keys()]
    texts += [value for values in request.GET.lists() for value in values[1]]
    return any(has_control_characters(text) for text in texts)


class PrivateNoStoreMiddleware:
    """Signed-in pages and PDFs are private: no browser or proxy may keep a copy
    (`Cache-Control: no-store`), so the back button after logging out or a shared computer shows
    nothing of them. Static files never get here (WhiteNoise answers them first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _is_private(request, response):
            add_never_cache_headers(response)
        return response


def _is_private(request, response) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    return response.get("Content-Type", "").startswith("application/pdf")
