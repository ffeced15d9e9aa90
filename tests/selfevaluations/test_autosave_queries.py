"""The autosave at national scale: at most three queries for a save (session, user, and one
conditional UPDATE that checks membership, draft state and version), with every guarantee kept:
a stale version is refused with a conflict, another organisation's answer answers 404, a submitted
self-evaluation refuses, and a save writes no audit row (the submission records the result)."""

import re

import pytest

from keurmerk.audit.models import AuditEvent
from keurmerk.cycles.models import Participation
from keurmerk.organisations.models import Membership
from keurmerk.selfevaluations.models import Answer
from tests.conftest import client_for

from .conftest import answer_for, fill_all, submit

HTMX = {"HTTP_HX_REQUEST": "true"}


def _described(client, self_evaluation, answer):
    """The signed description the page's answer form carries, read from the page itself."""
    page = client.get(f"/zelfevaluatie/{self_evaluation.pk}/").text
    form = page[page.index(f'id="answer-{answer.pk}"') :]
    return re.search(r'name="described" value="([^"]+)"', form[: form.index("</form>")]).group(1)


def _save(client, answer, described, version, text):
    data = {"version": version, "explanation": text, "described": described}
    return client.post(f"/zelfevaluatie/antwoord/{answer.pk}/", data, **HTMX)


def test_a_save_from_the_page_makes_at_most_three_queries(
    self_evaluation, users, django_assert_max_num_queries
):
    answer = answer_for(self_evaluation, "wachttijd-kort")
    client = client_for(users["member"])
    described = _described(client, self_evaluation, answer)
    audit_rows = AuditEvent.objects.count()
    with django_assert_max_num_queries(3):  # the session, the user, the conditional UPDATE
        response = _save(client, answer, described, 0, "Binnen vier weken een eerste gesprek.")
    assert response.status_code == 200 and response["X-Answer-Version"] == "1"
    assert f'id="answer-{answer.pk}-badge" data-complete="true" data-optional="false"' in response.text
    stored = Answer.objects.get(pk=answer.pk)
    assert (stored.explanation, stored.version, stored.updated_by) == (
        "Binnen vier weken een eerste gesprek.",
        1,
        users["member"],
    )
    assert AuditEvent.objects.count() == audit_rows  # saving a draft is not a step of the scheme
    with django_assert_max_num_queries(3):
        assert _save(client, answer, described, 1, "").status_code == 200
    assert 'data-complete="false"' in _save(client, answer, described, 2, " ").text


def test_a_stale_version_is_still_refused_with_a_conflict(self_evaluation, users):
    answer = answer_for(self_evaluation, "wachttijd-kort")
    client = client_for(users["member"])
    described = _described(client, self_evaluation, answer)
    assert _save(client, answer, described, 0, "Tekst van Anna").status_code == 200
    response = _save(client, answer, described, 0, "Tekst van Bram")
    assert response.status_code == 409 and response["HX-Retarget"] == f"#answer-{answer.pk}-conflict"
    assert "Tekst van Anna" in response.text and "Tekst van Bram" in response.text
    stored = Answer.objects.get(pk=answer.pk)
    assert (stored.explanation, stored.version) == ("Tekst van Anna", 1)


def test_a_description_does_not_open_another_organisations_answer(self_evaluation, users):
    answer = answer_for(self_evaluation, "wachttijd-kort")
    described = _described(client_for(users["member"]), self_evaluation, answer)
    response = _save(client_for(users["outsider"]), answer, described, 0, "Van buiten")
    assert response.status_code == 404
    assert Answer.objects.get(pk=answer.pk).version == 0


def test_a_member_who_left_can_no_longer_save_with_the_page_still_open(self_evaluation, users):
    answer = answer_for(self_evaluation, "wachttijd-kort")
    client = client_for(users["member"])
    described = _described(client, self_evaluation, answer)
    Membership.objects.filter(user=users["member"]).delete()
    assert _save(client, answer, described, 0, "Na vertrek").status_code == 404
    assert Answer.objects.get(pk=answer.pk).explanation == ""


@pytest.mark.parametrize("role", ["anonymous", "insurer", "assessor"])
def test_other_roles_cannot_save_with_a_description(self_evaluation, users, role):
    answer = answer_for(self_evaluation, "wachttijd-kort")
    described = _described(client_for(users["member"]), self_evaluation, answer)
    response = _save(client_for(users[role]), answer, described, 0, "Niet van mij")
    assert response.status_code in (302, 403)
    assert Answer.objects.get(pk=answer.pk).version == 0


def test_a_description_of_another_answer_or_a_forged_one_is_not_used(self_evaluation, users):
    answer = answer_for(self_evaluation, "wachttijd-kort")
    other = answer_for(self_evaluation, "wachttijd-tips")
    client = client_for(users["member"])
    described = _described(client, self_evaluation, other)
    # Read as without a description: the answer's own criterion decides, the save is stored.
    assert _save(client, answer, described, 0, "Eigen tekst").status_code == 200
    assert _save(client, answer, described[:-2] + "xx", 1, "Nog eens").status_code == 200
    assert Answer.objects.get(pk=answer.pk).version == 2


def test_a_submitted_self_evaluation_refuses_a_described_save(self_evaluation, users):
    answer = answer_for(self_evaluation, "wachttijd-kort")
    client = client_for(users["member"])
    described = _described(client, self_evaluation, answer)
    fill_all(self_evaluation)
    submit(self_evaluation, users["member"])
    response = _save(client, answer, described, 0, "Te laat")
    assert response.status_code == 422 and "kan niet meer worden gewijzigd" in response.text
    assert Answer.objects.get(pk=answer.pk).explanation == "Zo voldoen wij eraan."


def test_an_optional_question_is_described_as_optional(self_evaluation, users):
    Participation.objects.filter(pk=self_evaluation.participation_id).update(is_returning=True)
    answer = Answer.objects.select_related("criterion").filter(
        self_evaluation=self_evaluation, criterion__optional_for_returning=True
    )[0]
    client = client_for(users["member"])
    response = _save(client, answer, _described(client, self_evaluation, answer), 0, "")
    assert response.status_code == 200 and 'data-complete="false" data-optional="true"' in response.text
