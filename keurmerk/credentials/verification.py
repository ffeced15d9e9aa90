"""Checking a credential the way a third party does: the signature with the public key that the
DID document names by the header's `kid`, then the bit in the signed status list."""

import datetime
from dataclasses import dataclass

from joserfc.errors import JoseError

from . import keys
from .documents import decode_bit, did_document, issuer_did, status_list_url
from .tokens import signed_status_list


@dataclass(frozen=True)
class Check:
    signature_valid: bool
    key_id: str = ""
    issuer: str = ""
    revoked: bool | None = None  # None: the status list could not be read or checked
    valid_from: datetime.datetime | None = None
    valid_until: datetime.datetime | None = None

    @property
    def status_known(self) -> bool:
        return self.revoked is not None


def _verified_payload(token: str, document: dict) -> dict | None:
    try:
        kid = keys.header(token).get("kid")
    except (JoseError, ValueError):
        return None
    method = next((m for m in document["verificationMethod"] if m["id"] == kid), None)
    if method is None:
        return None
    try:
        return keys.verify(token, method["publicKeyJwk"])
    except (JoseError, ValueError):
        return None


def _revoked(request, payload: dict, document: dict) -> bool | None:
    entry = payload.get("credentialStatus") or {}
    if entry.get("statusListCredential") != status_list_url(request):
        return None
    status = _verified_payload(signed_status_list(request), document)
    if status is None or not str(entry.get("statusListIndex", "")).isdigit():
        return None
    return bool(decode_bit(status["credentialSubject"]["encodedList"], int(entry["statusListIndex"])))


def check_token(*, request, token: str) -> Check:
    """The signature and the revocation status of a credential issued on this host."""
    document = did_document(issuer_did(request))
    payload = _verified_payload(token.strip(), document)
    if payload is None:
        return Check(signature_valid=False)
    return Check(
        signature_valid=True,
        key_id=keys.header(token.strip())["kid"],
        issuer=payload["issuer"]["id"]
        if isinstance(payload.get("issuer"), dict)
        else payload.get("issuer", ""),
        revoked=_revoked(request, payload, document),
        valid_from=datetime.datetime.fromisoformat(payload["validFrom"]),
        valid_until=datetime.datetime.fromisoformat(payload["validUntil"]),
    )
