"""Access to credentials: the public ones by verification code, the holder's page by membership."""

from django.http import Http404

from keurmerk.assessments.access import get_certificate_for_user
from keurmerk.assessments.models import Certificate

from .selectors import certificate_by_code


def get_public_certificate(code: str) -> Certificate:
    """Anyone may fetch a certificate's credential by its code (it is printed on the certificate);
    an unknown code answers 404."""
    certificate = certificate_by_code(code)
    if certificate is None:
        raise Http404("Geen certificaat met deze code")
    return certificate


def get_certificate_for_holder(request, pk: int) -> Certificate:
    """The participation's members and staff; another organisation's participation answers 404."""
    _participation, certificate = get_certificate_for_user(request, pk)
    if certificate.status_list_index is None:
        raise Http404("Geen digitaal certificaat")
    return certificate
