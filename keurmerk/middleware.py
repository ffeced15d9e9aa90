"""Dutch first: the interface is Dutch unless the user chose English with the language switch.

Django's LocaleMiddleware would also follow the browser's Accept-Language header; a Dutch scheme
whose users mostly run English-language browsers wants the explicit choice (the language cookie)
to be the only way to English.
"""


class DutchFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
