"""The invitee's page behind the personal link: no account, the token is the key."""

import re

import pytest
import time_machine

from keurmerk.consultations.models import Comment, Response, ResponseStatus, Score
from keurmerk.consultations.services import round_close, round_open
from keurmerk.frameworks.services import framework_copy

from .conftest import ASPECTS, CLOSES, OPENS, SCORES, amsterdam, invite


def form_data(framework, respondent=0, version=0, comments=None, skip=()):
    keys = {n.number: n.key for n in framework.norms.all()}
    data = {"version": str(version)}
    for number in SCORES:
        for aspect in ASPECTS:
            if (number, aspect) not in skip:
                data[f"score__{keys[number]}__{aspect}"] = str(SCORES[number][aspect][respondent])
    data.update(comments or {})
    return data


def url(invitee, action=""):
    return f"/consultatie/{invitee.token}/" + (f"{action}/" if action else "")


def test_the_page_shows_every_norm_with_four_seven_point_scales(client, invitee, framework_2024):
    response = client.get(url(invitee))
    assert response.status_code == 200
    text = response.text
    for norm in framework_2024.norms.all():
        assert f"Norm {norm.number} {norm.subject}" in text
        for criterion in norm.criteria.all():
            assert f'name="comment__{norm.key}__{criterion.key}"' in text
    assert text.count("<fieldset") == 16 and text.count("<legend>") == 16
    assert text.count('type="radio"') == 16 * 7
    assert text.count("1 – nee, helemaal niet") == 16 and text.count("7 – ja, zeer goed") == 16
    assert 'name="comment__general"' in text
    assert "Concept opslaan" in text and "Versturen" in text
    assert "Graag uw reactie op de consultatieversie." in text
    assert 'content="noindex, nofollow"' in text


@pytest.mark.parametrize("token", ["A" * 43, "kort", "x" * 44, "rondes-en-nog-wat"])
def test_unknown_tokens_answer_404(client, invitee, token):
    assert client.get(f"/consultatie/{token}/").status_code == 404
    assert client.post(f"/consultatie/{token}/versturen/", {}).status_code == 404


def test_another_rounds_token_opens_only_that_round(client, invitee, framework_2024, users):
    other_framework = framework_copy(source=framework_2024, year=2025)
    other_round = round_open(
        framework=other_framework, opens_on=OPENS, closes_on=CLOSES, user=users["administrator"]
    )
    other = invite(other_round, "Praktijk De Linde", "keurmerkdrager", "linde@example.org")
    assert other.token != invitee.token
    page = client.get(url(other)).text
    assert "GGZ 2025" in page and "GGZ 2024" not in page
    round_close(consultation_round=invitee.round, user=users["administrator"])
    # The closed round's token stays closed although the other round with the same address is open.
    response = client.post(url(invitee, "versturen"), form_data(framework_2024))
    assert response.status_code == 302
    assert not Response.objects.filter(invitee__round=invitee.round).exists()
    assert "De consultatie is gesloten" in client.get(url(invitee)).text


def test_save_a_draft_return_and_submit(client, invitee, framework_2024):
    keys = {n.number: n.key for n in framework_2024.norms.all()}
    data = form_data(
        framework_2024, skip={("3", "haalbaar")}, comments={"comment__general": "Eerste gedachte"}
    )
    response = client.post(url(invitee, "opslaan"), data)
    assert response.status_code == 302 and response["Location"] == url(invitee)
    stored = Response.objects.get(invitee=invitee)
    assert stored.status == ResponseStatus.DRAFT and Score.objects.count() == 15

    page = client.get(url(invitee)).text
    assert "als concept opgeslagen" in page and "Eerste gedachte" in page
    checked = re.findall(r'name="score__[^"]+" value="(\d)"[^>]*checked', page)
    assert len(checked) == 15
    assert 'name="version" value="1"' in page

    incomplete = client.post(url(invitee, "versturen"), {**data, "version": "1"})
    assert incomplete.status_code == 200
    assert "Kies een score voor ‘haalbaar’ bij norm 3." in incomplete.text
    assert Response.objects.get().status == ResponseStatus.DRAFT

    complete = form_data(
        framework_2024,
        version=1,
        comments={"comment__general": "Eerste gedachte", f"comment__{keys['1']}": "Over norm 1"},
    )
    assert client.post(url(invitee, "versturen"), complete).status_code == 302
    stored = Response.objects.get()
    assert stored.status == ResponseStatus.SUBMITTED and Score.objects.count() == 16
    assert set(Comment.objects.values_list("norm_key", "text")) == {
        ("", "Eerste gedachte"),
        (keys["1"], "Over norm 1"),
    }
    page = client.get(url(invitee)).text
    assert "U hebt uw reactie verstuurd" in page and "Wijzigingen versturen" in page
    assert "Concept opslaan" not in page


def test_a_second_tab_with_an_old_version_gets_a_conflict_not_an_overwrite(client, invitee, framework_2024):
    client.post(url(invitee, "opslaan"), form_data(framework_2024, comments={"comment__general": "Tab één"}))
    stale = form_data(framework_2024, respondent=1, version=0, comments={"comment__general": "Tab twee"})
    response = client.post(url(invitee, "opslaan"), stale)
    assert response.status_code == 200
    assert "intussen ook ergens anders opgeslagen" in response.text
    assert Comment.objects.get().text == "Tab één"
    assert "Tab twee" in response.text and 'name="version" value="1"' in response.text


def test_out_of_range_scores_are_refused(client, invitee, framework_2024):
    data = form_data(framework_2024)
    key = next(k for k in data if k.startswith("score__"))
    data[key] = "8"
    response = client.post(url(invitee, "versturen"), data)
    assert response.status_code == 200 and "Kies een score van 1 tot en met 7." in response.text
    assert not Response.objects.exists()


def test_after_closing_the_page_is_read_only(client, invitee, framework_2024):
    client.post(
        url(invitee, "versturen"), form_data(framework_2024, comments={"comment__general": "<b>vet</b>"})
    )
    with time_machine.travel(amsterdam(2023, 5, 31, 0, 0, 1), tick=False):
        page = client.get(url(invitee)).text
        assert "wijzigen kan niet meer" in page and '<form method="post" action="/consultatie/' not in page
        assert "&lt;b&gt;vet&lt;/b&gt;" in page and "<b>vet</b>" not in page
        response = client.post(url(invitee, "versturen"), form_data(framework_2024, 1, version=1))
        assert response.status_code == 302
    assert Response.objects.get().version == 1


def test_before_opening_the_page_says_when_it_opens(client, invitee):
    with time_machine.travel(amsterdam(2023, 4, 20, 12), tick=False):
        page = client.get(url(invitee)).text
    assert "nog niet geopend" in page and "24 april 2023" in page and 'type="radio"' not in page


def test_get_is_not_allowed_on_the_save_urls(client, invitee):
    assert client.get(url(invitee, "opslaan")).status_code == 405
    assert client.get(url(invitee, "versturen")).status_code == 405
