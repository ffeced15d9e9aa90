"""Browser: a member fills in the self-evaluation with autosave and finds the text after a reload; two
members editing the same answer get a conflict and merge; submitting with a missing answer shows
the checklist, then succeeds; the assessor sees what the revision changed. axe on every page."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from keurmerk.cycles.models import Participation, State
from keurmerk.selfevaluations import services
from keurmerk.selfevaluations.models import Answer, SelfEvaluation, Status
from tests.conftest import amsterdam

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

DURING = amsterdam(2026, 11, 16, 10, 0)
DURING_REVISION = amsterdam(2027, 3, 2, 10, 0)
SAVED = re.compile(r"opgeslagen om \d\d:\d\d")


@pytest.fixture
def started(transactional_db, participation, users):
    Participation.objects.filter(pk=participation.pk).update(state=State.SIGNED)
    with time_machine.travel(DURING, tick=True):
        yield services.self_evaluation_start(participation=participation, user=users["member"])


def _fill_all(se, skip=()):
    Answer.objects.filter(self_evaluation=se).exclude(criterion__key__in=skip).update(
        explanation="Zo voldoen wij eraan.", number=600, urls=["https://www.amstel.example.nl/"]
    )


def _question(page, key):
    return page.locator(f"#vraag-{key}")


def _open_as_member(page, url, user):
    page.goto(url)
    sign_in(page, user)
    expect(page.get_by_role("heading", level=1)).to_have_text("Zelfevaluatie Keurmerk 2027")
    # The heading is there while the page is still parsing; typing before the page's script has set
    # up the answer forms (it marks each data-ready) would bypass autosave on a slow machine.
    page.wait_for_selector("form.answer-form[data-ready='1']", state="attached")


def test_fill_autosave_and_reload_shows_the_text(live_server, started, users, page):
    _open_as_member(page, f"{live_server.url}/zelfevaluatie/{started.pk}/", users["member"])
    assert_accessible(page)
    question = _question(page, "wachttijd-kort")
    textarea = question.get_by_label("Toelichting: dat en hoe u aan dit criterium voldoet")
    textarea.fill("Wij bellen elke wachtende na twee weken.")
    expect(question.locator(".char-counter")).to_have_text("40 van 20.000 tekens")
    expect(question.get_by_role("status")).to_have_text(SAVED, timeout=10_000)  # a few seconds after typing
    assert Answer.objects.get(self_evaluation=started, criterion__key="wachttijd-kort").version == 1
    page.reload()
    expect(_question(page, "wachttijd-kort").locator("textarea")).to_have_value(
        "Wij bellen elke wachtende na twee weken."
    )
    expect(page.get_by_text("1 van 31 verplichte vragen beantwoord")).to_be_visible()
    # Leaving a field saves at once; the counter refuses more than 20,000 characters.
    url_field = _question(page, "website-bereikbaarheid").get_by_label("Vindplaats op uw website")
    url_field.fill("https://www.amstel.example.nl/contact")
    url_field.press("Tab")
    expect(_question(page, "website-bereikbaarheid").get_by_role("status")).to_have_text(SAVED)
    long_text = _question(page, "wachttijd-tips").locator("textarea")
    long_text.fill("x" * 20_001)
    expect(_question(page, "wachttijd-tips").locator(".char-counter")).to_contain_text("1 te veel")
    expect(_question(page, "wachttijd-tips").get_by_role("status")).to_contain_text(
        "Niet opgeslagen", timeout=10_000
    )
    assert Answer.objects.get(self_evaluation=started, criterion__key="wachttijd-tips").explanation == ""


def test_a_failed_save_keeps_the_text_in_the_browser_until_it_is_saved(live_server, started, users, page):
    _open_as_member(page, f"{live_server.url}/zelfevaluatie/{started.pk}/", users["member"])
    page.route("**/zelfevaluatie/antwoord/**", lambda route: route.abort())  # the server is unreachable
    question = _question(page, "wachttijd-kort")
    question.locator("textarea").fill("Tekst die niet verloren mag gaan.")
    question.locator("textarea").press("Tab")
    expect(question.get_by_role("status")).to_contain_text("Niet opgeslagen: geen verbinding")
    assert Answer.objects.get(self_evaluation=started, criterion__key="wachttijd-kort").explanation == ""
    page.unroute("**/zelfevaluatie/antwoord/**")
    page.reload()  # e.g. the member closed the tab; the copy in this browser comes back and is saved
    question = _question(page, "wachttijd-kort")
    expect(question.locator("textarea")).to_have_value("Tekst die niet verloren mag gaan.")
    expect(question.get_by_role("status")).to_have_text(SAVED)
    assert Answer.objects.get(self_evaluation=started, criterion__key="wachttijd-kort").explanation == (
        "Tekst die niet verloren mag gaan."
    )
    page.reload()  # saved: the copy is gone, nothing is restored again
    expect(_question(page, "wachttijd-kort").get_by_role("status")).to_contain_text("laatst opgeslagen")


def test_two_members_editing_the_same_answer_get_a_conflict_and_merge(live_server, started, users, browser):
    url = f"{live_server.url}/zelfevaluatie/{started.pk}/"
    anna, bram = browser.new_context().new_page(), browser.new_context().new_page()
    _open_as_member(anna, url, users["member"])
    _open_as_member(bram, url, users["member"])

    _question(anna, "wachttijd-kort").locator("textarea").fill("Tekst van Anna.")
    _question(anna, "wachttijd-kort").locator("textarea").press("Tab")
    expect(_question(anna, "wachttijd-kort").get_by_role("status")).to_have_text(SAVED)

    bram_question = _question(bram, "wachttijd-kort")
    bram_question.locator("textarea").fill("Tekst van Bram.")
    bram_question.locator("textarea").press("Tab")
    conflict = bram_question.locator(".conflict")
    expect(conflict).to_be_visible()
    expect(bram_question.get_by_role("status")).to_contain_text("Niet opgeslagen: een collega")
    expect(conflict.locator(".conflict__text--mine")).to_have_text("Tekst van Bram.")
    expect(conflict.locator(".conflict__text--theirs")).to_have_text("Tekst van Anna.")
    assert_accessible(bram)
    assert (
        Answer.objects.get(self_evaluation=started, criterion__key="wachttijd-kort").explanation
        == "Tekst van Anna."
    )

    merged = conflict.get_by_label("Samenvoegen: beide teksten, pas aan en bewaar")
    expect(merged).to_have_value("Tekst van Bram.\n\nTekst van Anna.")
    merged.fill("Tekst van Anna en Bram.")
    conflict.get_by_role("button", name="Samengevoegde tekst bewaren").click()
    expect(bram_question.get_by_role("status")).to_have_text(SAVED)
    expect(bram_question.locator("textarea.answer-text")).to_have_value("Tekst van Anna en Bram.")
    answer = Answer.objects.get(self_evaluation=started, criterion__key="wachttijd-kort")
    assert (answer.explanation, answer.version) == ("Tekst van Anna en Bram.", 2)

    # Anna, still on version 1, types on: a conflict; she takes the stored text.
    anna_question = _question(anna, "wachttijd-kort")
    anna_question.locator("textarea").fill("Nog een zin van Anna.")
    anna_question.locator("textarea").press("Tab")
    anna_question.get_by_role("button", name="Opgeslagen tekst overnemen").click()
    expect(anna_question.locator("textarea.answer-text")).to_have_value("Tekst van Anna en Bram.")
    expect(anna_question.locator(".conflict")).to_have_count(0)
    assert Answer.objects.get(pk=answer.pk).explanation == "Tekst van Anna en Bram."


def test_submit_with_a_missing_answer_shows_the_checklist_then_succeeds(live_server, started, users, page):
    _fill_all(started, skip=["wachttijd-kort"])
    page.goto(f"{live_server.url}/zelfevaluatie/{started.pk}/indienen/")
    sign_in(page, users["member"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Zelfevaluatie Keurmerk 2027 indienen")
    assert_accessible(page)
    page.get_by_label("Ingevuld door").fill("Anna Amstel, GZ-psycholoog")
    page.get_by_role("button", name="Zelfevaluatie indienen").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Nog niet alle verplichte vragen zijn beantwoord (1 open)."
    )
    checklist = page.locator(".se-missing")
    expect(checklist.get_by_role("link")).to_have_count(1)
    checklist.get_by_role("link", name="Criterium 1.1").click()
    expect(page).to_have_url(re.compile(r"#vraag-wachttijd-kort$"))
    page.wait_for_selector("form.answer-form[data-ready='1']", state="attached")  # as _open_as_member
    question = _question(page, "wachttijd-kort")
    question.locator("textarea").fill("Binnen vier weken.")
    question.locator("textarea").press("Tab")
    expect(question.get_by_role("status")).to_have_text(SAVED)

    page.get_by_role("link", name="Naar indienen").first.click()
    expect(page.get_by_text("Alle verplichte vragen zijn beantwoord.")).to_be_visible()
    page.get_by_label("Ingevuld door").fill("Anna Amstel, GZ-psycholoog")
    page.get_by_label("Naam behandelaar die heeft meegekeken").fill("Dr. B. Behandelaar")
    page.get_by_label("BIG-nummer behandelaar").fill("12345678901")
    page.get_by_role("button", name="Zelfevaluatie indienen").click()
    expect(page.get_by_role("main")).to_contain_text("De zelfevaluatie is ingediend.")
    expect(page.get_by_role("main")).to_contain_text("Deze versie kan niet meer worden gewijzigd.")
    expect(page.locator("form.answer-form")).to_have_count(0)
    assert_accessible(page)
    se = SelfEvaluation.objects.get(pk=started.pk)
    assert se.status == Status.SUBMITTED and se.reviewer_big == "12345678901"
    assert Participation.objects.get(pk=se.participation_id).state == State.SUBMITTED


def test_revision_shows_the_difference_to_the_assessor(live_server, started, users, page):
    _fill_all(started)
    services.self_evaluation_submit(self_evaluation=started, user=users["member"], filled_in_by="Anna")
    Participation.objects.filter(pk=started.participation_id).update(state=State.NOT_QUALIFIED)
    with time_machine.travel(DURING_REVISION, tick=True):
        revision = services.revision_start(participation=started.participation, user=users["member"])
        answer = Answer.objects.get(self_evaluation=revision, criterion__key="wachttijd-kort")
        services.answer_save(
            answer=answer,
            user=users["member"],
            version=0,
            explanation="Zo voldoen wij er sinds maart volledig aan.",
        )
        services.self_evaluation_submit(self_evaluation=revision, user=users["member"], filled_in_by="Anna")
        page.goto(f"{live_server.url}/zelfevaluatie/staf/{revision.pk}/")
        sign_in(page, users["assessor"])
        expect(page.get_by_role("heading", level=1)).to_contain_text("aangepaste zelfevaluatie 2027")
        question = _question(page, "wachttijd-kort")
        expect(question.locator("del")).to_have_text("eraan.")
        expect(question.locator("ins")).to_have_text("er sinds maart volledig aan.")
        expect(question).to_contain_text("gewijzigd t.o.v. eerste ronde")
        expect(page.locator(".badge-changed")).to_have_count(1)
        assert_accessible(page)
        page.get_by_role("link", name="Zelfevaluatie (ingediend)").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("zelfevaluatie 2027")
        assert_accessible(page)


def test_entry_thread_and_staff_pages_are_accessible(live_server, started, users, page, browser):
    page.goto(f"{live_server.url}/zelfevaluatie/deelname/{started.participation_id}/")
    sign_in(page, users["member"])
    expect(page.get_by_role("link", name="Verder invullen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Dialoog").click()
    first = Answer.objects.filter(self_evaluation=started).order_by("pk").first().criterion
    page.get_by_label("Over criterium").select_option(value=str(first.pk))
    page.get_by_label("Bericht", exact=True).fill("Telt de intake als eerste gesprek?")
    page.get_by_role("button", name="Bericht versturen").click()
    expect(page.get_by_role("main")).to_contain_text("Uw bericht is verstuurd.")
    expect(page.get_by_role("main")).to_contain_text("Over criterium 1.1")
    assert_accessible(page)
    staff = browser.new_context().new_page()
    staff.goto(f"{live_server.url}/zelfevaluatie/staf/?threads=on")
    sign_in(staff, users["assessor"])
    expect(staff.get_by_role("heading", level=1)).to_have_text("Zelfevaluaties")
    assert_accessible(staff)
    staff.get_by_role("link", name="1 bericht").click()
    expect(staff.get_by_role("main")).to_contain_text("Telt de intake als eerste gesprek?")
    assert_accessible(staff)
