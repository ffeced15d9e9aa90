"""Browser: the conflict panel answers exactly one conflict (issue "Never lose a word").

Two members of one organisation edit the same draft answer. Member A's autosave lands; member B's
autosave is refused with the panel while B's cursor is still in the answer box. Each of the three
choices (own text, stored text, merge) is taken the way a person takes it: leaving the answer box
by clicking. Leaving the box fires htmx's `change` trigger; before the fix that sent a save with the
stale version, which redrew the panel and wiped what was typed in it. Each test checks the stored
text in the database, that no panel remains, and that no save after the choice was refused.
"""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from keurmerk.cycles.models import Participation, State
from keurmerk.selfevaluations import services
from keurmerk.selfevaluations.models import Answer
from tests.conftest import amsterdam

from .conftest import sign_in

pytestmark = pytest.mark.browser

DURING = amsterdam(2026, 11, 16, 10, 0)
SAVED = re.compile(r"opgeslagen om \d\d:\d\d")
KEY = "wachttijd-kort"
ANSWER_LABEL = "Toelichting: dat en hoe u aan dit criterium voldoet"
MERGE_LABEL = "Samenvoegen: beide teksten, pas aan en bewaar"
# Long enough for a delayed autosave (htmx `input delay:2s`) still pending at the choice to land.
SETTLE_MS = 3000


@pytest.fixture
def started(transactional_db, participation, users):
    Participation.objects.filter(pk=participation.pk).update(state=State.SIGNED)
    with time_machine.travel(DURING, tick=True):
        yield services.self_evaluation_start(participation=participation, user=users["member"])


def _answer(se):
    return Answer.objects.get(self_evaluation=se, criterion__key=KEY)


def _open(browser, url, user):
    page = browser.new_context().new_page()
    page.goto(url)
    sign_in(page, user)
    expect(page.get_by_role("heading", level=1)).to_have_text("Zelfevaluatie Keurmerk 2027")
    page.wait_for_selector("form.answer-form[data-ready='1']", state="attached")  # the script is set up
    return page


class Saves:
    """Every answer save the page sends, with the version it carried and the answer's status code."""

    def __init__(self, page):
        self.sent = []
        page.on("response", self._record)

    def _record(self, response):
        request = response.request
        if request.method == "POST" and "/zelfevaluatie/antwoord/" in request.url:
            version = re.search(r"(?:^|&)version=(\d+)", request.post_data or "")
            self.sent.append((int(version.group(1)) if version else None, response.status))

    def mark(self):
        return len(self.sent)

    def since(self, mark):
        return self.sent[mark:]


def _conflict_with_cursor_in_box(browser, url, users, started):
    """A saves; B types and waits in the answer box until its autosave is refused with the panel."""
    anna = _open(browser, url, users["member"])
    bram = _open(browser, url, users["member"])  # both pages show version 0
    anna_box = anna.locator(f"#vraag-{KEY}").get_by_label(ANSWER_LABEL)
    anna_box.fill("Tekst van Anna.")
    anna_box.press("Tab")
    expect(anna.locator(f"#vraag-{KEY}").get_by_role("status")).to_have_text(SAVED)

    saves = Saves(bram)
    question = bram.locator(f"#vraag-{KEY}")
    box = question.get_by_label(ANSWER_LABEL)
    box.click()
    box.press_sequentially("Tekst van Bram.")
    expect(question.locator(".conflict")).to_be_visible(timeout=10_000)  # the delayed autosave
    expect(question.get_by_role("status")).to_contain_text("Niet opgeslagen: een collega")
    expect(box).to_be_focused()
    assert _answer(started).explanation == "Tekst van Anna."
    return bram, question, saves


def _settled_without_refusal(bram, question, saves, mark):
    bram.wait_for_timeout(SETTLE_MS)
    expect(question.locator(".conflict")).to_have_count(0)
    after = saves.since(mark)
    assert all(status == 200 for _version, status in after), after
    return after


