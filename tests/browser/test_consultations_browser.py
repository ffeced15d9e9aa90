"""An invitee answers the consultation on a phone: scores, saves a draft, comes back, submits; axe clean.

`transactional_db` comes first in every signature: `live_server` serves from another thread, so the
test data must be committed.
"""

import datetime

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
ASPECTS = ["Stimulerend", "Vooruitstrevend", "Duidelijk", "Haalbaar"]


@pytest.fixture
def running_round(transactional_db, framework_2024, users):
    from keurmerk.consultations.imports import InviteeRow
    from keurmerk.consultations.services import invitees_add, round_open
    from keurmerk.lib.dates import local_today

    today = local_today()
    consultation_round = round_open(
        framework=framework_2024,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=10),
        user=users["administrator"],
        introduction="Wij horen graag hoe u de concept-normen waardeert.",
    )
    rows = [InviteeRow("Praktijk De Linde", "keurmerkdrager", "linde@example.org")]
    invitee = invitees_add(
        consultation_round=consultation_round, rows=rows, user=users["administrator"]
    ).added[0]
    return consultation_round, invitee


LABELS = {1: "1 – nee, helemaal niet", 7: "7 – ja, zeer goed"}


def score(page, norm, aspect, value):
    group = page.get_by_role("group", name=f"{aspect} – norm {norm}", exact=True)
    group.get_by_label(LABELS.get(value, str(value)), exact=True).check()


def assert_fits_the_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px screen"


def test_invitee_fills_saves_returns_and_submits_on_a_phone(running_round, live_server, page):
    from keurmerk.consultations.models import Response

    consultation_round, invitee = running_round
    page.set_viewport_size(PHONE)
    link = f"{live_server.url}/consultatie/{invitee.token}/"
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Consultatie Keurmerk Kortdurende Generalistische GGZ 2024"
    )
    expect(page.get_by_role("group")).to_have_count(16)
    assert_fits_the_phone(page)
    assert_accessible(page)

    for aspect, value in zip(ASPECTS, (5, 6, 7, 4), strict=True):
        score(page, "1", aspect, value)
    score(page, "2a", "Stimulerend", 1)
    page.get_by_label("Opmerkingen bij norm 1", exact=True).fill("Maak ‘tijdig afsluiten’ concreter.")
    page.get_by_label("Opmerking bij criterium 2b.8", exact=True).fill(
        "Goed dat exclusiecriteria erbij komen."
    )
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Uw reactie is als concept opgeslagen.")
    assert Response.objects.get(invitee=invitee).status == "draft"
    assert_accessible(page)

    # The invitee closes the browser and comes back later through the link in the e-mail.
    page.goto("about:blank")
    page.goto(link)
    expect(page.get_by_text("als concept opgeslagen op")).to_be_visible()
    expect(
        page.get_by_role("group", name="Duidelijk – norm 1", exact=True).get_by_label("7 – ja, zeer goed")
    ).to_be_checked()
    expect(page.get_by_label("Opmerkingen bij norm 1", exact=True)).to_have_value(
        "Maak ‘tijdig afsluiten’ concreter."
    )

    # Sending with scores missing names each one; nothing is lost.
    page.get_by_role("button", name="Versturen", exact=True).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Kies een score voor ‘vooruitstrevend’ bij norm 2a.")
    expect(summary.get_by_role("link")).to_have_count(11)
    expect(page.get_by_label("Opmerkingen bij norm 1", exact=True)).to_have_value(
        "Maak ‘tijdig afsluiten’ concreter."
    )
    assert_accessible(page)

    for norm in ["2a", "2b", "3"]:
        for aspect in ASPECTS:
            if (norm, aspect) != ("2a", "Stimulerend"):
                score(page, norm, aspect, 5)
    page.get_by_label("Opmerkingen over het normenkader als geheel", exact=True).fill(
        "Een evenwichtig concept."
    )
    page.get_by_role("button", name="Versturen", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Uw reactie is verstuurd. Hartelijk dank!")
    expect(page.get_by_role("button", name="Wijzigingen versturen")).to_be_visible()
    assert_fits_the_phone(page)
    assert_accessible(page)

    response = Response.objects.get(invitee=invitee)
    assert response.status == "submitted" and response.scores.count() == 16 and response.comments.count() == 3


def test_administrator_reads_the_results_and_weighs_a_comment(running_round, live_server, page, users):
    from keurmerk.consultations.models import Disposition
    from keurmerk.consultations.services import Answers, response_save

    consultation_round, invitee = running_round
    keys = [n.key for n in consultation_round.framework.norms.all()]
    scores = {(k, a.lower()): 5 for k in keys for a in ASPECTS}
    response_save(
        invitee=invitee,
        answers=Answers(scores=scores, comments={("", ""): "Helder concept."}),
        expected_version=0,
        submit=True,
    )

    page.goto(f"{live_server.url}/consultatie/rondes/{consultation_round.pk}/resultaten/")
    sign_in(page, users["administrator"])
    expect(page.get_by_role("heading", level=1)).to_contain_text("Resultaten consultatie")
    table = page.get_by_role("table", name="Gemiddelde score per norm en aspect", exact=True)
    first_norm = table.get_by_role("row").nth(1)
    expect(first_norm.get_by_role("rowheader")).to_have_text("1")
    expect(first_norm.get_by_role("cell")).to_have_text(["5,0"] * 5)
    assert_accessible(page)

    page.get_by_label("Ter kennisname").check()
    page.get_by_role("textbox", name="Toelichting").fill("Dank voor de steun.")
    page.get_by_role("button", name="Afweging opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De afweging is opgeslagen.")
    assert Disposition.objects.get().explanation == "Dank voor de steun."
    assert_accessible(page)
