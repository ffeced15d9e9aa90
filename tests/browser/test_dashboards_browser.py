"""Issue 12 in a real browser: the public home fits 390 px and 1280 px without sideways scrolling,
and every dashboard (public home, staff for each staff role, the list behind a number, the insurer's
home, the provider's start page) has no serious or critical axe violation; the charts are there as
pictures with a text alternative, and the same figures as a table.

`transactional_db` comes first: `live_server` serves from another thread.
"""

import datetime

import pytest

from .conftest import assert_accessible
from .test_layout_browser import PHONE, WIDE, assert_fits, sign_in_as

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db, frameworks, cycle, users, org_a, org_b):
    """The 2027 cycle (its self-evaluation phase runs now) with participations in several states,
    a submitted self-evaluation assigned to the assessor, a complaint, a round closing soon, and
    the member's own participation with a self-evaluation."""
    from keurmerk.assessments.models import Assessment
    from keurmerk.complaints.services import complaint_file
    from keurmerk.consultations.services import round_open
    from keurmerk.cycles.models import Participation, State
    from keurmerk.lib.dates import local_today
    from keurmerk.notifications.services import notify
    from keurmerk.selfevaluations import services
    from tests.core.conftest import make_organisations, make_participations, submit_all

    states = [State.APPLIED, State.SIGNED, State.SIGNED, State.SUBMITTED, State.SUBMITTED, State.WITHDRAWN]
    others = make_participations(cycle, make_organisations(len(states)), states)
    evaluations = submit_all([p for p in others if p.state == State.SUBMITTED])
    Assessment.objects.create(self_evaluation=evaluations[0], assessor=users["assessor"])
    withdrawn = Participation.objects.create(organisation=org_b, cycle=cycle, state=State.WITHDRAWN)
    complaint_file(participation=withdrawn, user=users["outsider"], text="Wij zijn het er niet mee eens.")
    today = local_today()
    round_open(
        framework=frameworks[2024],
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=10),
        user=users["administrator"],
        introduction="Graag.",
    )
    own = Participation.objects.create(organisation=org_a, cycle=cycle, state=State.SIGNED)
    services.self_evaluation_start(participation=own, user=users["member"])
    notify(
        email=users["member"].email, user=users["member"], subject="Welkom", body="Welkom bij het Keurmerk."
    )
    return own


def test_public_home_fits_a_phone_and_a_wide_screen(world, live_server, page):
    for size in (PHONE, WIDE):
        page.set_viewport_size(size)
        response = page.goto(f"{live_server.url}/")
        assert response.status == 200
        assert_fits(page, size["width"])
        assert_accessible(page)
        chart = page.locator("svg.dashboard-chart")
        assert chart.count() == 1 and chart.first.is_visible()
        box = chart.first.bounding_box()
        assert box["x"] + box["width"] <= size["width"]
        assert (
            page.get_by_role(
                "img", name="Fases en termijnen van het keurmerkproces 2027", exact=False
            ).count()
            == 1
        )
        assert page.get_by_role("searchbox", name="Zoek op naam, plaats of AGB-code").is_visible()


def test_the_register_search_on_the_home_page_works_without_javascript(world, live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("searchbox", name="Zoek op naam, plaats of AGB-code").fill("Aanbieder")
    page.get_by_role("button", name="Zoeken").click()
    assert "/register/?q=Aanbieder" in page.url
    context.close()


STAFF_PAGES = ["/staf/", "/staf/termijnen/?soort=rapportages&wanneer=binnenkort"]


@pytest.mark.parametrize("role", ["assessor", "director", "administrator"])
def test_the_staff_dashboard_is_accessible(world, live_server, page, users, role):
    sign_in_as(page, live_server, users[role])
    for size in (WIDE, PHONE):
        page.set_viewport_size(size)
        for url in STAFF_PAGES:
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, url
            assert_fits(page, size["width"])
            assert_accessible(page)
    page.goto(f"{live_server.url}/staf/")
    assert page.get_by_role("img", name="Deelnames 2027 per status", exact=False).count() == 1
    page.get_by_role("link", name="Overeenkomst getekend: 3").click()
    assert page.url.endswith("/staf/processen/2027/?state=signed")


def test_the_insurer_home_is_accessible(world, live_server, page, users):
    sign_in_as(page, live_server, users["insurer"])
    for size in (WIDE, PHONE):
        page.set_viewport_size(size)
        response = page.goto(f"{live_server.url}/verzekeraar/?jaar=2027&sinds=2026-01-01")
        assert response.status == 200
        assert_fits(page, size["width"])
        assert_accessible(page)
    page.goto(f"{live_server.url}/start/")
    assert page.url.endswith("/verzekeraar/")


def test_the_provider_start_page_is_accessible(world, live_server, page, users):
    sign_in_as(page, live_server, users["member"])
    for size in (WIDE, PHONE):
        page.set_viewport_size(size)
        response = page.goto(f"{live_server.url}/start/")
        assert response.status == 200
        assert_fits(page, size["width"])
        assert_accessible(page)
    assert page.get_by_role("img", name="Ingevulde verplichte vragen per norm", exact=False).count() == 1
    assert page.locator(".unread-count").inner_text().startswith("1")
