"""The entry page of a participation's self-evaluation and the provider's home page link to it."""

import time_machine

from keurmerk.cycles.models import Participation, State
from keurmerk.selfevaluations.models import SelfEvaluation
from tests.conftest import amsterdam, client_for

from .conftest import DURING


def test_home_links_to_the_self_evaluation_once_the_phase_is_open(signed, users):
    with time_machine.travel(DURING, tick=False):
        text = client_for(users["member"]).get("/start/").text
    assert f'href="/zelfevaluatie/deelname/{signed.pk}/"' in text and "Vul de zelfevaluatie in" in text


def test_start_from_the_entry_page(signed, users):
    with time_machine.travel(DURING, tick=False):
        client = client_for(users["member"])
        text = client.get(f"/zelfevaluatie/deelname/{signed.pk}/").text
        assert "Zelfevaluatie beginnen" in text and "antwoorden van vorig jaar" not in text
        response = client.post(f"/zelfevaluatie/deelname/{signed.pk}/beginnen/")
        se = SelfEvaluation.objects.get(participation=signed)
        assert response["Location"] == f"/zelfevaluatie/{se.pk}/"
        assert "Verder invullen" in client.get(f"/zelfevaluatie/deelname/{signed.pk}/").text


def test_before_the_phase_the_entry_page_says_it_is_not_open(signed, users):
    with time_machine.travel(amsterdam(2026, 10, 20, 9), tick=False):
        client = client_for(users["member"])
        assert "nu niet open" in client.get(f"/zelfevaluatie/deelname/{signed.pk}/").text
        response = client.post(f"/zelfevaluatie/deelname/{signed.pk}/beginnen/", follow=True)
    assert "nu niet open" in response.text and not SelfEvaluation.objects.exists()


def test_not_qualified_is_offered_the_revision(self_evaluation, users):
    from .conftest import fill_all, submit

    fill_all(self_evaluation)
    submit(self_evaluation, users["member"])
    Participation.objects.filter(pk=self_evaluation.participation_id).update(state=State.NOT_QUALIFIED)
    with time_machine.travel(amsterdam(2027, 3, 2, 9), tick=False):
        client = client_for(users["member"])
        assert (
            "Aanpassing beginnen"
            in client.get(f"/zelfevaluatie/deelname/{self_evaluation.participation_id}/").text
        )
        response = client.post(f"/zelfevaluatie/deelname/{self_evaluation.participation_id}/aanpassen/")
    revision = SelfEvaluation.objects.get(round=2)
    assert response["Location"] == f"/zelfevaluatie/{revision.pk}/"
