"""Browser: the administrator plans a meeting about criterion 1.1; a member registers the
organisation, writes a draft at the meeting before the self-evaluation has started, starts it and
finds the draft in the question; back on the meeting page the same answer autosaves into the
self-evaluation. axe on every page."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from keurmerk.cycles.models import Participation, State
from keurmerk.meetings.models import Meeting, Registration
from keurmerk.selfevaluations.models import Answer
from tests.conftest import amsterdam

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

NOW = amsterdam(2026, 11, 16, 10, 0)
SAVED = re.compile(r"opgeslagen om \d\d:\d\d")
LABEL = "Toelichting: dat en hoe u aan dit criterium voldoet"


@pytest.fixture
def signed(transactional_db, participation, users):
    Participation.objects.filter(pk=participation.pk).update(state=State.SIGNED)
    with time_machine.travel(NOW, tick=True):
        yield participation


def _plan(page, live_server, admin):
    page.goto(f"{live_server.url}/bijeenkomsten/staf/plannen/")
    sign_in(page, admin)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bijeenkomst plannen")
    assert_accessible(page)
    page.get_by_label("Titel").fill("Dialoog over de wachttijd")
    page.get_by_label("Link naar de online bijeenkomst").fill("https://meet.example.org/wachttijd")
    page.get_by_label("Datum").fill("2026-11-16")
    page.get_by_label("Begint om").fill("09:30")
    page.get_by_label("Eindigt om").fill("12:00")
    page.get_by_label("Aantal plaatsen").fill("10")
    page.get_by_label(re.compile(r"^2022 · 1\.1 ")).check()
    page.get_by_role("button", name="Plannen").click()
    expect(page.get_by_text("De bijeenkomst is gepland.")).to_be_visible()
    assert_accessible(page)
    return Meeting.objects.get(title="Dialoog over de wachttijd")


def _register_and_draft(page, live_server, member, meeting):
    page.goto(f"{live_server.url}/account/login/?next=/bijeenkomsten/")
    sign_in(page, member)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dialoogbijeenkomsten")
    assert_accessible(page)
    page.get_by_role("link", name="Dialoog over de wachttijd").click()
    expect(page.get_by_text("de link ziet u na aanmelding")).to_be_visible()
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_text("U bent aangemeld.")).to_be_visible()
    expect(page.get_by_role("link", name="https://meet.example.org/wachttijd")).to_be_visible()
    assert_accessible(page)
    section = page.locator("section.se-question").first
    section.get_by_label(LABEL).fill("Wij bellen elke wachtende na twee weken.")
    section.get_by_role("button", name=re.compile("^Concept bewaren")).click()
    expect(page.get_by_text("Uw concepttoelichting is bewaard")).to_be_visible()


def test_from_planning_a_meeting_to_a_draft_in_the_self_evaluation(live_server, signed, users, browser):
    admin_page = browser.new_context().new_page()
    meeting = _plan(admin_page, live_server, users["administrator"])
    page = browser.new_context().new_page()
    _register_and_draft(page, live_server, users["member"], meeting)
    assert Registration.objects.get(meeting=meeting).organisation == signed.organisation
    page.goto(f"{live_server.url}/zelfevaluatie/deelname/{signed.pk}/")
    page.get_by_role("button", name="Zelfevaluatie beginnen").click()
    question = page.locator("#vraag-wachttijd-kort")
    expect(question.locator("textarea")).to_have_value("Wij bellen elke wachtende na twee weken.")
    expect(question.get_by_text("Besproken in dialoogbijeenkomsten")).to_be_attached()
    # Back at the meeting: the same answer, autosaved into the self-evaluation.
    page.goto(f"{live_server.url}/bijeenkomsten/{meeting.pk}/")
    assert_accessible(page)
    section = page.locator("section.se-question").first
    section.get_by_label(LABEL).fill("Wij bellen elke wachtende na twee weken en na vier weken.")
    expect(section.get_by_role("status")).to_have_text(SAVED, timeout=10_000)
    answer = Answer.objects.get(self_evaluation__participation=signed, criterion__key="wachttijd-kort")
    assert (answer.explanation, answer.version) == (
        "Wij bellen elke wachtende na twee weken en na vier weken.",
        2,
    )
    page.goto(f"{live_server.url}/zelfevaluatie/{answer.self_evaluation_id}/")
    expect(page.locator("#vraag-wachttijd-kort textarea")).to_have_value(
        "Wij bellen elke wachtende na twee weken en na vier weken."
    )
