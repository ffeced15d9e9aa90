"""The issuer's Ed25519 signing keys and the JWS (VC-JOSE) signing and checking with them.

All cryptography is joserfc's (on `cryptography`); this module only chooses keys. Keys come from
`settings.CREDENTIAL_KEYS` (the `KEURMERK_CREDENTIAL_KEYS` environment variable): a JSON list of
private JWKs, the one that signs first. Older keys stay in the list after a rotation so that the
DID document keeps their public halves and credentials they signed still verify. In development
(no variable) the list is generated once into `settings.CREDENTIAL_KEYS_FILE`.
"""

import functools
import json
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from joserfc import jws
from joserfc.jwk import OKPKey

ALGORITHM = "EdDSA"
MEDIA_TYPE = "application/vc+jwt"


@dataclass(frozen=True)
class IssuerKey:
    kid: str  # the RFC 7638 thumbprint: stable, derived from the public key alone
    key: OKPKey

    def public_jwk(self) -> dict:
        return self.key.as_dict(private=False)


def new_private_jwk() -> dict:
    return OKPKey.generate_key("Ed25519", private=True).as_dict(private=True)


def _generated_keys_text(path: Path) -> str:
    """The development key list, generated once: written to a private temporary file and linked
    into place, so that two processes starting at once agree on one key and never read half a file."""
    if not path.exists():
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(json.dumps([new_private_jwk()]))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process was first: its key is the one
        finally:
            temporary.unlink()
    return path.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=8)
def _parse(text: str) -> tuple[IssuerKey, ...]:
    try:
        entries = json.loads(text)
    except ValueError as error:
        raise ImproperlyConfigured(f"KEURMERK_CREDENTIAL_KEYS is not JSON: {error}") from None
    if not isinstance(entries, list) or not entries:
        raise ImproperlyConfigured("KEURMERK_CREDENTIAL_KEYS must be a non-empty JSON list of JWKs.")
    keys = []
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or entry.get("kty") != "OKP" or entry.get("crv") != "Ed25519":
            raise ImproperlyConfigured(f"KEURMERK_CREDENTIAL_KEYS key {position} is not an Ed25519 JWK.")
        if "d" not in entry:
            raise ImproperlyConfigured(f"KEURMERK_CREDENTIAL_KEYS key {position} has no private part 'd'.")
        key = OKPKey.import_key(entry)
        keys.append(IssuerKey(kid=key.thumbprint(), key=key))
    return tuple(keys)


def issuer_keys() -> tuple[IssuerKey, ...]:
    """Every key, the signing key first."""
    text = settings.CREDENTIAL_KEYS or _generated_keys_text(Path(settings.CREDENTIAL_KEYS_FILE))
    return _parse(text)


def signing_key() -> IssuerKey:
    return issuer_keys()[0]


def sign(payload: dict, *, verification_method: str, key: IssuerKey | None = None) -> str:
    """A compact JWS over the JSON payload (VC-JOSE: `typ` vc+jwt, `kid` the verification method)."""
    key = key or signing_key()
    header = {"alg": ALGORITHM, "kid": verification_method, "typ": "vc+jwt"}
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    with warnings.catch_warnings():
        # joserfc warns that RFC 9864 prefers "Ed25519"; VC-JOSE and the issue name "EdDSA".
        warnings.simplefilter("ignore")
        return jws.serialize_compact(header, body, key.key, algorithms=[ALGORITHM])


def verify(token: str, public_jwk: dict) -> dict:
    """The payload of `token` when its signature is valid under `public_jwk`; raises otherwise."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = jws.deserialize_compact(token, OKPKey.import_key(public_jwk), algorithms=[ALGORITHM])
    return json.loads(result.payload)


def header(token: str) -> dict:
    """The protected header, read without checking the signature (to find the key by `kid`)."""
    return jws.extract_compact(token.encode()).headers()
