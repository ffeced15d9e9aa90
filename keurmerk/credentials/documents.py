"""The JSON documents: the DID document (did:web), the Open Badges 3.0 credential of a certificate
(VC Data Model 2.0) and the revocation status list (Bitstring Status List v1.0).

Who holds the mark from when is not decided here: `validFrom` and `validUntil` come from the cycle
calendar (`cycles.calendar.valid_from` / `valid_until`), as the register's dates do, and the status
bit from the participation's state and the day its withdrawal takes effect
(`selectors.revoked_indexes`). The issuer is
`did:web:<host>` for the host the request came to, which Django has checked against ALLOWED_HOSTS
(`request.get_host()`).
"""

import base64
import datetime
import gzip
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from keurmerk.assessments.models import STATUS_LIST_SIZE
from keurmerk.cycles import calendar

from .keys import issuer_keys

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/jwk/v1"]
STATUS_PURPOSE = "revocation"


def did_for_host(host: str) -> str:
    """did:web of a host; a port's colon is percent-encoded as the did:web method asks."""
    return "did:web:" + host.lower().replace(":", "%3A")


def issuer_did(request) -> str:
    return did_for_host(request.get_host())


def verification_method_id(did: str, kid: str) -> str:
    return f"{did}#{kid}"


def did_document(did: str) -> dict:
    """Every issuer key's public half as a JsonWebKey verification method (never a private part)."""
    methods = [
        {
            "id": verification_method_id(did, key.kid),
            "type": "JsonWebKey",
            "controller": did,
            "publicKeyJwk": {name: key.public_jwk()[name] for name in ("kty", "crv", "x")},
        }
        for key in issuer_keys()
    ]
    ids = [method["id"] for method in methods]
    return {"@context": DID_CONTEXTS, "id": did, "verificationMethod": methods, "assertionMethod": ids}


def _moment(day: datetime.date, time: datetime.time) -> str:
    return datetime.datetime.combine(day, time, tzinfo=ZoneInfo(settings.TIME_ZONE)).isoformat()


def valid_period(certificate) -> tuple[str, str]:
    """(validFrom, validUntil): the period the mark is held, from the cycle calendar (the register
    shows the same dates): its first day at midnight and its last day at 23:59:59, Dutch time with
    its offset. The last day is 31 December, or the day before a withdrawal takes effect."""
    participation = certificate.participation
    return (
        _moment(calendar.valid_from(participation), datetime.time.min),
        _moment(calendar.valid_until(participation), datetime.time(23, 59, 59)),
    )


def _issuer(request, did: str) -> dict:
    return {
        "id": did,
        "type": ["Profile"],
        "name": settings.SCHEME_OWNER,
        "url": request.build_absolute_uri("/"),
    }


def _achievement(request, participation) -> dict:
    """The Keurmerk of the year; its criteria are the published framework the cycle assesses by."""
    year, framework = participation.cycle.year, participation.cycle.framework
    framework_url = request.build_absolute_uri(reverse("frameworks:detail", kwargs={"year": framework.year}))
    return {
        "id": request.build_absolute_uri(reverse("register:list")) + f"#keurmerk-{year}",
        "type": ["Achievement"],
        "name": f"Keurmerk {year}",
        "description": (
            f"Keurmerk {year} van {settings.SCHEME_OWNER}: de GGZ-aanbieder voldoet aan het "
            f"normenkader {framework.name} en staat in het keurmerkregister."
        ),
        "criteria": {"id": framework_url, "narrative": f"De normen van het normenkader {framework.name}."},
        "image": {
            "id": request.build_absolute_uri(reverse("credentials:badge", kwargs={"year": year})),
            "type": "Image",
            "caption": f"Keurmerkdrager {year}",
        },
        "inLanguage": "nl",
    }


def _subject(organisation, achievement: dict) -> dict:
    def identity(kind, value):
        return {"type": "IdentityObject", "hashed": False, "identityHash": value, "identityType": kind}

    return {
        "type": ["AchievementSubject"],
        "name": organisation.name,
        "identifier": [
            identity("name", organisation.name),
            identity("ext:KvKNummer", organisation.kvk),
            identity("ext:AGBCode", organisation.agb),
        ],
        "achievement": achievement,
    }


def status_list_url(request) -> str:
    return request.build_absolute_uri(reverse("credentials:status_list"))


def credential(*, request, certificate) -> dict:
    """The Open Badges 3.0 credential of one certificate, unsigned."""
    participation = certificate.participation
    organisation, year = participation.organisation, participation.cycle.year
    did = issuer_did(request)
    valid_from, valid_until = valid_period(certificate)
    verify_url = request.build_absolute_uri(
        reverse("register:verify_code", kwargs={"code": certificate.code})
    )
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Keurmerkdrager {year}: {organisation.name}",
        "issuer": _issuer(request, did),
        "validFrom": valid_from,
        "validUntil": valid_until,
        "credentialSubject": _subject(organisation, _achievement(request, participation)),
        "credentialStatus": {
            "id": f"{status_list_url(request)}#{certificate.status_list_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": STATUS_PURPOSE,
            "statusListIndex": str(certificate.status_list_index),
            "statusListCredential": status_list_url(request),
        },
    }


def encode_bits(indexes, size: int = STATUS_LIST_SIZE) -> str:
    """The bitstring with `indexes` set (index 0 is the leftmost bit of the first byte), GZIP-
    compressed, base64url without padding, with the multibase prefix "u"."""
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def decode_bit(encoded_list: str, index: int) -> int:
    """The bit at `index` of an encodedList (the reverse of `encode_bits`)."""
    data = encoded_list.removeprefix("u")
    bits = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    return (bits[index // 8] >> (7 - index % 8)) & 1


def status_list_credential(*, request, revoked) -> dict:
    """The BitstringStatusListCredential: bit 1 for every index in `revoked`."""
    url = status_list_url(request)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(request),
        "validFrom": timezone.localtime().replace(microsecond=0).isoformat(),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": encode_bits(revoked),
        },
    }
