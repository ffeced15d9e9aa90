"""Autosave and the save button: the htmx fragment with the time and new version, the conflict
fragment with both texts, refusals with a Dutch message, and the same form without JavaScript."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from keurmerk.selfevaluations.models import Answer
from tests.conftest import client_for

from .conftest import answer_for, fill_all, submit

HTMX = {"HTTP_HX_REQUEST": "true"}


def _post(client, answer, data, **headers):
    return client.post(f"/zelfevaluatie/antwoord/{answer.pk}/", data, **headers)


def test_autosave_answers_with_the_time_and_the_new_version(self_evaluation, users, during):
    answer = answer_for(self_evaluation, "wachttijd-kort")
    response = _post(
        client_for(users["member"]), answer, {"version": 0, "explanation": "Binnen 4 weken."}, **HTMX
    )
    assert response.status_code == 200
    assert "opgeslagen om 10:0" in response.text  # DURING is 10:00 Amsterdam time
    assert (
        f'id="answer-{answer.pk}-version" hx-swap-oob="true"' in response.text
        and 'value="1"' in response.text
    )
    assert response["X-Answer-Version"] == "1"
    assert Answer.objects.get(pk=answer.pk).explanation == "Binnen 4 weken."


def test_stale_version_gets_409_with_both_texts_and_nothing_is_overwritten(self_evaluation, users):
    answer = answer_for(self_evaluation, "wachttijd-kort")
    client = client_for(users["member"])
    assert _post(client, answer, {"version": 0, "explanation": "Tekst van Anna"}, **HTMX).status_code == 200
    response = _post(client, answer, {"version": 0, "explanation": "Tekst van Bram"}, **HTMX)
    assert response.status_code == 409
    assert response["HX-Retarget"] == f"#answer-{answer.pk}-conflict"
    assert "Tekst van Anna" in response.text and "Tekst van Bram" in response.text
    assert "Mijn tekst bewaren" in response.text and "Opgeslagen tekst overnemen" in response.text
    assert (
        "Samengevoegde tekst bewaren" in response.text and "Tekst van Bram\n\nTekst van Anna" in response.text
    )
    assert Answer.objects.get(pk=answer.pk).explanation == "Tekst van Anna"
    # Keeping mine: the choice posts my text with the stored version.
    assert _post(client, answer, {"version": 1, "explanation": "Tekst van Bram"}, **HTMX).status_code == 200
    assert Answer.objects.get(pk=answer.pk).explanation == "Tekst van Bram"


def test_over_20000_characters_is_refused_with_a_dutch_message(self_evaluation, users):
    answer = answer_for(self_evaluation, "wachttijd-kort")
    response = _post(client_for(users["member"]), answer, {"version": 0, "explanation": "a" * 20_001}, **HTMX)
    assert response.status_code == 422
    assert "Niet opgeslagen" in response.text and "20.001 tekens lang; het maximum is 20.000" in response.text
    assert Answer.objects.get(pk=answer.pk).explanation == ""


def test_windows_line_breaks_count_once(self_evaluation, users):
    answer = answer_for(self_evaluation, "wachttijd-kort")
    text = ("a" * 99 + "\r\n") * 200  # 20,000 characters as the browser counts them
    assert (
        _post(client_for(users["member"]), answer, {"version": 0, "explanation": text}, **HTMX).status_code
        == 200
    )
    assert len(Answer.objects.get(pk=answer.pk).explanation) == 20_000


def test_web_addresses_must_be_http_or_https(self_evaluation, users):
    answer = answer_for(self_evaluation, "website-bereikbaarheid")
    client = client_for(users["member"])
    for bad in ("javascript:alert(1)", "ftp://bestanden.example.nl/", "www.zonder-schema.nl"):
        response = _post(
            client, answer, {"version": 0, "explanation": "x", "urls": f"https://ok.nl/\n{bad}"}, **HTMX
        )
        assert response.status_code == 422 and "Regel 2" in response.text and "https://" in response.text
    response = _post(
        client, answer, {"version": 0, "explanation": "x", "urls": "https://www.amstel.nl/wachttijden\n"}
    )
    assert response.status_code == 302
    assert Answer.objects.get(pk=answer.pk).urls == ["https://www.amstel.nl/wachttijden"]


def test_number_with_decimal_comma(self_evaluation, users):
    answer = answer_for(self_evaluation, "gemiddelde-behandeltijd")
    client = client_for(users["member"])
    assert (
        _post(client, answer, {"version": 0, "explanation": "x", "number": "612,5"}, **HTMX).status_code
        == 200
    )
    assert str(Answer.objects.get(pk=answer.pk).number) == "612.50"
    response = _post(client, answer, {"version": 1, "explanation": "x", "number": "veel"}, **HTMX)
    assert response.status_code == 422 and "Vul een getal in" in response.text


def test_without_javascript_the_button_saves_and_returns_to_the_question(self_evaluation, users):
    answer = answer_for(self_evaluation, "wachttijd-kort")
    client = client_for(users["member"])
    response = _post(client, answer, {"version": 0, "explanation": "Zonder JavaScript"})
    assert response.status_code == 302
    assert response["Location"] == f"/zelfevaluatie/{self_evaluation.pk}/#vraag-wachttijd-kort"
    # A stale save without JavaScript: a page with both texts and the three choices, status 409.
    response = _post(client, answer, {"version": 0, "explanation": "Andere tekst"})
    assert (
        response.status_code == 409
        and "Zonder JavaScript" in response.text
        and "Andere tekst" in response.text
    )
    assert '<form method="post" action="/zelfevaluatie/antwoord/' in response.text
    # Too long without JavaScript: the text comes back in the form, nothing is lost.
    response = _post(client, answer, {"version": 1, "explanation": "b" * 20_001})
    assert response.status_code == 422 and "b" * 20_001 in response.text


def test_saving_a_submitted_version_is_refused(self_evaluation, users):
    fill_all(self_evaluation)
    submit(self_evaluation, users["member"])
    answer = answer_for(self_evaluation, "wachttijd-kort")
    response = _post(
        client_for(users["member"]), answer, {"version": answer.version, "explanation": "Te laat"}, **HTMX
    )
    assert response.status_code == 422 and "kan niet meer worden gewijzigd" in response.text
    assert Answer.objects.get(pk=answer.pk).explanation == "Zo voldoen wij eraan."


def test_autosave_without_the_pages_description_makes_at_most_four_queries(self_evaluation, users):
    # A form without the signed description (the meetings page, an old tab): the answer is read
    # first; the page's own forms need three (test_autosave_queries.py).
    answer = answer_for(self_evaluation, "wachttijd-kort")
    client = client_for(users["member"])
    _post(client, answer, {"version": 0, "explanation": "warm"}, **HTMX)
    with CaptureQueriesContext(connection) as queries:
        response = _post(client, answer, {"version": 1, "explanation": "Opgeslagen tekst"}, **HTMX)
    assert response.status_code == 200
    assert len(queries) <= 4, "\n".join(q["sql"][:150] for q in queries.captured_queries)
