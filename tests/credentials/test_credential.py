"""A certificate's Open Badges 3.0 credential: verifies with the key from the DID document, a
changed byte fails, did:web per host, no private part published, key rotation."""

import base64
import json
import subprocess
import sys
import warnings

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import resolve
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from keurmerk.credentials.keys import issuer_keys, new_private_jwk

from .conftest import verify_with_did


def _token(client, certificate, **extra):
    response = client.get(f"/register/verify/{certificate.code}/credential.jwt", **extra)
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    return response.content.decode()


def test_credential_verifies_with_the_key_from_did_json(client, certificate):
    token = _token(client, certificate)
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["alg"] == "EdDSA" and header["kid"].startswith("did:web:testserver#")
    vc = verify_with_did(client, token)
    assert vc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" in vc["@context"]
    assert {"VerifiableCredential", "OpenBadgeCredential"} <= set(vc["type"])
    assert vc["id"].startswith("http://testserver/") and vc["name"]
    assert vc["issuer"]["id"] == "did:web:testserver" and "Profile" in vc["issuer"]["type"]
    subject = vc["credentialSubject"]
    assert "AchievementSubject" in subject["type"] and subject["name"] == "Praktijk Amstel"
    identities = {i["identityType"]: i["identityHash"] for i in subject["identifier"]}
    assert identities == {"name": "Praktijk Amstel", "ext:KvKNummer": "12345678", "ext:AGBCode": "87654321"}
    achievement = subject["achievement"]
    assert "Achievement" in achievement["type"] and achievement["id"]
    assert "2027" in achievement["name"] and "2027" in achievement["description"]
    assert achievement["criteria"]["id"] == "http://testserver/normen/2022/"
    assert (
        resolve(achievement["criteria"]["id"].removeprefix("http://testserver")).view_name
        == "frameworks:detail"
    )
    assert client.get(achievement["image"]["id"].removeprefix("http://testserver")).status_code == 200
    assert (vc["validFrom"], vc["validUntil"]) == ("2027-01-01T00:00:00+01:00", "2027-12-31T23:59:59+01:00")
    status = vc["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry" and status["statusPurpose"] == "revocation"
    assert status["statusListIndex"] == str(certificate.status_list_index)
    assert status["statusListCredential"] == "http://testserver/register/statuslijst.jwt"


def _changed(token, position):
    characters = list(token)
    characters[position] = "A" if characters[position] != "A" else "B"
    return "".join(characters)


def test_a_changed_byte_fails(client, certificate):
    token = _token(client, certificate)
    verify_with_did(client, token)
    header_end, payload_end = token.index("."), token.rindex(".")
    for position in (5, header_end + 10, (header_end + payload_end) // 2, payload_end + 5, len(token) - 2):
        with pytest.raises((JoseError, ValueError)):
            verify_with_did(client, _changed(token, position))
    # A changed byte inside the decoded credential (the holder's name), re-encoded properly.
    head, body, signature = token.split(".")
    payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).replace(b"Amstel", b"Amstal")
    forged = ".".join([head, base64.urlsafe_b64encode(payload).decode().rstrip("="), signature])
    with pytest.raises(JoseError):
        verify_with_did(client, forged)


def test_issuer_is_did_web_of_the_request_host_with_the_port_encoded(client, certificate):
    extra = {"HTTP_HOST": "localhost:8000"}
    token = _token(client, certificate, **extra)
    vc = verify_with_did(client, token, **extra)
    assert vc["issuer"]["id"] == "did:web:localhost%3A8000"
    assert vc["credentialStatus"]["statusListCredential"] == "http://localhost:8000/register/statuslijst.jwt"
    document = client.get("/.well-known/did.json", **extra).json()
    assert document["id"] == "did:web:localhost%3A8000"
    assert all(m["controller"] == document["id"] for m in document["verificationMethod"])
    assert client.get("/.well-known/did.json", HTTP_HOST="evil.example").status_code == 400


def test_unknown_code_answers_404(client, db):
    assert client.get("/register/verify/ABCD-EFGH-JKLM-NPQR/credential.jwt").status_code == 404
    assert client.get("/register/verify/ABCD-EFGH-JKLM-NPQR").status_code == 404


def test_did_json_never_contains_a_private_part(client, db):
    private = [new_private_jwk(), new_private_jwk()]
    with override_settings(CREDENTIAL_KEYS=json.dumps(private)):
        response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    for jwk in private:
        assert jwk["d"] not in response.text
    methods = response.json()["verificationMethod"]
    assert len(methods) == 2
    for method, jwk in zip(methods, private, strict=True):
        assert method["publicKeyJwk"] == {"kty": "OKP", "crv": "Ed25519", "x": jwk["x"]}
        assert method["type"] == "JsonWebKey" and method["id"] in response.json()["assertionMethod"]


def test_a_rotated_key_still_verifies_an_old_credential(client, certificate):
    old, new = new_private_jwk(), new_private_jwk()
    with override_settings(CREDENTIAL_KEYS=json.dumps([old])):
        old_token = _token(client, certificate)
    with override_settings(CREDENTIAL_KEYS=json.dumps([new, old])):
        assert verify_with_did(client, old_token)["credentialSubject"]["name"] == "Praktijk Amstel"
        new_token = _token(client, certificate)
        verify_with_did(client, new_token)
        kids = [m["id"] for m in client.get("/.well-known/did.json").json()["verificationMethod"]]
    new_kid = f"did:web:testserver#{OKPKey.import_key(new).thumbprint()}"
    assert kids[0] == new_kid and len(kids) == 2
    assert json.loads(base64.urlsafe_b64decode(new_token.split(".")[0] + "=="))["kid"] == new_kid
    # The old credential needs the old key: after the old key is dropped it no longer verifies.
    with override_settings(CREDENTIAL_KEYS=json.dumps([new])), pytest.raises(StopIteration):
        verify_with_did(client, old_token)


def test_keys_are_generated_once_into_the_data_directory_in_development(tmp_path):
    path = tmp_path / "credential-keys.json"
    with override_settings(CREDENTIAL_KEYS="", CREDENTIAL_KEYS_FILE=path):
        first = issuer_keys()
        assert issuer_keys() == first and len(first) == 1
    assert path.stat().st_mode & 0o777 == 0o600
    assert json.loads(path.read_text())[0]["x"] == first[0].public_jwk()["x"]


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        json.dumps([{"kty": "OKP", "crv": "Ed25519", "x": "abc"}]),
        json.dumps([{"kty": "RSA"}]),
    ],
)
def test_a_bad_key_list_is_refused_with_a_message(text, client, db):
    with (
        override_settings(CREDENTIAL_KEYS=text),
        pytest.raises(ImproperlyConfigured, match="KEURMERK_CREDENTIAL_KEYS"),
    ):
        issuer_keys()


def test_production_settings_require_the_keys():
    # Everything else production asks for is given, so that only the credential keys are missing.
    env = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "x" * 50,
        "KEURMERK_AUDIT_KEY": "k" * 48,
        "PATH": "/usr/bin:/bin",
    }
    command = [sys.executable, "-c", "import keurmerk.settings"]
    refused = subprocess.run(command, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True)  # noqa: S603
    assert refused.returncode != 0 and "KEURMERK_CREDENTIAL_KEYS must be set" in refused.stderr
    env["KEURMERK_CREDENTIAL_KEYS"] = json.dumps([new_private_jwk()])
    accepted = subprocess.run(command, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True)  # noqa: S603
    assert accepted.returncode == 0, accepted.stderr


def test_key_rotation_command_keeps_the_old_keys(db):
    from io import StringIO

    from django.core.management import call_command

    current = [new_private_jwk()]
    out = StringIO()
    with override_settings(CREDENTIAL_KEYS=json.dumps(current)), warnings.catch_warnings():
        call_command("credential_keys", "--rotate", stdout=out)
    rotated = json.loads(out.getvalue())
    assert len(rotated) == 2 and rotated[1] == current[0] and rotated[0]["d"] != current[0]["d"]
