"""The dialogue thread (Fase 3.3 ‘Dialoog’): either side may start, optionally about one criterion;
the other side is notified; staff see every thread."""

import pytest
from django.core.exceptions import ValidationError

from keurmerk.audit.models import AuditEvent
from keurmerk.frameworks.models import Criterion
from keurmerk.notifications.models import Notification
from keurmerk.organisations.models import Membership
from keurmerk.selfevaluations.models import Message
from keurmerk.selfevaluations.services import message_post
from tests.conftest import client_for, make_user


def test_member_starts_staff_and_colleagues_are_notified(self_evaluation, users, org_a):
    colleague = make_user("collega@amstel.test", "provider")
    Membership.objects.create(user=colleague, organisation=org_a)
    criterion = Criterion.objects.get(
        key="wachttijd-kort", norm__framework=self_evaluation.participation.cycle.framework
    )
    message = message_post(
        self_evaluation=self_evaluation,
        user=users["member"],
        text="Telt een intake mee?",
        criterion=criterion,
    )
    notified = set(
        Notification.objects.filter(kind="selfevaluation_message").values_list("user__email", flat=True)
    )
    assert notified == {"beoordelaar@kibg.test", "directeur@kibg.test", "collega@amstel.test"}
    assert AuditEvent.objects.get(action="selfevaluation_message").data["criterion"] == "wachttijd-kort"
    assert message.criterion == criterion


def test_staff_starts_members_are_notified(self_evaluation, users):
    message_post(self_evaluation=self_evaluation, user=users["assessor"], text="Kunt u 2.3 toelichten?")
    notified = set(
        Notification.objects.filter(kind="selfevaluation_message").values_list("user__email", flat=True)
    )
    assert notified == {"lid@amstel.test"}
    assert (
        Notification.objects.get().url
        == f"/zelfevaluatie/{self_evaluation.pk}/dialoog/#bericht-{Message.objects.get().pk}"
    )


def test_empty_or_foreign_criterion_is_refused(self_evaluation, users, framework_2024):
    with pytest.raises(ValidationError, match="Schrijf een bericht"):
        message_post(self_evaluation=self_evaluation, user=users["member"], text="   ")
    other = Criterion.objects.filter(norm__framework=framework_2024).select_related("norm").first()
    with pytest.raises(ValidationError, match="hoort niet bij"):
        message_post(self_evaluation=self_evaluation, user=users["member"], text="Vraag", criterion=other)
    assert not Message.objects.exists()


def test_thread_page_both_sides_post_and_read(self_evaluation, users):
    url = f"/zelfevaluatie/{self_evaluation.pk}/dialoog/"
    criterion = Criterion.objects.get(
        key="wachttijd-kort", norm__framework=self_evaluation.participation.cycle.framework
    )
    response = client_for(users["member"]).post(
        f"{url}bericht/", {"criterion": criterion.pk, "text": "Vraag van de praktijk"}
    )
    assert response.status_code == 302 and response["Location"].startswith(f"{url}#bericht-")
    response = client_for(users["assessor"]).post(
        f"{url}bericht/", {"criterion": "", "text": "Antwoord van KiBG"}
    )
    assert response.status_code == 302
    for role in ("member", "assessor", "director", "administrator"):
        text = client_for(users[role]).get(url).text
        assert (
            "Vraag van de praktijk" in text and "Antwoord van KiBG" in text and "Over criterium 1.1" in text
        )
    assert client_for(users["member"]).post(f"{url}bericht/", {"text": ""}).status_code == 400


def test_staff_see_all_threads(self_evaluation, users):
    message_post(self_evaluation=self_evaluation, user=users["member"], text="Eerste vraag")
    text = client_for(users["director"]).get("/zelfevaluatie/staf/?threads=on").text
    assert "Praktijk Amstel" in text and "1 bericht" in text
    assert f'href="/zelfevaluatie/{self_evaluation.pk}/dialoog/"' in text
