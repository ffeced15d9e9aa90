"""Item 14 of issue 11: the "nog open" badge follows the autosave (swapped out of band)."""

import re

from tests.conftest import client_for

from .conftest import answer_for

HTMX = {"HTTP_HX_REQUEST": "true"}


def _badge(html, answer):
    match = re.search(
        rf'<span class="se-answer-badge" id="answer-{answer.pk}-badge"([^>]*)>(.*?)</span></span>', html
    )
    return match and (match.group(1), match.group(2))


def test_the_page_badge_and_the_autosave_badge_share_one_id(self_evaluation, users, during):
    answer = answer_for(self_evaluation, "wachttijd-kort")
    client = client_for(users["member"])
    page = client.get(f"/zelfevaluatie/{self_evaluation.pk}/").text
    attributes, badge = _badge(page, answer)
    assert "nog open" in badge and "hx-swap-oob" not in attributes
    saved = client.post(
        f"/zelfevaluatie/antwoord/{answer.pk}/", {"version": 0, "explanation": "Binnen 4 weken."}, **HTMX
    )
    attributes, badge = _badge(saved.text, answer)
    assert 'hx-swap-oob="true"' in attributes and "beantwoord" in badge
    emptied = client.post(f"/zelfevaluatie/antwoord/{answer.pk}/", {"version": 1, "explanation": ""}, **HTMX)
    assert "nog open" in _badge(emptied.text, answer)[1]
