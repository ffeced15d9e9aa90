"""The submit page: the checklist of missing answers linking to each question, the reviewer warning,
refusal after the deadline, and the redirect with a confirmation after submitting."""

import time_machine

from keurmerk.cycles.models import Participation, State
from keurmerk.selfevaluations.models import SelfEvaluation, Status
from tests.conftest import client_for

from .conftest import AFTER_DEADLINE, fill_all

VALID = {"filled_in_by": "Anna Amstel, GZ-psycholoog", "reviewer_name": "", "reviewer_big": ""}


def test_checklist_links_to_each_missing_question(self_evaluation, users):
    fill_all(self_evaluation, skip=["wachttijd-kort", "gemiddelde-behandeltijd"])
    response = client_for(users["member"]).get(f"/zelfevaluatie/{self_evaluation.pk}/indienen/")
    assert response.status_code == 200
    text = response.text
    assert "Nog 2 verplichte vragen zijn niet (volledig) beantwoord" in text
    assert f'href="/zelfevaluatie/{self_evaluation.pk}/#vraag-wachttijd-kort"' in text
    assert f'href="/zelfevaluatie/{self_evaluation.pk}/#vraag-gemiddelde-behandeltijd"' in text
    assert "raadt dringend aan dat minimaal één GGZ-behandelaar meekijkt" in text


def test_submitting_with_a_missing_answer_shows_the_checklist(self_evaluation, users):
    fill_all(self_evaluation, skip=["wachttijd-kort"])
    response = client_for(users["member"]).post(
        f"/zelfevaluatie/{self_evaluation.pk}/indienen/versturen/", VALID
    )
    assert response.status_code == 400
    assert "Nog niet alle verplichte vragen zijn beantwoord (1 open)." in response.text
    assert "#vraag-wachttijd-kort" in response.text
    assert SelfEvaluation.objects.get(pk=self_evaluation.pk).status == Status.DRAFT


def test_submitting_without_reviewer_succeeds_with_a_warning(self_evaluation, users):
    fill_all(self_evaluation)
    client = client_for(users["member"])
    response = client.post(f"/zelfevaluatie/{self_evaluation.pk}/indienen/versturen/", VALID, follow=True)
    assert response.redirect_chain[-1] == (f"/zelfevaluatie/{self_evaluation.pk}/", 302)
    assert "De zelfevaluatie is ingediend" in response.text
    assert "geen behandelaar vermeld" in response.text
    assert Participation.objects.get(pk=self_evaluation.participation_id).state == State.SUBMITTED


def test_invalid_big_number_is_refused_with_a_message(self_evaluation, users):
    fill_all(self_evaluation)
    data = {**VALID, "reviewer_name": "B. Behandelaar", "reviewer_big": "1234"}
    response = client_for(users["member"]).post(
        f"/zelfevaluatie/{self_evaluation.pk}/indienen/versturen/", data
    )
    assert response.status_code == 400 and "precies 11 cijfers" in response.text
    data["reviewer_big"] = "123 456 789 01"
    response = client_for(users["member"]).post(
        f"/zelfevaluatie/{self_evaluation.pk}/indienen/versturen/", data
    )
    assert response.status_code == 302
    assert SelfEvaluation.objects.get(pk=self_evaluation.pk).reviewer_big == "12345678901"


def test_after_the_deadline_the_page_says_so_and_submitting_is_refused(self_evaluation, users):
    fill_all(self_evaluation)
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        client = client_for(users["member"])  # signed in then: a session lasts two weeks
        assert (
            "De termijn om in te dienen is verstreken"
            in client.get(f"/zelfevaluatie/{self_evaluation.pk}/indienen/").text
        )
        response = client.post(f"/zelfevaluatie/{self_evaluation.pk}/indienen/versturen/", VALID)
    assert response.status_code == 400 and "verstreken" in response.text
    assert SelfEvaluation.objects.get(pk=self_evaluation.pk).status == Status.DRAFT
