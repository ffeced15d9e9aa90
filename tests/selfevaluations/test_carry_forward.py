"""Carry forward: a returning holder may start from last year's answers for criteria whose stable key
and wording are unchanged; changed and new criteria start empty and are marked."""

import datetime

import pytest
import time_machine

from keurmerk.cycles.models import Cycle, Participation, State
from keurmerk.cycles.services import TransitionError, cycle_create, handbook_dates
from keurmerk.frameworks.models import Criterion, FrameworkStatus
from keurmerk.frameworks.services import framework_copy, framework_transition
from keurmerk.selfevaluations.models import Attachment, CarryStatus
from keurmerk.selfevaluations.services import attachment_add, self_evaluation_start
from tests.conftest import amsterdam, client_for

from .conftest import DURING, answer_for, fill_all, submit

ADOPTED_ON = datetime.date(2026, 3, 15)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def last_year(framework_2022, org_a, users):
    """org_a's submitted self-evaluation of 2026 (2022 framework), with an attachment."""
    cycle_2026 = cycle_create(
        user=users["administrator"], year=2026, framework=framework_2022, dates=handbook_dates(2026)
    )
    participation = Participation.objects.create(organisation=org_a, cycle=cycle_2026, state=State.SIGNED)
    with time_machine.travel(amsterdam(2025, 11, 20, 10), tick=True):
        se = self_evaluation_start(participation=participation, user=users["member"])
        fill_all(se, text="Antwoord van vorig jaar.")
        attachment_add(
            answer=answer_for(se, "clientervaringen-meten"),
            user=users["member"],
            content=PDF,
            name="cq-2025.pdf",
        )
        submit(se, users["member"])
    return se


@pytest.fixture
def this_year(cycle, framework_2022, signed):
    """The 2027 cycle on a copy of the framework with one criterion reworded and one added, published
    (a self-evaluation starts only on a published framework)."""
    framework = framework_copy(source=framework_2022, year=2027)
    tips = Criterion.objects.get(norm__framework=framework, key="wachttijd-tips")
    tips.text = tips.text + " en verwijst zo nodig naar een collega"
    tips.save()
    norm = tips.norm
    Criterion.objects.create(
        norm=norm, key="nieuw-in-2027", number="8", text="Een nieuw criterium.", position=99
    )
    for status in (FrameworkStatus.CONSULTATION, FrameworkStatus.ADOPTED, FrameworkStatus.PUBLISHED):
        framework = framework_transition(framework=framework, to_status=status, adopted_on=ADOPTED_ON)
    Cycle.objects.filter(pk=cycle.pk).update(framework=framework)
    Participation.objects.filter(pk=signed.pk).update(is_returning=True)
    return Participation.objects.select_related("cycle__framework", "organisation").get(pk=signed.pk)


def test_unchanged_criteria_keep_last_years_answer(last_year, this_year, users, during):
    se = self_evaluation_start(participation=this_year, user=users["member"], carry_forward=True)
    assert se.carried_from_id == last_year.pk
    kept = answer_for(se, "wachttijd-kort")
    assert (kept.explanation, kept.carry_status, kept.urls) == (
        "Antwoord van vorig jaar.",
        CarryStatus.CARRIED,
        ["https://www.amstel.example.nl/behandeling"],
    )
    assert answer_for(se, "gemiddelde-behandeltijd").number == 600
    assert Attachment.objects.get(answer__self_evaluation=se).original_name == "cq-2025.pdf"
    changed, new = answer_for(se, "wachttijd-tips"), answer_for(se, "nieuw-in-2027")
    assert (changed.explanation, changed.carry_status) == ("", CarryStatus.CHANGED)
    assert (new.explanation, new.carry_status) == ("", CarryStatus.NEW)
    assert answer_for(last_year, "wachttijd-tips").explanation == "Antwoord van vorig jaar."  # untouched


def test_the_page_marks_carried_changed_and_new(last_year, this_year, users, during):
    se = self_evaluation_start(participation=this_year, user=users["member"], carry_forward=True)
    text = client_for(users["member"]).get(f"/zelfevaluatie/{se.pk}/").text
    assert text.count("overgenomen van vorig jaar") >= 30
    assert "criterium gewijzigd t.o.v. vorig jaar" in text and "nieuw criterium" in text
    assert "uw antwoord van vorig jaar is daarom niet overgenomen" in text


def test_entry_page_offers_it_and_the_form_starts_it(last_year, this_year, users):
    client = client_for(users["member"])
    with time_machine.travel(DURING, tick=False):
        page = client.get(f"/zelfevaluatie/deelname/{this_year.pk}/")
        assert "Begin met de antwoorden van vorig jaar" in page.text
        response = client.post(f"/zelfevaluatie/deelname/{this_year.pk}/beginnen/", {"carry_forward": "on"})
    assert response.status_code == 302
    assert answer_for(this_year.self_evaluations.get(), "wachttijd-kort").carry_status == CarryStatus.CARRIED


def test_only_for_returning_holders_with_a_submitted_one(signed, users, during):
    with pytest.raises(TransitionError, match="Alleen keurmerkdragers"):
        self_evaluation_start(participation=signed, user=users["member"], carry_forward=True)
    Participation.objects.filter(pk=signed.pk).update(is_returning=True)
    signed.refresh_from_db()
    with pytest.raises(TransitionError, match="geen ingediende zelfevaluatie van vorig jaar"):
        self_evaluation_start(participation=signed, user=users["member"], carry_forward=True)
    assert not signed.self_evaluations.exists()
