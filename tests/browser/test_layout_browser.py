"""Issue 11 in a real browser: every list page fits a 390 px phone (tables scroll inside their own
region, the page never sideways), the confirmation pages say what will happen, the staff header
has one "Consultaties" and keeps the language button on its row at 1280 px; axe 0 serious/critical
on each page, the administrator's included.

`transactional_db` comes first: `live_server` serves from another thread.
"""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}


@pytest.fixture
def world(transactional_db, frameworks, cycle, participation, users, org_a, org_b):
    from types import SimpleNamespace

    from keurmerk.complaints.services import complaint_file
    from keurmerk.consultations.services import round_open
    from keurmerk.cycles.models import Participation, State
    from keurmerk.lib.dates import local_today
    from keurmerk.organisations.models import Membership, Subcontract
    from tests.conftest import make_organisation

    withdrawn = Participation.objects.create(organisation=org_b, cycle=cycle, state=State.WITHDRAWN)
    complaint_file(participation=withdrawn, user=users["outsider"], text="Wij zijn het er niet mee eens.")
    today = local_today()
    consultation_round = round_open(
        framework=frameworks[2024],
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=10),
        user=users["administrator"],
        introduction="Graag.",
    )
    network = make_organisation(
        "Netwerk Oost met een lange naam voor een smal scherm", "34343434", "43434343", type="netwerk"
    )
    Membership.objects.create(user=users["member"], organisation=network)
    link = Subcontract.objects.create(network=network, subcontractor=org_b, confirmed_at=timezone.now())
    return SimpleNamespace(participation=participation, round=consultation_round, network=network, link=link)


