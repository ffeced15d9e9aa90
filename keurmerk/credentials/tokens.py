"""The signed forms (VC-JWT) of the documents, signed with the current key for the request's DID."""

from . import keys
from .documents import credential, issuer_did, status_list_credential, verification_method_id
from .selectors import revoked_indexes


def _method(request) -> str:
    return verification_method_id(issuer_did(request), keys.signing_key().kid)


def signed_credential(request, certificate) -> str:
    return keys.sign(
        credential(request=request, certificate=certificate), verification_method=_method(request)
    )


def signed_status_list(request) -> str:
    """Read from the participations' states at this moment: a withdrawal shows at once."""
    payload = status_list_credential(request=request, revoked=revoked_indexes())
    return keys.sign(payload, verification_method=_method(request))
