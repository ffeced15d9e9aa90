"""The insurer's API tokens in a real browser: make one (shown once), use it, revoke it; the
page passes axe before and after."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from keurmerk.api.models import ApiToken

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_insurer_makes_uses_and_revokes_a_token(transactional_db, live_server, users, page):
    page.goto(f"{live_server.url}/account/api-tokens/")
    sign_in(page, users["insurer"])
    expect(page.get_by_role("heading", level=1)).to_have_text("API-tokens")
    assert_accessible(page)

    page.get_by_label("Naam van het token").fill("Inkoopsysteem")
    page.get_by_role("button", name="Token maken").click()
    token = page.get_by_label("Token", exact=True).input_value()
    assert token.startswith("kmk_")
    expect(page.get_by_role("table")).to_contain_text("Inkoopsysteem")
    assert_accessible(page)
    api = Client()
    assert api.get("/api/v1/holders", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200

    page.get_by_role("button", name=re.compile(r"^Intrekken\W+Inkoopsysteem$")).click()
    expect(page.get_by_role("status")).to_contain_text("is ingetrokken")
    expect(page.get_by_role("table")).to_contain_text("Ingetrokken op")
    assert ApiToken.objects.get().revoked_at is not None
    assert api.get("/api/v1/holders", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    assert token not in page.content()
    assert_accessible(page)
