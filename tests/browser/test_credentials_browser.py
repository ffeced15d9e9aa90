"""Browser (issue 18): the holder opens its digital-certificate page from Mijn Keurmerk, copies the
badge snippet and downloads its credential; the badge leads the public to the verification page,
which checks the digital certificate; a pasted credential is checked there too. Axe on each page."""

import re

import pytest
from playwright.sync_api import expect

from keurmerk.assessments.services import participation_award
from keurmerk.cycles.models import Participation, State

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def certificate(transactional_db, participation, users):
    Participation.objects.filter(pk=participation.pk).update(state=State.QUALIFIED)
    participation.refresh_from_db()
    return participation_award(participation=participation, actor=users["assessor"])


def test_holder_shares_its_badge_and_the_public_checks_it(browser, live_server, certificate, users):
    page = browser.new_page()
    page.goto(f"{live_server.url}/start/")
    sign_in(page, users["member"])
    page.get_by_role("link", name="Digitaal certificaat en badge voor uw website").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Keurmerk op uw website")
    assert_accessible(page)
    snippet = page.get_by_label("HTML om op uw website te plaatsen (kopiëren en plakken)").input_value()
    assert snippet.startswith(f'<a href="{live_server.url}/register/verify/{certificate.code}"')
    with page.expect_download() as download:
        page.get_by_role("link", name="Digitaal certificaat downloaden (.jwt)").click()
    token = open(download.value.path(), encoding="utf-8").read()
    assert token.count(".") == 2

    page.get_by_role("img", name="Keurmerkdrager 2027").click()
    expect(page).to_have_url(f"{live_server.url}/register/verify/{certificate.code}")
    expect(page.get_by_text("Het digitale certificaat is echt en niet ingetrokken.")).to_be_visible()
    port = live_server.url.rsplit(":", 1)[1]
    expect(page.get_by_text(re.compile(rf"ondertekend door did:web:localhost%3A{port}"))).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/register/verify/")
    page.get_by_label("Digitaal certificaat (de tekst uit het .jwt-bestand)").fill(token)
    page.get_by_role("button", name="Controleer het digitale certificaat").click()
    expect(page.get_by_text("Het digitale certificaat is echt en niet ingetrokken.")).to_be_visible()
    expect(page.get_by_text("Praktijk Amstel (Keurmerk 2027)")).to_be_visible()
    assert_accessible(page)