def sign_in_as(page, live_server, user):
    """A session cookie for `user` (past the two-factor step), as the sign-in form would give."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


WIDER_THAN = """(width) => [...document.querySelectorAll("body *")]
  .filter((e) => e.getBoundingClientRect().right > width && !e.parentElement.closest(".table-scroll"))
  .slice(0, 5).map((e) => e.tagName + "." + e.className + ": " + (e.textContent || "").trim().slice(0, 40))"""


def assert_fits(page, width=PHONE["width"]):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    wider = page.evaluate(WIDER_THAN, width) if scroll_width > width else []
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide on a {width}px screen: {wider}"


def check_pages(page, live_server, urls):
    page.set_viewport_size(PHONE)
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, f"{url}: {response.status}"
        assert_fits(page)
        assert_accessible(page)


def test_public_list_pages_fit_a_phone(world, live_server, page):
    check_pages(
        page,
        live_server,
        [
            "/",
            "/normen/",
            "/register/",
            "/account/login/",
            "/aanmelden/",
            "/normen/2022/",
            "/normen/2024/wijzigingen/",
        ],
    )


def test_member_list_pages_fit_a_phone(world, live_server, page, users):
    sign_in_as(page, live_server, users["member"])
    check_pages(
        page,
        live_server,
        [
            "/start/",
            "/klachten/",
            "/meldingen/",
            "/spiegel/",
            f"/organisatie/{world.participation.organisation_id}/",
            f"/organisatie/{world.network.pk}/",
        ],
    )


def test_staff_list_pages_fit_a_phone(world, live_server, page, users):
    sign_in_as(page, live_server, users["administrator"])
    check_pages(
        page,
        live_server,
        [
            "/staf/",
            "/staf/processen/2027/",
            f"/staf/deelnames/{world.participation.pk}/",
            "/staf/beoordelen/",
            "/klachten/",
            "/klachten/?show=open",
            "/consultatie/rondes/",
            f"/consultatie/rondes/{world.round.pk}/",
            "/zelfevaluatie/staf/",
            "/spiegel/landelijk/",
            "/meldingen/",
        ],
    )


def test_administrator_pages_pass_axe(world, live_server, page, users, frameworks):
    sign_in_as(page, live_server, users["administrator"])
    framework = frameworks[2024]
    check_pages(
        page,
        live_server,
        [
            "/beheer/",
            "/beheer/frameworks/framework/",
            "/beheer/frameworks/norm/",
            f"/beheer/frameworks/framework/{framework.pk}/status/",
            f"/beheer/frameworks/framework/{framework.pk}/jaartallen/",
        ],
    )


def test_administrator_editing_pages_pass_axe(world, live_server, page, users, frameworks):
    """The admin's own editing screens (framework with its inlines, norm, criterion, organisation,
    participation, user) pass axe: stacked inlines with labels, roles instead of permission lists."""
    sign_in_as(page, live_server, users["administrator"])
    framework = frameworks[2024]
    norm = framework.norms.first()
    for url in [
        f"/beheer/frameworks/framework/{framework.pk}/change/",
        f"/beheer/frameworks/norm/{norm.pk}/change/",
        f"/beheer/frameworks/criterion/{norm.criteria.first().pk}/change/",
        "/beheer/frameworks/framework/add/",
        f"/beheer/frameworks/framework/{framework.pk}/kopie/",
        "/beheer/accounts/user/",
        f"/beheer/accounts/user/{users['member'].pk}/change/",
        "/beheer/organisations/organisation/",
        f"/beheer/organisations/organisation/{world.network.pk}/change/",
        "/beheer/cycles/participation/",
        f"/beheer/cycles/participation/{world.participation.pk}/change/",
    ]:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        assert_accessible(page)


def test_closing_a_round_is_confirmed_on_its_own_page(world, live_server, page, users):
    from keurmerk.consultations.models import ConsultationRound, RoundState

    sign_in_as(page, live_server, users["administrator"])
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/consultatie/rondes/{world.round.pk}/")
    page.get_by_role("link", name="Ronde nu sluiten").click()
    expect(page.get_by_role("heading", name="Wat er gebeurt als u sluit")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Sluiten kan niet ongedaan worden gemaakt.")
    assert ConsultationRound.objects.get(pk=world.round.pk).state == RoundState.OPEN
    assert_fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Ja, ronde nu sluiten").click()
    expect(page.get_by_text("De consultatieronde is gesloten")).to_be_visible()
    assert ConsultationRound.objects.get(pk=world.round.pk).state == RoundState.CLOSED


def test_adopting_a_framework_is_confirmed_on_its_own_page(world, live_server, page, users):
    from keurmerk.consultations.models import ConsultationRound, RoundState
    from keurmerk.consultations.services import round_close
    from keurmerk.frameworks.models import Framework, FrameworkStatus
    from keurmerk.lib.dates import local_today

    round_close(consultation_round=world.round, user=users["administrator"])
    sign_in_as(page, live_server, users["administrator"])
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/consultatie/rondes/{world.round.pk}/vaststellen/")
    page.get_by_label("Datum van vaststelling door het bestuur").fill(local_today().isoformat())
    page.get_by_role("button", name="Vaststelling vastleggen").click()
    expect(page.get_by_role("heading", name="Wat er gebeurt als u bevestigt")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Dit kan niet ongedaan worden gemaakt.")
    assert ConsultationRound.objects.get(pk=world.round.pk).state == RoundState.CLOSED
    assert Framework.objects.get(pk=world.round.framework_id).status == FrameworkStatus.CONSULTATION
    assert_fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Ja, vaststelling vastleggen").click()
    expect(page.get_by_text("De vaststelling is vastgelegd")).to_be_visible()
    assert ConsultationRound.objects.get(pk=world.round.pk).state == RoundState.ADOPTED
    framework = Framework.objects.get(pk=world.round.framework_id)
    assert (framework.status, framework.adopted_on) == (FrameworkStatus.ADOPTED, local_today())


def test_overriding_a_state_is_confirmed_on_its_own_page(world, live_server, page, users):
    from keurmerk.cycles.models import Participation, State

    sign_in_as(page, live_server, users["administrator"])
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/staf/deelnames/{world.participation.pk}/")
    form = page.locator(f'form[action="/staf/deelnames/{world.participation.pk}/overschrijven/"]')
    form.get_by_label("Nieuwe status").select_option(label="Ingetrokken")
    form.get_by_label("Reden", exact=True).fill("Op verzoek van de aanbieder")
    form.get_by_role("button", name="Status overschrijven").click()
    expect(page.get_by_role("main")).to_contain_text(
        "De status gaat direct van ‘Aangemeld’ naar ‘Ingetrokken’."
    )
    assert Participation.objects.get(pk=world.participation.pk).state == State.APPLIED
    assert_fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Ja, status overschrijven").click()
    expect(page.get_by_text("De status is overschreven")).to_be_visible()
    assert Participation.objects.get(pk=world.participation.pk).state == State.WITHDRAWN


def test_removing_a_subcontractor_is_confirmed_on_its_own_page(world, live_server, page, users):
    from keurmerk.organisations.models import Subcontract

    sign_in_as(page, live_server, users["member"])
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/organisatie/{world.network.pk}/")
    page.get_by_role("link", name="Verwijderen Instelling Berkel").click()
    expect(page.get_by_role("heading", name="Wat er gebeurt als u verwijdert")).to_be_visible()
    assert Subcontract.objects.filter(pk=world.link.pk).exists()
    assert_fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Ja, onderaannemer verwijderen").click()
    expect(page.get_by_text("De onderaannemer is verwijderd.")).to_be_visible()
    assert not Subcontract.objects.filter(pk=world.link.pk).exists()


def test_the_staff_header_fits_one_row_at_1280_with_one_consultaties(world, live_server, page, users):
    sign_in_as(page, live_server, users["administrator"])
    page.set_viewport_size(WIDE)
    for url in ("/staf/", f"/consultatie/rondes/{world.round.pk}/"):
        page.goto(f"{live_server.url}{url}")
        nav = page.get_by_role("navigation", name="Hoofdmenu")
        expect(nav.get_by_role("link", name="Consultaties", exact=True)).to_have_count(1)
        brand = page.locator(".site-header__brand").bounding_box()
        language = page.locator(".site-lang").bounding_box()
        assert abs(language["y"] - brand["y"]) < brand["height"], f"{url}: the language button wrapped"
        assert_fits(page, WIDE["width"])
