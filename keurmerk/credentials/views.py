"""The DID document, a certificate's credential, the status list, the badge, the holder's page."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from . import keys
from .access import get_certificate_for_holder, get_public_certificate
from .documents import did_document, issuer_did
from .forms import CredentialForm
from .tokens import signed_credential, signed_status_list
from .verification import check_token


def _jwt_response(token: str, filename: str) -> HttpResponse:
    response = HttpResponse(token, content_type=keys.MEDIA_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"  # verifiers in a browser (wallets) may fetch it
    return response


@require_GET
def did_json(request):
    response = JsonResponse(did_document(issuer_did(request)), json_dumps_params={"indent": 1})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def credential_jwt(request, code):
    certificate = get_public_certificate(code)
    participation = certificate.participation
    filename = f"keurmerk-{participation.cycle.year}-{participation.organisation.agb}.jwt"
    return _jwt_response(signed_credential(request, certificate), filename)


@require_GET
def status_list_jwt(request):
    """Computed on every request: a withdrawal shows at once."""
    response = _jwt_response(signed_status_list(request), "statuslijst.jwt")
    response["Cache-Control"] = "no-cache"
    return response


def badge_svg_text(year: int) -> str:
    return render_to_string("credentials/badge.svg", {"year": year}).strip()


@require_GET
def badge_svg(request, year):
    return HttpResponse(badge_svg_text(year), content_type="image/svg+xml")


def website(request, pk):
    """The holder's page: its credential to download and a badge for its own website."""
    certificate = get_certificate_for_holder(request, pk)
    verify_url = request.build_absolute_uri(
        reverse("register:verify_code", kwargs={"code": certificate.code})
    )
    year = certificate.participation.cycle.year
    snippet = render_to_string(
        "credentials/snippet.html", {"verify_url": verify_url, "badge": badge_svg_text(year), "year": year}
    ).strip()
    context = {
        "certificate": certificate,
        "participation": certificate.participation,
        "snippet": snippet,
        "verify_url": verify_url,
    }
    return render(request, "credentials/website.html", context)


@require_POST
def verify_credential(request):
    """Anyone pastes a digital certificate on the verification page; it is checked there as the
    page checks one of ours. Public, like the verification page; nothing is stored."""
    form = CredentialForm(request.POST)
    pasted = check_token(request=request, token=form.cleaned_data["credential"]) if form.is_valid() else None
    context = {
        "paste_form": True,
        "pasted": pasted,
        "credential_text": form.data.get("credential", ""),
        "credential_errors": form.errors.get("credential", []),
    }
    return render(request, "register/verify.html", context, status=200 if form.is_valid() else 400)
