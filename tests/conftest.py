"""Shared fixtures: the shipped frameworks and a user per role.

Later modules extend `users` with their roles (provider member, outsider from another
organisation, assessor, director, insurer); every permission test runs over all of them.
"""

from pathlib import Path

import pytest
from django.conf import settings

FRAMEWORK_DATA = Path(settings.BASE_DIR) / "keurmerk" / "frameworks" / "data"
# The two source documents (the specification), kept in the repository so a fresh clone tests alone.
SEED_DIR = Path(settings.BASE_DIR) / "docs" / "sources"


def framework_text(year):
    return (FRAMEWORK_DATA / f"keurmerk-{year}.yaml").read_text(encoding="utf-8")


@pytest.fixture
def framework_2022(db):
    from keurmerk.frameworks.services import framework_import

    return framework_import(text=framework_text(2022))[0]


@pytest.fixture
def framework_2024(db):
    from keurmerk.frameworks.services import framework_import

    return framework_import(text=framework_text(2024))[0]


@pytest.fixture
def frameworks(framework_2022, framework_2024):
    return {2022: framework_2022, 2024: framework_2024}


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "pw-keurmerk-123"
ROLES = ["anonymous", "member", "outsider", "insurer", "assessor", "director", "administrator"]


def make_user(email, role, *, two_factors=None, **extra):
    """A user with a role; staff roles get a TOTP authenticator unless two_factors=False."""
    from allauth.mfa.totp.internal.auth import TOTP

    from keurmerk.accounts.models import STAFF_ROLES, User

    user = User.objects.create_user(
        username=email, email=email, password=PASSWORD, role=role, first_name=role.capitalize(), **extra
    )
    if two_factors if two_factors is not None else role in STAFF_ROLES:
        TOTP.activate(user, TOTP_SECRET)
    return user


def make_organisation(name, kvk, agb, **extra):
    from keurmerk.organisations.models import Location, Organisation

    organisation = Organisation.objects.create(
        name=name,
        type=extra.pop("type", "vrijgevestigd"),
        kvk=kvk,
        agb=agb,
        website=f"https://{kvk}.example.nl",
        contact_email=f"info@{kvk}.example.nl",
        **extra,
    )
    Location.objects.create(
        organisation=organisation, address="Straat 1", postcode="3511 AB", place="Utrecht"
    )
    return organisation


@pytest.fixture
def org_a(db):
    return make_organisation("Praktijk Amstel", "12345678", "87654321")


@pytest.fixture
def org_b(db):
    return make_organisation("Instelling Berkel", "23456789", "98765432", type="instelling")


@pytest.fixture
def users(db, org_a, org_b):
    """One user per role (None for anonymous); `member` belongs to org_a, `outsider` to org_b."""
    from keurmerk.organisations.models import Membership

    member = make_user("lid@amstel.test", "provider")
    Membership.objects.create(user=member, organisation=org_a)
    outsider = make_user("lid@berkel.test", "provider")
    Membership.objects.create(user=outsider, organisation=org_b)
    return {
        "anonymous": None,
        "member": member,
        "outsider": outsider,
        "insurer": make_user("inkoop@verzekeraar.test", "insurer"),
        "assessor": make_user("beoordelaar@kibg.test", "assessor"),
        "director": make_user("directeur@kibg.test", "director"),
        "administrator": make_user("beheer@kibg.test", "administrator", is_staff=True, is_superuser=True),
    }


def client_for(user):
    """A test client signed in as `user` (anonymous for None), past the two-factor step."""
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def get_matrix(role, users, gets, objects):
    """GET every `(url template, {role: status})` of `gets` as `role` and assert its status; an
    anonymous visitor is sent to sign in. Returns {url: response} for checks of the module's own."""
    client = client_for(users[role])
    responses = {}
    for template, expected in gets:
        url = template.format(**objects)
        response = client.get(url)
        assert response.status_code == expected[role], f"{role} GET {url}: {response.status_code}"
        if role == "anonymous":
            assert response["Location"].startswith("/account/login/"), url
        responses[url] = response
    return responses


@pytest.fixture
def admin_user(users):
    return users["administrator"]


@pytest.fixture
def admin_client(admin_user):
    return client_for(admin_user)


@pytest.fixture
def cycle(framework_2022, users):
    """The 2027 cycle with the handbook's dates (application 1 Sep – 31 Oct 2026, …)."""
    from keurmerk.cycles.services import cycle_create, handbook_dates

    return cycle_create(
        user=users["administrator"], year=2027, framework=framework_2022, dates=handbook_dates(2027)
    )


@pytest.fixture
def participation(cycle, org_a):
    from keurmerk.cycles.models import Participation

    return Participation.objects.create(organisation=org_a, cycle=cycle, state="applied")


def amsterdam(*args):
    """An aware datetime in Europe/Amsterdam, for time travel."""
    import datetime
    from zoneinfo import ZoneInfo

    return datetime.datetime(*args, tzinfo=ZoneInfo("Europe/Amsterdam"))


def waiting_for_the_lock(step):
    """SQLite's in-memory test database (shared cache) reports a held write lock at once instead of
    waiting for it as the busy timeout does on a database file; wait here the same way."""
    import time

    from django.db import OperationalError

    for _attempt in range(200):
        try:
            return step()
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.02)
    raise AssertionError("the write lock was never released")


@pytest.fixture(autouse=True)
def audit_checkpoints(tmp_path, settings):
    """Each test has its own checkpoint file: `tick` in one test must not leave checkpoints of rows
    that the next test's database never had."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.log"
    return settings.AUDIT_CHECKPOINT_FILE


@pytest.fixture(autouse=True)
def _cache_follows_the_flush(request):
    """Transactional tests (browser tests) empty the tables but not the database cache's own table:
    without this, a session or a cached register of an earlier test would outlive its database."""
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("clean_cache")


@pytest.fixture
def clean_cache(request):
    """An empty shared cache (rate limits, throttles) before and after the test. The cache is the
    database cache that all workers share, so clearing it needs the test's own database."""
    from django.core.cache import cache

    request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
    cache.clear()
    yield
    cache.clear()
