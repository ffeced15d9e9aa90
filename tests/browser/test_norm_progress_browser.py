"""Browser: the progress of a norm follows the autosave. Typing an answer and waiting for its save
changes the norm's count in the navigation and above its questions, and the overall progress;
emptying the answer again takes it back. The database holds what the counts say."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from keurmerk.cycles.models import Participation, State
from keurmerk.frameworks.models import Criterion
from keurmerk.selfevaluations import services
from keurmerk.selfevaluations.models import Answer
from tests.conftest import amsterdam

from .conftest import sign_in

pytestmark = pytest.mark.browser

DURING = amsterdam(2026, 11, 16, 10, 0)
SAVED = re.compile(r"opgeslagen om \d\d:\d\d")
KEY = "wachttijd-kort"


@pytest.fixture
def started(transactional_db, participation, users):
    Participation.objects.filter(pk=participation.pk).update(state=State.SIGNED)
    with time_machine.travel(DURING, tick=True):
        yield services.self_evaluation_start(participation=participation, user=users["member"])


def _stored(self_evaluation):
    return Answer.objects.get(self_evaluation=self_evaluation, criterion__key=KEY)


def test_the_norms_count_follows_the_autosave(live_server, started, users, page):
    norm = (
        Criterion.objects.select_related("norm")
        .get(norm__framework=started.participation.cycle.framework, key=KEY)
        .norm
    )
    in_norm = Criterion.objects.filter(norm=norm).count()
    page.goto(f"{live_server.url}/zelfevaluatie/{started.pk}/")
    sign_in(page, users["member"])
    page.wait_for_selector("form.answer-form[data-ready='1']", state="attached")
    toc = page.locator(f'.se-toc [data-norm-count="{norm.key}"]')
    section = page.locator(f"#norm-{norm.key}-progress")
    expect(toc).to_have_text(f"0 van {in_norm} beantwoord")
    expect(section).to_have_text(f"0 van {in_norm} verplichte vragen beantwoord")
    question = page.locator(f"#vraag-{KEY}")
    expect(question.locator(".se-answer-badge")).to_have_text("nog open")

    question.locator("textarea").fill("Wij bellen elke wachtende na twee weken.")
    expect(question.get_by_role("status")).to_have_text(SAVED, timeout=10_000)
    expect(toc).to_have_text(f"1 van {in_norm} beantwoord")
    expect(section).to_have_text(f"1 van {in_norm} verplichte vragen beantwoord")
    expect(page.locator(f'progress[data-norm-bar="{norm.key}"]')).to_have_attribute("value", "1")
    expect(page.locator(".se-overall")).to_contain_text("1 van 31 verplichte vragen beantwoord")
    expect(question.locator(".se-answer-badge")).to_have_text("beantwoord")
    stored = _stored(started)
    assert (stored.explanation, stored.version) == ("Wij bellen elke wachtende na twee weken.", 1)

    question.locator("textarea").fill("")
    expect(toc).to_have_text(f"0 van {in_norm} beantwoord", timeout=10_000)
    expect(page.locator(".se-overall")).to_contain_text("0 van 31 verplichte vragen beantwoord")
    expect(question.locator(".se-answer-badge")).to_have_text("nog open")
    stored = _stored(started)
    assert (stored.explanation, stored.version) == ("", 2)
    page.reload()  # the page the server renders says the same
    expect(page.locator(f'.se-toc [data-norm-count="{norm.key}"]')).to_have_text(
        f"0 van {in_norm} beantwoord"
    )
