"""Tokens: only a hash stored, revoking and expiry take effect at once, the rate limit per token,
the command, and the account page where users make and revoke their own tokens."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from keurmerk.api.models import ApiToken
from keurmerk.api.services import TokenError, api_token_create, api_token_revoke, token_hash
from tests.conftest import ROLES, amsterdam, client_for

from .conftest import bearer

HOLDERS = "/api/v1/holders"


def test_only_the_hash_is_stored(users):
    row, token = api_token_create(user=users["insurer"], name="Inkoop")
    stored = ApiToken.objects.get(pk=row.pk)
    assert stored.key_hash == token_hash(token) != token and token.startswith(stored.prefix)
    assert not ApiToken.objects.filter(key_hash=token).exists() and len(token) > 40


def test_a_revoked_token_is_refused_at_once(users, client):
    row, token = api_token_create(user=users["insurer"], name="Inkoop")
    assert client.get(HOLDERS, **bearer(token)).status_code == 200
    api_token_revoke(token=row, user=users["insurer"])
    response = client.get(HOLDERS, **bearer(token))
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    assert ApiToken.objects.get(pk=row.pk).revoked_at is not None


def test_expired_unknown_malformed_and_inactive_are_refused(users, client):
    with time_machine.travel(amsterdam(2027, 1, 1, 12), tick=False):
        _row, token = api_token_create(
            user=users["insurer"], name="Kort", expires_at=amsterdam(2027, 1, 2, 0)
        )
        assert client.get(HOLDERS, **bearer(token)).status_code == 200
    with time_machine.travel(amsterdam(2027, 1, 2, 0, 0, 1), tick=False):
        assert client.get(HOLDERS, **bearer(token)).status_code == 401
    assert client.get(HOLDERS, **bearer("kmk_unknown")).status_code == 401
    assert client.get(HOLDERS, HTTP_AUTHORIZATION="Basic abc").status_code == 401
    _row, other = api_token_create(user=users["director"], name="Rapportage")
    users["director"].is_active = False
    users["director"].save(update_fields=["is_active"])
    assert client.get(HOLDERS, **bearer(other)).status_code == 401


@override_settings(KEURMERK_API_RATE="3/m")
def test_the_rate_limit_is_per_token(users, client):
    _a, first = api_token_create(user=users["insurer"], name="Een")
    _b, second = api_token_create(user=users["insurer"], name="Twee")
    assert [client.get(HOLDERS, **bearer(first)).status_code for _ in range(3)] == [200] * 3
    refused = client.get(HOLDERS, **bearer(first))
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    assert int(refused["Retry-After"]) > 0 and "minuut" in refused.json()["detail"]
    assert client.get(HOLDERS, **bearer(second)).status_code == 200


def test_the_command_prints_the_token_alone_on_its_last_line(users, client):
    out = io.StringIO()
    call_command(
        "api_token_create",
        users["insurer"].email,
        "--name",
        "Inkoopsysteem",
        stdout=out,
        stderr=io.StringIO(),
    )
    token = out.getvalue().strip().splitlines()[-1]
    assert ApiToken.objects.get(key_hash=token_hash(token)).name == "Inkoopsysteem"
    assert client.get(HOLDERS, **bearer(token)).status_code == 200
    with pytest.raises(CommandError, match="Geen gebruiker"):
        call_command("api_token_create", "niemand@example.org", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--expires"):
        call_command("api_token_create", users["insurer"].email, "--expires", "morgen", stdout=io.StringIO())
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_every_role_manages_its_own_tokens_on_the_account_page(role, users):
    client = client_for(users[role])
    page = client.get("/account/api-tokens/")
    if role == "anonymous":
        assert page.status_code == 302 and page["Location"].startswith("/account/login/")
        assert client.post("/account/api-tokens/nieuw/", {"name": "x"}).status_code == 302
        assert not ApiToken.objects.exists()
        return
    assert page.status_code == 200
    made = client.post("/account/api-tokens/nieuw/", {"name": "Mijn systeem", "expires_on": ""})
    assert made.status_code == 201
    row = ApiToken.objects.get(user=users[role])
    token = made.context["new_token"]
    assert token in made.text and row.key_hash == token_hash(token)
    assert token not in client.get("/account/api-tokens/").text  # shown once
    assert client.post(f"/account/api-tokens/{row.pk}/intrekken/").status_code == 302
    assert ApiToken.objects.get(pk=row.pk).revoked_at is not None


def test_bad_input_and_another_users_token(users):
    client = client_for(users["insurer"])
    empty = client.post("/account/api-tokens/nieuw/", {"name": "  "})
    assert empty.status_code == 400 and "Geef het token een naam." in empty.text
    past = client.post("/account/api-tokens/nieuw/", {"name": "Oud", "expires_on": "2000-01-01"})
    assert past.status_code == 400 and "De datum ligt in het verleden" in past.text
    assert not ApiToken.objects.exists()
    foreign, _token = api_token_create(user=users["director"], name="Van de directeur")
    assert client.post(f"/account/api-tokens/{foreign.pk}/intrekken/").status_code == 404
    assert ApiToken.objects.get(pk=foreign.pk).revoked_at is None
    assert client.get(f"/account/api-tokens/{foreign.pk}/intrekken/").status_code == 405


def test_an_expiry_date_is_the_last_valid_day(users):
    client = client_for(users["insurer"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert (
        client.post(
            "/account/api-tokens/nieuw/", {"name": "Tot morgen", "expires_on": tomorrow.isoformat()}
        ).status_code
        == 201
    )
    row = ApiToken.objects.get()
    assert timezone.localtime(row.expires_at).date() == tomorrow + datetime.timedelta(days=1)
    assert timezone.localtime(row.expires_at).hour == 0


def test_an_administrator_revokes_a_leaked_token_in_the_admin(users, client):
    row, token = api_token_create(user=users["insurer"], name="Gelekt")
    admin = client_for(users["administrator"])
    listing = admin.get("/beheer/api/apitoken/")
    assert listing.status_code == 200 and "Gelekt" in listing.text and row.key_hash not in listing.text
    response = admin.post("/beheer/api/apitoken/", {"action": "revoke", "_selected_action": [row.pk]})
    assert response.status_code == 302
    assert ApiToken.objects.get(pk=row.pk).revoked_at is not None
    assert client.get(HOLDERS, **bearer(token)).status_code == 401
    with pytest.raises(TokenError):
        api_token_revoke(token=api_token_create(user=users["director"], name="x")[0], user=users["insurer"])
