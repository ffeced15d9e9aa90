"""Items 4 and 9 of issue 11: the sign-in page leads a newcomer to the application form, is called
"Inloggen" (not "Aanmelden", which is applying) and speaks to the user with "u"."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_login_page_links_to_the_application_form_not_to_closed_registration():
    html = Client().get(reverse("account_login")).content.decode()
    assert f'href="{reverse("cycles:apply")}"' in html
    assert f'href="{reverse("account_signup")}"' not in html
    assert re.search(r"<h1[^>]*>\s*Inloggen\s*</h1>", html)
    assert "<title>Inloggen" in html
    assert "registreer" not in html


@pytest.mark.django_db
def test_login_page_and_apply_link_are_told_apart_in_english():
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("account_login")).content.decode()
    assert re.search(r"<h1[^>]*>\s*Log in\s*</h1>", html)
    assert "apply for the Keurmerk" in html


@pytest.mark.django_db
def test_allauth_messages_say_u(users):
    client = Client()
    response = client.post(reverse("account_login"), {"login": users["member"].email, "password": "wrong"})
    html = response.content.decode()
    assert "Het e-mailadres en/of wachtwoord dat u opgaf is niet juist." in html
    assert not re.search(r"\b(je|jij|jouw)\b", html)
    response = client.post(
        reverse("account_login"), {"login": users["member"].email, "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "U bent ingelogd als" in page
    assert not re.search(r"\b(je|jij|jouw)\b", page)


@pytest.mark.django_db
def test_password_reset_page_says_u():
    html = Client().get(reverse("account_reset_password")).content.decode()
    assert "Vul hieronder uw e-mailadres in" in html
    assert not re.search(r"\b(je|jij|jouw)\b", html)
