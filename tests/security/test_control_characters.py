"""Control characters in a path or query string are refused at the edge with a clear message (PostgreSQL
refuses a NUL in any text value, so these gave 500 there); an impossible verification code is unknown."""

import pytest

NUL_URLS = [
    "/register/?q=%00",
    "/register.csv?q=%00",
    "/register.json?q=%00",
    "/register/%00/",
    "/register/verify/%00",
    "/uitnodiging/%00/",
    "/register/?q=a%01b",
    "/register/?%00=1",
    "/aanmelden/?x=%1f",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_control_characters_are_refused_with_a_dutch_page(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "stuurteken" in response.text


@pytest.mark.parametrize("code", ["a/b", "A/B/C", "abc def", "ABCD-EFGH?x", "é"])
def test_verification_code_that_no_url_can_carry_is_unknown(client, db, code):
    response = client.get("/register/verify/", {"code": code})
    assert response.status_code == 404
    assert "Er bestaat geen certificaat met code" in response.text


def test_a_well_formed_code_still_redirects(client, db):
    response = client.get("/register/verify/", {"code": "abcd-efgh"})
    assert response.status_code == 302 and response["Location"] == "/register/verify/ABCD-EFGH"
    assert client.get("/register/verify/ABCD-EFGH").status_code == 404


def test_an_ordinary_search_still_works(client, db):
    assert client.get("/register/", {"q": "Praktijk Amstel"}).status_code == 200
