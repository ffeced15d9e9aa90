"""Browser: a new provider applies, signs the agreement and sees its home page; an administrator with
two factors opens the participations overview and exports it."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from keurmerk.accounts.models import User
from keurmerk.cycles.models import Participation, State
from tests.conftest import amsterdam

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_new_provider_applies_signs_and_sees_home(transactional_db, live_server, cycle, page):
    with time_machine.travel(amsterdam(2026, 10, 5, 10)):
        page.goto(f"{live_server.url}/aanmelden/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden voor het Keurmerk 2027")
        assert_accessible(page)
        page.get_by_label("Naam", exact=True).fill("Praktijk Browser")
        page.get_by_label("Vrijgevestigde praktijk").check()
        page.get_by_label("KvK-nummer").fill("7777 7777")
        page.get_by_label("AGB-code").fill("88888888")
        page.get_by_label("Contactpersoon", exact=True).fill("Bram Browser")
        page.get_by_label("E-mailadres contactpersoon").fill("info@browser.test")
        page.locator("#id_loc-0-postcode").fill("3511ab")
        page.locator("#id_loc-0-place").fill("Utrecht")
        page.get_by_label("Voornaam").fill("Bram")
        page.get_by_label("Achternaam").fill("Browser")
        page.get_by_label("E-mailadres (om in te loggen)").fill("bram@browser.test")
        page.get_by_label("Wachtwoord", exact=True).fill("browser-wachtwoord-1")
        page.get_by_label("Wachtwoord nogmaals").fill("browser-wachtwoord-1")
        page.get_by_role("button", name="Aanmelding versturen").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelding ontvangen")
        assert_accessible(page)
        page.get_by_role("link", name="Aanmelden met uw account").click()
        sign_in(page, User.objects.get(email="bram@browser.test"), password="browser-wachtwoord-1")
        page.goto(
            f"{live_server.url}/deelname/{Participation.objects.get(organisation__kvk='77777777').pk}/overeenkomst/"
        )
        expect(page.get_by_role("heading", level=1)).to_have_text("Overeenkomst Keurmerk 2027")
        assert_accessible(page)
        page.get_by_label("Functie ondertekenaar").fill("Praktijkhouder")
        page.get_by_label(re.compile("Ik ben bevoegd")).check()
        page.get_by_role("button", name="Overeenkomst ondertekenen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Voorbereiding op de zelfevaluatie")

        page.get_by_role("link", name="Mijn Keurmerk").click()
        expect(page.get_by_role("main")).to_contain_text("Overeenkomst getekend")
        expect(page.get_by_role("main")).to_contain_text("Bereid u voor op de zelfevaluatie")
        assert_accessible(page)
    participation = Participation.objects.get(organisation__kvk="77777777")
    assert participation.state == State.SIGNED and participation.signer_role == "Praktijkhouder"


def test_administrator_with_two_factors_opens_overview_and_exports(
    transactional_db, live_server, cycle, participation, users, page
):
    page.goto(f"{live_server.url}/staf/processen/2027/")
    sign_in(page, users["administrator"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Keurmerkproces 2027")
    expect(page.get_by_role("main")).to_contain_text("Praktijk Amstel")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    content = open(download_info.value.path(), encoding="utf-8-sig").read()
    assert content.splitlines()[0].startswith("organisatie;kvk;agb")
    assert "Praktijk Amstel;12345678;87654321" in content
