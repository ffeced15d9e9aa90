"""The public framework pages in a real browser: navigation, language switch, admin-only concept, axe.

`transactional_db` comes first in every signature: `live_server` serves from another thread, so the
test data must be committed, and the shared fixtures (`frameworks`, `admin_user`) only ask for `db`.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

NORMS_2022 = [
    "Tijdige zorg en samen beslissen",
    "Generalistisch, kortdurend behandelen",
    "Transparant zijn",
    "Reflecteren, leren en verbeteren",
    "Vooruitstrevend zijn",
    "Kennis delen",
]


def test_framework_list_leads_to_the_2022_framework(transactional_db, live_server, frameworks, page):
    page.goto(f"{live_server.url}/normen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Normenkaders")
    table = page.get_by_role("table", name="Beschikbare normenkaders")
    expect(table).to_contain_text("Keurmerk Basis GGZ 2022")
    # The 2024 framework is a concept: anonymous visitors do not see it.
    expect(table.get_by_role("row")).to_have_count(2)
    assert_accessible(page)

    page.get_by_role("link", name="Keurmerk Basis GGZ 2022", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/normen/2022/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Keurmerk Basis GGZ 2022")
    overview = page.get_by_role("navigation", name="Normen in dit normenkader").get_by_role("link")
    expect(overview).to_have_count(6)
    for number, subject in enumerate(NORMS_2022, start=1):
        expect(overview.nth(number - 1)).to_have_text(f"Norm {number} – {subject}")
    expect(page.locator("section.norm")).to_have_count(6)
    expect(page.locator("#norm-1-heading")).to_have_text("Norm 1 Tijdige zorg en samen beslissen")
    assert_accessible(page)


def test_criterion_link_opens_the_keurmerkwijzer_at_the_criterion(
    transactional_db, live_server, frameworks, page
):
    page.goto(f"{live_server.url}/normen/2022/")
    page.locator("#norm-1").get_by_role(
        "link", name="Toetsingskader en Keurmerkwijzer bij criterium 1", exact=True
    ).click()

    expect(page).to_have_url(f"{live_server.url}/normen/2022/norm/1/#criterium-wachttijd-kort")
    expect(page.get_by_role("heading", level=1)).to_have_text("Norm 1 Tijdige zorg en samen beslissen")
    expect(page.get_by_role("heading", name="Keurmerkwijzer", exact=True)).to_be_visible()
    section = page.locator("section#criterium-wachttijd-kort")
    expect(section.get_by_role("heading", level=4)).to_have_text("Criterium 1.1")
    expect(section).to_contain_text("de wachttijd zo kort mogelijk wordt gehouden")
    expect(section).to_contain_text(
        re.compile(r"Toetsingskader:|Het toetsingskader voor dit criterium is nog niet ingevoerd\.")
    )
    expect(section).to_be_in_viewport()
    assert_accessible(page)


def test_language_switch_and_back(transactional_db, live_server, frameworks, page):
    with translation.override("en"):
        english_heading = translation.gettext("Normenkaders")
    page.goto(f"{live_server.url}/normen/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(f"{live_server.url}/normen/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Nederlands")).to_be_visible()
    # "Norm frameworks" once locale/en is compiled; until then the catalogue falls back to Dutch.
    expect(page.get_by_role("heading", level=1)).to_have_text(english_heading)
    expect(page.get_by_role("link", name="Keurmerk Basis GGZ 2022", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Nederlands").click()
    expect(page).to_have_url(f"{live_server.url}/normen/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("button", name="English")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Normenkaders")
    assert_accessible(page)


def test_change_overview_page(transactional_db, live_server, frameworks, page):
    page.goto(f"{live_server.url}/normen/2022/wijzigingen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wijzigingen Keurmerk Basis GGZ 2022")
    # 2022 is the first framework in the system, so there is nothing to compare it with.
    expect(page.get_by_role("main")).to_contain_text(
        "Er is geen eerder normenkader in het systeem om mee te vergelijken."
    )
    assert_accessible(page)


def test_concept_2024_visible_to_admin_after_login(
    transactional_db, live_server, frameworks, admin_user, page
):
    response = page.goto(f"{live_server.url}/normen/2024/")
    assert response.status == 404

    page.goto(f"{live_server.url}/beheer/")
    sign_in(page, admin_user)
    expect(page).to_have_url(f"{live_server.url}/beheer/")

    page.goto(f"{live_server.url}/normen/2024/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2024")
    expect(page.get_by_role("navigation", name="Normen in dit normenkader")).to_contain_text(
        "Kortdurend, generalistisch behandelen"
    )
    expect(page.get_by_role("link", name="Beheer", exact=True)).to_be_visible()
    assert_accessible(page)
