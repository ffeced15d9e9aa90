"""The admin sign-in never redirects off-site; staff without a second factor cannot read their
notifications (which quote dialogue texts)."""

import pytest

from keurmerk.notifications.models import Notification
from tests.conftest import client_for, make_user

EVIL = ["https://evil.example/steal", "//evil.example/x", "http://evil.example", "https:/\\evil.example"]


@pytest.mark.parametrize("next_url", EVIL)
def test_admin_login_next_stays_on_site_for_a_signed_in_administrator(admin_client, next_url):
    response = admin_client.get("/beheer/login/", {"next": next_url})
    assert response.status_code == 302 and response["Location"] == "/beheer/"


def test_admin_login_next_that_is_a_bare_word_is_no_error(admin_client):
    response = admin_client.get("/beheer/login/", {"next": "0"})
    assert response.status_code == 302


def test_admin_login_next_on_site_is_followed(admin_client):
    response = admin_client.get("/beheer/login/", {"next": "/beheer/organisations/"})
    assert response.status_code == 302 and response["Location"] == "/beheer/organisations/"


def test_signed_out_admin_login_passes_only_a_safe_next_to_the_sign_in(client, db):
    response = client.get("/beheer/login/", {"next": "https://evil.example/"})
    assert response.status_code == 302 and "evil.example" not in response["Location"]


@pytest.mark.parametrize("role", ["assessor", "director", "administrator"])
def test_staff_without_second_factor_cannot_read_notifications(db, role):
    user = make_user(f"{role}-zonder@kibg.test", role, two_factors=False)
    Notification.objects.create(user=user, email=user.email, subject="Bericht", body="GEHEIME DIALOOGTEKST")
    client = client_for(user)
    for response in (client.get("/meldingen/"), client.post("/meldingen/gelezen/")):
        assert response.status_code == 302 and response["Location"] == "/account/2fa/totp/activate/"
        assert "GEHEIME" not in response.content.decode()
    assert Notification.objects.get(user=user).read_at is None


@pytest.mark.parametrize("role", ["member", "outsider", "insurer", "assessor", "director", "administrator"])
def test_everyone_else_reads_only_their_own_notifications(users, role):
    user = users[role]
    Notification.objects.create(user=user, email=user.email, subject="Eigen", body="EIGEN TEKST")
    other = users["member"] if role != "member" else users["outsider"]
    Notification.objects.create(user=other, email=other.email, subject="Ander", body="ANDERMANS TEKST")
    response = client_for(user).get("/meldingen/")
    assert response.status_code == 200
    assert "Eigen" in response.text and "Ander" not in response.text


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get("/meldingen/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
