"""The pages: the verification page checks the digital certificate and says the result in words;
the holder's page offers the credential and the badge snippet (members and staff only); the
certificate PDF's QR code leads to the verification page."""

import html
import re

import pytest
import time_machine
from django.urls import resolve

from keurmerk.assessments.certificates import qr_png
from keurmerk.assessments.services import participation_withdraw
from tests.conftest import ROLES, amsterdam, client_for, get_matrix

LOGIN = 302
HOLDER_PAGE = {
    **dict.fromkeys(ROLES, 404),
    "anonymous": LOGIN,
    "insurer": 403,
    "member": 200,
    "assessor": 200,
    "director": 200,
    "administrator": 200,
}


def _text(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


@time_machine.travel(amsterdam(2027, 5, 1, 12), tick=False)
def test_verification_page_checks_signature_and_status_in_words(client, certificate, users):
    page = _text(client.get(f"/register/verify/{certificate.code}"))
    assert "Het digitale certificaat is echt en niet ingetrokken." in page
    assert "Klopt: ondertekend door did:web:testserver" in page
    assert "Niet ingetrokken: de ondertekende statuslijst meldt dit certificaat als geldig." in page
    assert "van 1 januari 2027 tot en met 31 december 2027" in page
    participation_withdraw(participation=certificate.participation, actor=users["director"], reason="Test")
    page = _text(client.get(f"/register/verify/{certificate.code}"))
    assert "Het digitale certificaat is echt, maar ingetrokken." in page
    assert "Ingetrokken: de ondertekende statuslijst meldt dit certificaat als ingetrokken." in page


@pytest.mark.parametrize("role", ROLES)
def test_holder_page_for_members_and_staff_only(role, certificate, users):
    url = f"/certificaat/{certificate.participation_id}/website/"
    responses = get_matrix(role, users, [(url, HOLDER_PAGE)], {})
    if HOLDER_PAGE[role] == 200:
        page = responses[url].content.decode()
        assert f'href="/register/verify/{certificate.code}/credential.jwt" download' in page
        textarea = re.search(r'<textarea[^>]*id="snippet"[^>]*>(.*?)</textarea>', page, re.S).group(1)
        assert "<svg" not in textarea and "&lt;svg" in textarea  # shown escaped, for copying
        snippet = html.unescape(textarea)
        assert snippet.startswith(f'<a href="http://testserver/register/verify/{certificate.code}"')
        assert "<title>Keurmerkdrager 2027</title>" in snippet and 'role="img"' in snippet
        assert snippet in page  # the preview is the snippet itself


def test_holder_page_of_an_unknown_participation_is_404(users):
    assert client_for(users["member"]).get("/certificaat/999999/website/").status_code == 404


def test_certificate_pdf_qr_code_leads_to_the_verification_page(client, certificate, users):
    response = client_for(users["member"]).get(f"/certificaat/{certificate.participation_id}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    url = response.context["url"]
    assert response.context["qr"] == qr_png(url)
    path = url.split("://", 1)[1].split("/", 1)[1]
    match = resolve(f"/{path}")
    assert match.view_name == "register:verify_code" and match.kwargs["code"] == certificate.code
    assert "Het digitale certificaat is echt" in _text(client.get(f"/{path}"))


def test_home_page_links_to_the_holder_page(certificate, users):
    page = client_for(users["member"]).get("/start/").content.decode()
    assert f"/certificaat/{certificate.participation_id}/website/" in page


def _pasted(client, text):
    return client.post("/register/verify-credential/", {"credential": text})


@time_machine.travel(amsterdam(2027, 5, 1, 12), tick=False)
def test_a_pasted_credential_is_checked_in_words(client, certificate, users):
    from keurmerk.credentials.keys import new_private_jwk

    token = client.get(f"/register/verify/{certificate.code}/credential.jwt").content.decode()
    response = _pasted(client, token[:40] + "\n" + token[40:])  # a line break from copying is fine
    assert response.status_code == 200
    page = _text(response)
    assert "Het digitale certificaat is echt en niet ingetrokken." in page
    assert "Praktijk Amstel (Keurmerk 2027)" in page
    changed = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
    assert "De handtekening van het digitale certificaat klopt niet." in _text(_pasted(client, changed))
    status_list = client.get("/register/statuslijst.jwt").content.decode()  # signed, but no certificate
    assert "klopt niet" in _text(_pasted(client, status_list))
    import json

    from django.test import override_settings

    with override_settings(CREDENTIAL_KEYS=json.dumps([new_private_jwk()])):
        foreign = client.get(f"/register/verify/{certificate.code}/credential.jwt").content.decode()
    assert "klopt niet" in _text(_pasted(client, foreign))  # a key the DID document does not list
    participation_withdraw(participation=certificate.participation, actor=users["director"], reason="Test")
    assert "Het digitale certificaat is echt, maar ingetrokken." in _text(_pasted(client, token))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Plak de tekst van het digitale certificaat"),
        ("geen certificaat", "Dit is geen digitaal certificaat"),
        ("a." * 10_001, "Dit is te lang voor een digitaal certificaat"),
    ],
)
def test_bad_pasted_input_gets_a_clear_message(client, db, text, message):
    response = _pasted(client, text)
    assert response.status_code == 400 and message in _text(response)
    assert "Digitale controle" not in _text(response)


def test_the_verify_page_offers_the_paste_form(client, db):
    page = client.get("/register/verify/").content.decode()
    assert 'action="/register/verify-credential/"' in page and 'name="credential"' in page
    assert client.get("/register/verify-credential/").status_code == 405
