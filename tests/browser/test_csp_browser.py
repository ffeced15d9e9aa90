"""Browser: the Content-Security-Policy blocks nothing the pages need. Every violation the browser
reports (`securitypolicyviolation`) is collected while a visitor reads public pages, signs in with
two factors, and a member autosaves a self-evaluation answer through htmx."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from keurmerk.cycles.models import Participation, State
from keurmerk.selfevaluations import services
from keurmerk.selfevaluations.models import Answer
from tests.conftest import PASSWORD, amsterdam, make_user

from .conftest import sign_in

pytestmark = pytest.mark.browser

RECORD = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def watched(page):
    page.add_init_script(RECORD)  # runs through the DevTools protocol, not as a page script
    return page


def _violations(page):
    return page.evaluate("window.__cspViolations")


def test_public_pages_and_a_two_factor_sign_in_run_without_violations(live_server, users, watched):
    for path in ["/", "/register/", "/normen/", "/account/login/"]:
        watched.goto(live_server.url + path)
        assert _violations(watched) == [], path
    watched.goto(f"{live_server.url}/staf/")
    sign_in(watched, users["assessor"])
    expect(watched).to_have_url(re.compile(r"/staf/$"))
    assert _violations(watched) == []


def test_setting_up_the_second_factor_shows_its_qr_code_without_violations(live_server, watched):
    staff = make_user("nieuw@kibg.test", "assessor", two_factors=False)
    watched.goto(f"{live_server.url}/staf/")
    sign_in(watched, staff)
    watched.wait_for_url(re.compile(r"/account/(reauthenticate|2fa/totp/activate)/"))
    if "/account/reauthenticate/" in watched.url:  # allauth asks for the password once more
        watched.locator("#id_password").fill(PASSWORD)
        watched.locator("button[type=submit]").last.click()
    expect(watched).to_have_url(re.compile(r"/account/2fa/totp/activate/$"))
    qr = watched.locator("img[src^='data:image/svg+xml']")
    expect(qr).to_have_count(1)
    assert qr.evaluate("img => img.naturalWidth") > 0  # the data: image was allowed and drawn
    assert _violations(watched) == []


@pytest.fixture
def started(transactional_db, participation, users):
    Participation.objects.filter(pk=participation.pk).update(state=State.SIGNED)
    with time_machine.travel(amsterdam(2026, 11, 16, 10, 0), tick=True):
        yield services.self_evaluation_start(participation=participation, user=users["member"])


def test_htmx_autosave_works_under_the_policy(live_server, started, users, watched):
    watched.goto(f"{live_server.url}/zelfevaluatie/{started.pk}/")
    sign_in(watched, users["member"])
    question = watched.locator("#vraag-wachttijd-kort")
    question.locator("textarea").fill("Wij bellen elke wachtende na twee weken.")
    expect(question.get_by_role("status")).to_have_text(
        re.compile(r"opgeslagen om \d\d:\d\d"), timeout=20_000
    )
    answer = Answer.objects.get(self_evaluation=started, criterion__key="wachttijd-kort")
    assert answer.explanation == "Wij bellen elke wachtende na twee weken."
    assert _violations(watched) == []
