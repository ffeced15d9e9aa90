"""Checking a credential the way a third party does: the signature with the public key that the
DID document names by the header's `kid`, then the bit in the signed status list."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from joserfc.errors import JoseError

from . import keys
from .documents import decode_bit, did_document, issuer_did, status_list_url
from .tokens import signed_credential, signed_status_list


@dataclass(frozen=True)
class Check:
    """The outcome; `signature_valid` is False for anything that is not an Open Badges credential
    signed with one of this issuer's keys (forged, changed, another issuer, or garbage)."""

    signature_valid: bool
    issuer: str = ""
    subject: str = ""
    achievement: str = ""
    revoked: bool | None = None  # None: the status list could not be read or checked
    valid_from: datetime.datetime | None = None
    valid_until: datetime.datetime | None = None

    @property
    def status_known(self) -> bool:
        return self.revoked is not None

    @property
    def not_yet_valid(self) -> bool:
        return self.valid_from is not None and timezone.now() < self.valid_from

    @property
    def expired(self) -> bool:
        return self.valid_until is not None and timezone.now() > self.valid_until

    @property
    def valid_now(self) -> bool:
        return self.signature_valid and self.revoked is False and not self.not_yet_valid and not self.expired


def _verified_payload(token: str, document: dict) -> dict | None:
    try:
        kid = keys.header(token).get("kid")
        method = next((m for m in document["verificationMethod"] if m["id"] == kid), None)
        return None if method is None else keys.verify(token, method["publicKeyJwk"])
    except (JoseError, ValueError, TypeError):
        return None


def _revoked(request, payload: dict, document: dict) -> bool | None:
    entry = payload.get("credentialStatus") or {}
    index = str(entry.get("statusListIndex", ""))
    if entry.get("statusListCredential") != status_list_url(request) or not index.isdigit():
        return None
    status = _verified_payload(signed_status_list(request), document)
    if status is None:
        return None
    return bool(decode_bit(status["credentialSubject"]["encodedList"], int(index)))


def _moment(value) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else None


def check_token(*, request, token: str) -> Check:
    """The signature, the revocation status and the period of a credential issued on this host."""
    document = did_document(issuer_did(request))
    payload = _verified_payload(token.strip(), document)
    if not isinstance(payload, dict) or "OpenBadgeCredential" not in payload.get("type", []):
        return Check(signature_valid=False)
    subject = payload.get("credentialSubject") or {}
    return Check(
        signature_valid=True,
        issuer=(payload.get("issuer") or {}).get("id", ""),
        subject=subject.get("name", ""),
        achievement=(subject.get("achievement") or {}).get("name", ""),
        revoked=_revoked(request, payload, document),
        valid_from=_moment(payload.get("validFrom")),
        valid_until=_moment(payload.get("validUntil")),
    )


def check_certificate(request, certificate) -> Check | None:
    """The verification page's check of one of our certificates: its credential as served."""
    if certificate.status_list_index is None:
        return None
    return check_token(request=request, token=signed_credential(request, certificate))
