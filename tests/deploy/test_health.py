"""`/gezondheid/`: the load balancer's check, public, never cached, 503 when the database is away."""

import json

import pytest
from django.db import OperationalError, connection

from tests.conftest import client_for


@pytest.mark.django_db
def test_health_answers_ok_without_signing_in():
    response = client_for(None).get("/gezondheid/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_is_503_when_the_database_does_not_answer(monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client_for(None).get("/gezondheid/")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "fout"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_refuses_a_post():
    assert client_for(None).post("/gezondheid/").status_code == 405


@pytest.mark.django_db
def test_health_is_exempt_from_the_https_redirect(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = client_for(None)
    assert client.get("/gezondheid/").status_code == 200
    home = client.get("/")
    assert home.status_code == 301 and home["Location"] == "https://testserver/"
