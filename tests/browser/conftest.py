"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

See /work/shared/RECIPES.md. Playwright's own browser download does not work on these machines, so
the tests use /usr/bin/chromium; when it is missing they fail, they never skip silently.
"""

import os

# Playwright's sync API keeps an event loop running in the main thread; without this Django refuses
# the database set-up of `live_server` with SynchronousOnlyOperation.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import re  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests need Debian's Chromium. "
            "Install it with `apt-get install -y chromium chromium-driver` "
            "(never `playwright install`, which does not work here).",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


def _describe(violation):
    nodes = "\n".join(
        f"      {', '.join(str(t) for t in node['target'])}: {node['html'][:200]}"
        for node in violation["nodes"]
    )
    return f"  {violation['id']} ({violation['impact']}): {violation['help']}\n{nodes}"


def assert_accessible(page):
    """Run axe on the page as it is now and fail on every serious or critical violation."""
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        report = "\n".join(_describe(v) for v in blocking)
        pytest.fail(f"axe found serious or critical violations on {page.url}:\n{report}", pytrace=False)


@pytest.fixture(name="assert_accessible")
def assert_accessible_fixture():
    return assert_accessible


def current_totp_code(secret):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def sign_in(page, user, password=None):
    """Sign in on the page the browser is on (allauth's form), and pass the two-factor step when
    the user has one. The browser ends on the page it was sent to ('next')."""
    from allauth.mfa.models import Authenticator

    from tests.conftest import PASSWORD, TOTP_SECRET

    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(password or PASSWORD)
    page.get_by_role("button", name=re.compile("^(Aanmelden|Inloggen|Sign In)$", re.I)).click()
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        page.locator("#id_code").fill(current_totp_code(TOTP_SECRET))
        page.get_by_role("button", name=re.compile("^(Aanmelden|Inloggen|Sign In)$", re.I)).click()
