"""A production run: gunicorn with 3 workers, debug off, after `migrate` and `collectstatic`.

allauth keeps "this TOTP code was used" and its failed-login counters in the cache; the cache must
be shared by the workers, or each worker keeps its own (the same code logged in 3 times out of 6,
and 15 passwords were tried before blocking instead of 5)."""

import http.cookiejar
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.conftest import PASSWORD, TOTP_SECRET
from tests.deploy.production import free_port, fresh_database, manage, production_env, start_gunicorn, stop

USERS = """
from tests.conftest import make_user
make_user("beoordelaar@kibg.test", "assessor")
make_user("lid@amstel.test", "provider")
"""


REDIS_URL = os.environ.get("KEURMERK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_or_skip():
    """The Redis server for the `REDIS_URL` run, emptied. CI sets KEURMERK_TEST_REQUIRE_REDIS=1 (and
    starts Redis), so there a missing server fails the run; elsewhere the Redis run is skipped
    with this reason in the summary, and the shared database cache is still tested."""
    import redis

    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("KEURMERK_TEST_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis does not answer at {REDIS_URL}: {error}")
        pytest.skip(f"no Redis at {REDIS_URL} (set KEURMERK_TEST_REDIS_URL); the database cache is tested")
    server.flushdb()
    return server


@pytest.fixture(scope="module", params=["database cache", "redis"])
def site(request, tmp_path_factory):
    """The site under gunicorn with 3 workers, with the default shared cache (a database table)
    and with Redis (`REDIS_URL`), as docs/deploy.md offers both."""
    extra = {}
    if request.param == "redis":
        request.node.redis = _redis_or_skip()
        extra["REDIS_URL"] = REDIS_URL
    data_dir = tmp_path_factory.mktemp("production")
    with fresh_database(data_dir) as database_url:
        env = production_env(data_dir, database_url, **extra)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "shell", "-c", USERS)
        port = free_port()
        server = start_gunicorn(env, port, workers=3, log_path=data_dir / "gunicorn.log")
        try:
            yield SimpleNamespace(url=f"http://127.0.0.1:{port}", cache=request.param, env=env)
        finally:
            stop(server)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One visitor with its own cookies; answers are (status, headers, text), redirects not followed."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=60) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def post_form(self, path, data):
        status, _, text = self.request(path)
        assert status == 200, (path, status)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
        return self.request(path, {**data, "csrfmiddlewaretoken": token})


def test_a_page_its_stylesheet_and_the_health_check(site):
    browser = Browser(site.url)
    status, headers, text = browser.request("/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    stylesheet = re.search(r'<link rel="stylesheet" href="(/static/css/site\.[0-9a-f]+\.css)">', text).group(
        1
    )
    status, headers, css = browser.request(stylesheet)
    assert status == 200 and headers["Content-Type"].startswith("text/css") and css
    status, headers, text = browser.request("/gezondheid/")
    assert (status, text) == (200, '{"status": "ok", "database": "ok"}')
    assert "no-store" in headers["Cache-Control"]


def _current_code():
    """A TOTP code with at least 15 s of its 30 s window left, so all six attempts use a valid one."""
    while time.time() % 30 > 15:
        time.sleep(1)
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time() // 30)))


def _at_second_factor(site):
    browser = Browser(site.url)
    status, headers, _ = browser.post_form(
        "/account/login/", {"login": "beoordelaar@kibg.test", "password": PASSWORD}
    )
    assert (status, headers["Location"]) == (302, "/account/2fa/authenticate/")
    status, _, text = browser.request("/account/2fa/authenticate/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
    return browser, token


def test_the_same_totp_code_logs_in_only_once_across_workers(site):
    sessions = [_at_second_factor(site) for _ in range(6)]
    code = _current_code()

    def submit(session):
        browser, token = session
        status, headers, _ = browser.request(
            "/account/2fa/authenticate/", {"code": code, "csrfmiddlewaretoken": token}
        )
        return status == 302 and headers["Location"] == "/start/"

    # at the same moment, so that the busy workers cannot all be the same one
    with ThreadPoolExecutor(max_workers=6) as pool:
        logged_in = list(pool.map(submit, sessions))
    assert logged_in.count(True) == 1, logged_in


def test_failed_log_ins_block_after_five_across_workers(site):
    wrong = [
        Browser(site.url).post_form("/account/login/", {"login": "lid@amstel.test", "password": "fout"})
        for _ in range(5)
    ]
    assert all(status == 200 and "Te veel inlogpogingen" not in text for status, _, text in wrong)
    # the sixth, even with the right password, is refused, whichever worker answers it
    for _ in range(3):
        status, _, text = Browser(site.url).post_form(
            "/account/login/", {"login": "lid@amstel.test", "password": PASSWORD}
        )
        assert status == 200 and "Te veel inlogpogingen" in text


COUNT_CACHE_ROWS = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT COUNT(*) FROM keurmerk_cache")
    print(cursor.fetchone()[0])
"""


def test_the_counters_live_in_the_configured_cache(site):
    """A failed log-in is counted where the settings say: with REDIS_URL in Redis (the database
    cache table is then not even created), else in that table; never in a worker's memory."""
    Browser(site.url).post_form("/account/login/", {"login": "lid@amstel.test", "password": "fout"})
    if site.cache == "redis":
        import redis

        assert redis.Redis.from_url(REDIS_URL).dbsize() > 0
    else:
        assert int(manage(site.env, "shell", "-c", COUNT_CACHE_ROWS).stdout.strip().splitlines()[-1]) > 0
