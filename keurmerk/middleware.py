"""Project middleware.

Dutch first: the interface is Dutch unless the user chose English with the language switch.
Django's LocaleMiddleware would also follow the browser's Accept-Language header; a Dutch scheme
whose users mostly run English-language browsers wants the explicit choice (the language cookie)
to be the only way to English.
"""

from django.utils.cache import add_never_cache_headers


class DutchFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


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