def test_keep_my_text_with_the_cursor_in_the_box_saves_it_once_and_closes_the_panel(
    live_server, started, users, browser
):
    bram, question, saves = _conflict_with_cursor_in_box(
        browser, f"{live_server.url}/zelfevaluatie/{started.pk}/", users, started
    )
    box = question.get_by_label(ANSWER_LABEL)
    box.press_sequentially(" En nog een zin.")  # typed while the panel is open: part of "my text"
    expect(question.locator(".conflict__text--mine")).to_have_text("Tekst van Bram. En nog een zin.")
    mark = saves.mark()
    question.get_by_role("button", name="Mijn tekst bewaren").click()
    expect(question.get_by_role("status")).to_have_text(SAVED)
    after = _settled_without_refusal(bram, question, saves, mark)
    assert after and after[0][0] == 1, after  # based on the stored version the panel showed
    answer = _answer(started)
    assert answer.explanation == "Tekst van Bram. En nog een zin."
    assert answer.version >= 2
    expect(box).to_have_value("Tekst van Bram. En nog een zin.")
    expect(question.get_by_role("status")).to_have_text(SAVED)


def test_take_the_stored_text_with_the_cursor_in_the_box_shows_it_and_closes_the_panel(
    live_server, started, users, browser
):
    bram, question, saves = _conflict_with_cursor_in_box(
        browser, f"{live_server.url}/zelfevaluatie/{started.pk}/", users, started
    )
    mark = saves.mark()
    question.get_by_role("button", name="Opgeslagen tekst overnemen").click()
    box = question.get_by_label(ANSWER_LABEL)
    expect(box).to_have_value("Tekst van Anna.")
    expect(question.get_by_role("status")).to_have_text("Tekst van uw collega overgenomen.")
    _settled_without_refusal(bram, question, saves, mark)
    expect(question.get_by_role("status")).to_have_text("Tekst van uw collega overgenomen.")
    answer = _answer(started)
    assert (answer.explanation, answer.version) == ("Tekst van Anna.", 1)
    # The next edit is based on the stored version and saves without a conflict.
    mark = saves.mark()
    box.press_sequentially(" Aangevuld door Bram.")
    box.press("Tab")
    expect(question.get_by_role("status")).to_have_text(SAVED)
    _settled_without_refusal(bram, question, saves, mark)
    assert _answer(started).explanation == "Tekst van Anna. Aangevuld door Bram."


def test_merge_typed_at_typing_speed_after_clicking_from_the_box_is_saved_whole(
    live_server, started, users, browser
):
    bram, question, saves = _conflict_with_cursor_in_box(
        browser, f"{live_server.url}/zelfevaluatie/{started.pk}/", users, started
    )
    merge = question.get_by_label(MERGE_LABEL)
    expect(merge).to_have_value("Tekst van Bram.\n\nTekst van Anna.")
    mark = saves.mark()
    merge.click()  # leaves the answer box: before the fix this redrew the panel
    merge.press("End")
    merge.press_sequentially(" Samen herschreven.", delay=30)
    bram.wait_for_timeout(SETTLE_MS)  # any save the click fired has landed by now
    expect(merge).to_have_value("Tekst van Bram.\n\nTekst van Anna. Samen herschreven.")
    assert saves.since(mark) == []  # nothing was sent while the panel was open
    question.get_by_role("button", name="Samengevoegde tekst bewaren").click()
    expect(question.get_by_role("status")).to_have_text(SAVED)
    after = _settled_without_refusal(bram, question, saves, mark)
    assert after and after[0][0] == 1, after
    answer = _answer(started)
    assert answer.explanation == "Tekst van Bram.\n\nTekst van Anna. Samen herschreven."
    assert answer.version == 2
    expect(question.get_by_label(ANSWER_LABEL)).to_have_value(answer.explanation)
