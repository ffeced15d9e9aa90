"""Item 16 of issue 11: with DEBUG on (the default) an unknown page shows the site's own 404 page."""

import pytest
from django.test import Client, override_settings


@pytest.mark.django_db
@override_settings(DEBUG=True, TECHNICAL_404=False)
@pytest.mark.parametrize("url", ["/bestaat-niet/", "/normen/9999/"])
def test_unknown_page_shows_the_sites_own_404_with_debug_on(url):
    response = Client().get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html
    assert "Using the URLconf" not in html and "technical_404" not in html


@pytest.mark.django_db
@override_settings(DEBUG=True, TECHNICAL_404=False)
def test_a_missing_slash_is_still_redirected():
    response = Client().get("/register")
    assert response.status_code == 301
    assert response["Location"] == "/register/"


@pytest.mark.django_db
@override_settings(DEBUG=True, TECHNICAL_404=True)
def test_a_developer_can_ask_for_the_technical_404():
    response = Client().get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" not in response.content.decode()
