"""The hand verification in docs/credentials.md works as written: both code blocks run against this
site (urllib's fetch answered by the test client) and reach the right answers."""

import contextlib
import io
import re
import urllib.request
import warnings
from pathlib import Path

import pytest
import time_machine
from cryptography.exceptions import InvalidSignature
from django.conf import settings

from keurmerk.assessments.services import participation_withdraw
from tests.conftest import amsterdam

DOC = Path(settings.BASE_DIR) / "docs" / "credentials.md"


def _blocks():
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


class _Answer:
    def __init__(self, content):
        self.content = content

    def read(self):
        return self.content


def _run(block, namespace):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(block, namespace)  # noqa: S102 - our own documentation's example
    return out.getvalue()


def test_the_documented_verification_runs(client, certificate, users, monkeypatch, tmp_path):
    def urlopen(url):
        assert url.startswith(("https://testserver/", "http://testserver/")), url
        return _Answer(client.get("/" + url.split("/", 3)[3]).content)

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    monkeypatch.chdir(tmp_path)
    token = client.get(f"/register/verify/{certificate.code}/credential.jwt").content.decode()
    (tmp_path / "keurmerk-2027-87654321.jwt").write_text(token)
    joserfc_block, cryptography_block = _blocks()
    printed = _run(joserfc_block, {})
    assert printed.splitlines() == [
        "Praktijk Amstel 2027-01-01T00:00:00+01:00 2027-12-31T23:59:59+01:00",
        "niet ingetrokken",
    ]
    participation_withdraw(participation=certificate.participation, actor=users["director"], reason="Test")
    # Decided before 1 April 2027: the mark is held until then, so the bit is still 0 ...
    assert _run(joserfc_block, {}).splitlines()[-1] == "niet ingetrokken"
    with time_machine.travel(amsterdam(2027, 4, 1, 9), tick=False):  # ... and 1 from 1 April
        assert _run(joserfc_block, {}).splitlines()[-1] == "ingetrokken"
    document = client.get("/.well-known/did.json").json()
    namespace = {"token": token, "method": document["verificationMethod"][0]}
    _run(cryptography_block, namespace)
    assert namespace["credential"]["credentialSubject"]["name"] == "Praktijk Amstel"
    forged = token[:-6] + ("AAAAAA" if not token.endswith("AAAAAA") else "BBBBBB")
    with pytest.raises(InvalidSignature):
        _run(cryptography_block, {**namespace, "token": forged})
