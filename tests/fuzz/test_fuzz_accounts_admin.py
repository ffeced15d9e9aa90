"""Hypothesis fuzzing of the pages the other fuzz files do not reach: the sign-in and account
pages (allauth, with the site's own templates) and the administrator's editing screens (the
Django admin under /beheer/). The same rule (harness.py): every answer below 500, and a refused
POST leaves every table's row count as it was. Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

import pytest
from allauth.mfa.models import Authenticator

from keurmerk.cycles.models import Participation, State
from tests.conftest import PASSWORD, client_for, make_user

from .harness import fuzz_page


@pytest.fixture(autouse=True)
def _fresh_rate_limits(clean_cache):
    """Each test starts with allauth's rate limits (on the shared cache) empty."""
    yield


ACCOUNT_PAGES = [
    ("anonymous", "/account/login/"),
    ("anonymous", "/account/password/reset/"),
    ("member", "/account/password/change/"),
    ("member", "/account/email/"),
    ("member", "/account/api-tokens/"),
    ("fresh_staff", "/account/2fa/totp/activate/"),
    ("administrator", "/account/2fa/totp/deactivate/"),
    ("administrator", "/account/2fa/recovery-codes/generate/"),
    ("member", "/account/reauthenticate/"),
]
ADMIN_PAGES = [
    "/beheer/frameworks/framework/{framework}/status/",
    "/beheer/frameworks/framework/{framework}/kopie/",
    "/beheer/frameworks/framework/{framework}/change/",
    "/beheer/frameworks/norm/{norm}/change/",
    "/beheer/frameworks/criterion/{criterion}/change/",
    "/beheer/frameworks/framework/add/",
    "/beheer/organisations/organisation/{organisation}/change/",
    "/beheer/accounts/user/{member}/change/",
    "/beheer/accounts/user/add/",
    "/beheer/cycles/participation/{participation}/change/",
]


@pytest.mark.parametrize(("role", "url"), ACCOUNT_PAGES)
def test_the_account_pages_survive_hostile_input(users, role, url):
    """`fresh_staff`: an assessor who has not set up a second factor yet, on the set-up page."""
    if role == "fresh_staff":
        user = make_user("nieuw@kibg.test", "assessor", two_factors=False)
        assert not Authenticator.objects.filter(user=user).exists()
    else:
        user = users[role]
    client = client_for(user)
    if url.startswith("/account/2fa/"):  # allauth asks for the password again first
        response = client.post("/account/reauthenticate/", {"password": PASSWORD})
        assert response.status_code == 302 and client.get(url).status_code == 200
    fuzz_page(client, url)


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_the_administrators_editing_pages_survive_hostile_input(users, frameworks, cycle, org_a, url):
    framework = frameworks[2024]
    norm = framework.norms.first()
    participation = Participation.objects.create(organisation=org_a, cycle=cycle, state=State.SIGNED)
    ids = {
        "framework": framework.pk,
        "norm": norm.pk,
        "criterion": norm.criteria.first().pk,
        "organisation": org_a.pk,
        "member": users["member"].pk,
        "participation": participation.pk,
    }
    fuzz_page(client_for(users["administrator"]), url.format(**ids))
