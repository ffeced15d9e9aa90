"""Shared helpers for the credential tests: an awarded participation, and checking a credential the
way a third party does, with joserfc and the key that /.well-known/did.json publishes."""

import base64
import gzip
import json
import warnings

import pytest
from joserfc import jws
from joserfc.jwk import OKPKey

from keurmerk.assessments.services import participation_award
from keurmerk.cycles.models import Participation, State


def set_state(participation, state):
    Participation.objects.filter(pk=participation.pk).update(state=state)
    participation.refresh_from_db()
    return participation


def award(participation, actor):
    return participation_award(participation=set_state(participation, State.QUALIFIED), actor=actor)


@pytest.fixture
def certificate(participation, users):
    return award(participation, users["assessor"])


def verify_with_did(client, token, **extra):
    """The payload of `token`, checked with the public key the DID document names by its `kid`."""
    document = client.get("/.well-known/did.json", **extra).json()
    kid = jws.extract_compact(token.encode()).headers()["kid"]
    method = next(m for m in document["verificationMethod"] if m["id"] == kid)
    key = OKPKey.import_key(method["publicKeyJwk"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # joserfc's note that RFC 9864 prefers "Ed25519" to "EdDSA"
        return json.loads(jws.deserialize_compact(token, key, algorithms=["EdDSA"]).payload)


def set_bits(encoded_list):
    """Every index whose bit is 1 (index 0 = leftmost bit of the first byte), decoded by hand."""
    assert encoded_list.startswith("u")
    data = encoded_list[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    assert len(bits) * 8 >= 131_072
    return {i * 8 + b for i, byte in enumerate(bits) if byte for b in range(8) if byte & (0x80 >> b)}


def status_bits(client):
    token = client.get("/register/statuslijst.jwt").content.decode()
    payload = verify_with_did(client, token)
    assert payload["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert payload["credentialSubject"]["statusPurpose"] == "revocation"
    return set_bits(payload["credentialSubject"]["encodedList"])
