"""Browser: the administrator adds a question with its answer and a toetsingskader to a norm of the
published 2022 framework in the Keurmerkwijzer screen; the public norm page shows both with the
date of the change. axe on both pages."""

import pytest
from playwright.sync_api import expect

from keurmerk.frameworks.models import Criterion, GuideItem

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_the_administrator_adds_guidance_after_publication(
    transactional_db, live_server, framework_2022, users, page
):
    page.goto(f"{live_server.url}/normen/2022/norm/6/keurmerkwijzer/")
    sign_in(page, users["administrator"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Keurmerkwijzer bij norm 6 Kennis delen")
    assert_accessible(page)
    page.get_by_label("Soort").select_option(label="Veelgestelde vraag")
    page.get_by_label("Titel (bij een veelgestelde vraag: de vraag)").fill("Is deelname verplicht?")
    page.get_by_label("Toelichting (bij een veelgestelde vraag: het antwoord)").fill(
        "Nee, deelname is vrijwillig."
    )
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_text("Het onderdeel is aan de Keurmerkwijzer toegevoegd.")).to_be_visible()
    section = page.locator("#criterium-expertise-uitwisselen")
    section.get_by_label("Toetsingskader").fill("Voldaan als de aanbieder beschrijft met wie en hoe vaak.")
    section.get_by_role("button", name="Toetsingskader opslaan").click()
    expect(page.get_by_text("Het toetsingskader bij criterium 6.1 is opgeslagen.")).to_be_visible()
    assert GuideItem.objects.filter(title="Is deelname verplicht?").exists()
    assert Criterion.objects.get(norm__framework=framework_2022, key="expertise-uitwisselen").guidance
    page.goto(f"{live_server.url}/normen/2022/norm/6/")
    page.get_by_text("Is deelname verplicht?").click()
    expect(page.get_by_text("Nee, deelname is vrijwillig.")).to_be_visible()
    expect(page.get_by_text("Voldaan als de aanbieder beschrijft met wie en hoe vaak.")).to_be_visible()
    expect(page.get_by_text("bijgewerkt op").first).to_be_visible()
    assert_accessible(page)
