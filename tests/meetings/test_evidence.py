"""Attendance as evidence: beside the discussed criteria for the assessor and in the member's
self-evaluation, and on the organisation's page (knowledge sharing). The toetsingskader and the
Keurmerkwijzer stand beside every question and verdict."""

import time_machine

from keurmerk.frameworks.services import criterion_guidance_save, guide_item_save
from keurmerk.meetings.services import attendance_record, registration_create
from keurmerk.selfevaluations.services import self_evaluation_start
from tests.conftest import client_for

from .conftest import BEFORE, DURING_MEETING


def _attended(meeting, users, organisation):
    registration = registration_create(
        meeting=meeting, organisation=organisation, user=users["member"], now=BEFORE
    )
    attendance_record(meeting=meeting, user=users["assessor"], attended={registration.pk: True})
    return registration


def test_the_self_evaluation_shows_the_meeting_and_the_guidance_beside_the_question(
    meeting, users, signed, criteria
):
    _attended(meeting, users, signed.organisation)
    criterion_guidance_save(
        criterion=criteria[0], user=users["administrator"], guidance="Voldaan als gemeten."
    )
    guide_item_save(
        norm=criteria[0].norm, user=users["administrator"], kind="faq", title="Vraag 1?", body="Antwoord 1."
    )
    with time_machine.travel(DURING_MEETING, tick=True):
        se = self_evaluation_start(participation=signed, user=users["member"])
        page = client_for(users["member"]).get(f"/zelfevaluatie/{se.pk}/").text
    assert page.count("Besproken in dialoogbijeenkomsten") == 2  # criteria 1.1 and 6.1
    assert "Dialoog over wachttijd en kennis delen</a>, 17 november 2026: aanwezig" in page
    assert "Voldaan als gemeten." in page and "Vraag 1?" in page and "bijgewerkt op" in page


def test_the_assessor_sees_attendance_beside_the_discussed_criteria(meeting, users, signed):
    from tests.selfevaluations.conftest import fill_all, submit

    _attended(meeting, users, signed.organisation)
    with time_machine.travel(DURING_MEETING, tick=True):
        se = self_evaluation_start(participation=signed, user=users["member"])
        fill_all(se)
        submit(se, users["member"])
        page = client_for(users["assessor"]).get(f"/staf/beoordelen/{se.pk}/")
    assert page.status_code == 200, page.status_code
    text = page.text
    assert text.count("Besproken in dialoogbijeenkomsten") == 2
    assert text.count("Toetsingskader en Keurmerkwijzer bij criterium") == 31


def test_the_organisation_page_lists_attended_meetings(meeting, users, org_a):
    _attended(meeting, users, org_a)
    page = client_for(users["member"]).get(f"/organisatie/{org_a.pk}/").text
    assert "Kennis delen: bijeenkomsten van de stichting" in page
    assert "Dialoog over wachttijd en kennis delen" in page and "aanwezig" in page
