"""API fixtures: a token per role, a client that sends it, and a clean cache (the rate limit)."""

import pytest
from django.test import Client

from keurmerk.api.services import api_token_create


@pytest.fixture(autouse=True)
def _clean_cache(clean_cache):
    """Every API test starts with an empty rate limit."""
    yield


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
