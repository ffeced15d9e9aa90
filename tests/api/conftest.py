"""API fixtures: a token per role, a client that sends it, and a clean cache (the rate limit)."""

import pytest
from django.core.cache import cache
from django.test import Client

from keurmerk.api.services import api_token_create


@pytest.fixture(autouse=True)
def _clean_cache(request):
    """The cache is the database cache (the one all workers share), so clearing it needs the
    database: the test's own, transactional or not."""
    request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tokens(users):
    """{role: bearer token} for every signed-in role; None for anonymous."""
    return {
        role: (None if user is None else api_token_create(user=user, name=f"test {role}")[1])
        for role, user in users.items()
    }


def bearer(token):
    return {} if token is None else {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def api_get(tokens):
    """GET an API url as a role (no session: the token alone)."""
    client = Client()

    def get(url, role="anonymous", **extra):
        return client.get(url, **bearer(tokens[role]), **extra)

    return get
