"""Permission matrix of the sample's pages: every URL × every role (and an outsider from another
organisation) → the expected status, and for each POST its effect present exactly when allowed."""

from decimal import Decimal

import pytest

from keurmerk.audit.models import AuditEvent
from keurmerk.cycles.models import Participation
from keurmerk.sampling.models import SampleConversation, SampleDraw
from keurmerk.sampling.services import sample_conversation_save, sample_draw
from tests.conftest import ROLES, client_for, get_matrix

LOGIN = 302
STAFF = {
    "anonymous": LOGIN,
    "member": 403,
    "outsider": 403,
    "insurer": 403,
    "assessor": 200,
    "director": 200,
    "administrator": 200,
}
ADMIN = {**STAFF, "assessor": 403, "director": 403}
MEMBER_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "member": 200, "outsider": 404}


@pytest.fixture
def objects(cycle, holders, users, org_a):
    draw = sample_draw(cycle=cycle, user=users["administrator"], share=Decimal(1), seed=5)
    conversation = SampleConversation.objects.get(draw=draw, organisation=org_a)
    sample_conversation_save(
        conversation=conversation,
        user=users["assessor"],
        planned_on=None,
        held_on=None,
        notes="Alleen voor de stichting",
        follow_up="Wij delen het verbeterplan.",
    )
    participation = Participation.objects.get(cycle=cycle, organisation=org_a)
    return {"year": cycle.year, "c": conversation.pk, "p": participation.pk}


GETS = [
    ("/staf/steekproef/", STAFF),
    ("/staf/steekproef/{year}/", STAFF),
    ("/staf/steekproef/{year}/trekken/", ADMIN),
    ("/staf/steekproef/{year}/trekken/bevestigen/?size=2&reason=Opnieuw", ADMIN),
    ("/staf/steekproef/gesprek/{c}/", STAFF),
    ("/steekproef/deelname/{p}/", MEMBER_ONLY),
]


@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(objects, users, role):
    responses = get_matrix(role, users, GETS, objects)
    holder_page = responses[f"/steekproef/deelname/{objects['p']}/"]
    if role == "member":
        text = holder_page.content.decode()
        assert "is getrokken in de steekproef" in text and "Wij delen het verbeterplan." in text
        assert "Alleen voor de stichting" not in text  # the notes are for staff only


POSTS = [
    (
        "/staf/steekproef/{year}/trekken/bevestigen/",
        {"size": "2", "reason": "Nieuwe trekking"},
        ADMIN,
        lambda o: SampleDraw.objects.filter(number=2, reason="Nieuwe trekking").exists(),
    ),
    (
        "/staf/steekproef/gesprek/{c}/opslaan/",
        {"follow_up": "Vervolg na de zomer."},
        STAFF,
        lambda o: SampleConversation.objects.get(pk=o["c"]).follow_up == "Vervolg na de zomer.",
    ),
]


def _state():
    return (
        list(SampleDraw.objects.order_by("pk").values_list("pk", "drawn")),
        list(SampleConversation.objects.order_by("pk").values_list("pk", "follow_up", "notes")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
def test_post_matrix(objects, users, role):
    client = client_for(users[role])
    before = _state()
    for template, data, may, effect in POSTS:
        url = template.format(**objects)
        response = client.post(url, data)
        allowed = may[role] == 200
        assert response.status_code == (302 if allowed else may[role]), (
            f"{role} POST {url}: {response.status_code}"
        )
        assert effect(objects) == allowed, f"{role} POST {url}: effect {'missing' if allowed else 'present'}"
    if not any(may[role] == 200 for _url, _data, may, _effect in POSTS):
        assert _state() == before


def test_a_get_of_the_confirmation_draws_nothing(objects, users):
    response = client_for(users["administrator"]).get(
        f"/staf/steekproef/{objects['year']}/trekken/bevestigen/?size=3&reason=x"
    )
    assert response.status_code == 200 and "Ja, steekproef trekken" in response.content.decode()
    assert SampleDraw.objects.count() == 1


def test_a_new_draw_without_reason_is_refused_with_a_message(objects, users):
    url = f"/staf/steekproef/{objects['year']}/trekken/bevestigen/"
    response = client_for(users["administrator"]).post(url, {"size": "2"})
    assert response.status_code == 422 and "geef de reden" in response.content.decode()
    assert SampleDraw.objects.count() == 1


def test_size_and_percentage_together_are_refused(objects, users):
    url = f"/staf/steekproef/{objects['year']}/trekken/bevestigen/"
    response = client_for(users["administrator"]).get(url, {"size": "2", "percentage": "10"})
    assert response.status_code == 422 and "niet allebei" in response.content.decode()


def test_a_drawn_holder_is_told_and_sees_the_link_on_its_report(objects, users, cycle):
    from keurmerk.assessments.models import Assessment, Report
    from keurmerk.notifications.models import Notification
    from keurmerk.selfevaluations.models import SelfEvaluation

    link = f"/steekproef/deelname/{objects['p']}/"
    notice = Notification.objects.get(kind="sample_drawn", user=users["member"])
    assert notice.url.endswith(link) and "vervolggesprek" in notice.subject
    participation = Participation.objects.get(pk=objects["p"])
    self_evaluation = SelfEvaluation.objects.create(participation=participation, status="submitted")
    report = Report.objects.create(
        assessment=Assessment.objects.create(self_evaluation=self_evaluation),
        participation=participation,
        round=1,
        qualified=True,
        sent_at=cycle.created_at,
        sent_by=users["assessor"],
        content={"norms": []},
    )
    assert link in client_for(users["member"]).get(f"/rapportage/{report.pk}/").content.decode()
    assert link not in client_for(users["assessor"]).get(f"/rapportage/{report.pk}/").content.decode()


def test_the_cycle_page_shows_the_current_and_the_earlier_draws(objects, users, cycle):
    sample_draw(cycle=cycle, user=users["administrator"], size=2, reason="Herhaling na fusie")
    text = client_for(users["director"]).get(f"/staf/steekproef/{cycle.year}/").content.decode()
    assert (
        "Huidige steekproef (trekking 2)" in text
        and "Eerdere trekkingen" in text
        and "Herhaling na fusie" in text
    )
