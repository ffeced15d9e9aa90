"""One JSON shape for every refusal: `{"detail": "<Dutch message>", "code": "<machine code>"}`."""

import logging

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from .access import ApiForbidden

logger = logging.getLogger(__name__)

HINTS = {
    "missing": gettext_lazy("deze waarde ontbreekt"),
    "int_parsing": gettext_lazy("geef een geheel getal"),
    "int_type": gettext_lazy("geef een geheel getal"),
    "bool_parsing": gettext_lazy("geef true of false"),
    "datetime_parsing": gettext_lazy("geef een moment als 2027-03-01T12:00:00+01:00"),
    "datetime_from_date_parsing": gettext_lazy("geef een moment als 2027-03-01T12:00:00+01:00"),
    "datetime_type": gettext_lazy("geef een moment als 2027-03-01T12:00:00+01:00"),
    "greater_than_equal": gettext_lazy("de waarde is te klein"),
    "less_than_equal": gettext_lazy("de waarde is te groot"),
    "string_too_long": gettext_lazy("de tekst is te lang"),
    "string_pattern_mismatch": gettext_lazy("de waarde bevat tekens die hier niet mogen"),
    "literal_error": gettext_lazy("kies een van de toegestane waarden"),
    "enum": gettext_lazy("kies een van de toegestane waarden"),
}


def error(api, request, status: int, detail: str, code: str):
    return api.create_response(request, {"detail": detail, "code": code}, status=status)


def _validation_detail(exc: ValidationError) -> str:
    parts = []
    for item in exc.errors:
        loc = [str(part) for part in item.get("loc", ())]
        where, name = (loc[0], ".".join(loc[1:])) if len(loc) > 1 else ("", ".".join(loc))
        hint = HINTS.get(item.get("type", ""), item.get("msg", ""))  # pydantic's English for the rare rest
        parts.append(_("‘%(name)s’ (%(where)s): %(hint)s") % {"name": name, "where": where, "hint": hint})
    return _("Ongeldige invoer. %(parts)s.") % {"parts": "; ".join(parts)}


def install(api) -> None:
    """Register the handlers on the NinjaAPI instance."""

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request, exc):
        detail = _(
            "Geen geldig API-token. Stuur ‘Authorization: Bearer <token>’ met een token dat niet is ingetrokken of verlopen."
        )
        response = error(api, request, 401, detail, "not_authenticated")
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(ApiForbidden)
    def forbidden(request, exc):
        return error(api, request, 403, _("Uw rol heeft geen toegang tot deze gegevens."), "forbidden")

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error(api, request, 404, str(exc) or _("Niet gevonden."), "not_found")

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        return error(api, request, 422, _validation_detail(exc), "invalid")

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        detail = _("Te veel verzoeken met dit token. Probeer het over een minuut opnieuw.")
        return error(api, request, 429, detail, "rate_limited")

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return error(api, request, exc.status_code, str(exc), "error")

    @api.exception_handler(Exception)
    def server_error(request, exc):
        logger.exception("API error on %s", request.get_full_path())
        return error(
            api, request, 500, _("Er ging iets mis aan onze kant. Probeer het later opnieuw."), "server_error"
        )
