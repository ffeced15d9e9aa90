"""Time-driven steps: offering the agreement to holders, reminders, and the outbox. `tick` is
idempotent; the real database worker sends each notification exactly once."""

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.reminders import send_reminders
from keurmerk.cycles.services import offer_to_holders
from keurmerk.notifications.models import Notification
from keurmerk.notifications.services import deliver, notify
from keurmerk.organisations.models import HeldMark
from tests.conftest import amsterdam


def test_holders_are_offered_the_agreement_once(cycle, org_a, org_b, users):
    HeldMark.objects.create(organisation=org_a, year=2026)
    with time_machine.travel(amsterdam(2026, 8, 31, 12), tick=False):
        assert offer_to_holders(cycle=cycle) == []  # not open yet
    with time_machine.travel(amsterdam(2026, 9, 1, 9), tick=False):
        call_command("tick")
        call_command("tick")
    p = Participation.objects.get(cycle=cycle)
    assert (p.organisation, p.state, p.is_returning) == (org_a, State.OFFERED, True)
    assert Notification.objects.filter(kind="agreement_offered", user=users["member"]).count() == 1
    assert not Participation.objects.filter(organisation=org_b).exists()


@pytest.mark.parametrize(
    "when, expected",
    [
        (amsterdam(2026, 10, 16, 8), 0),  # 15 days before 31 Oct
        (amsterdam(2026, 10, 17, 8), 14),  # 14 days before
        (amsterdam(2026, 10, 28, 8), 3),  # 3 days before
        (amsterdam(2026, 11, 1, 8), 0),  # past
    ],
)
def test_reminders_14_and_3_days_before(participation, users, when, expected):
    with time_machine.travel(when, tick=False):
        send_reminders()
        send_reminders()
    reminders = Notification.objects.filter(kind="reminder", user=users["member"])
    assert reminders.count() == (1 if expected else 0)
    if expected:
        assert f"nog {expected} dagen" in reminders.get().subject


def test_no_reminder_for_a_step_already_done(participation, users):
    Participation.objects.filter(pk=participation.pk).update(state=State.SIGNED)
    with time_machine.travel(amsterdam(2026, 10, 28, 8), tick=False):
        send_reminders()
    assert not Notification.objects.filter(kind="reminder").exists()


def test_tick_twice_changes_nothing_the_second_time(participation, users):
    with time_machine.travel(amsterdam(2026, 10, 28, 8), tick=False):
        call_command("tick")
        first = set(Notification.objects.values_list("pk", flat=True))
        call_command("tick")
    assert set(Notification.objects.values_list("pk", flat=True)) == first
    assert len(first) == 1


def test_deliver_sends_once(db):
    n = notify(email="a@example.nl", subject="Onderwerp", body="Tekst", dedupe_key="k1")
    assert notify(email="a@example.nl", subject="Onderwerp", body="Tekst", dedupe_key="k1") is None
    assert deliver(n.pk) is True
    assert deliver(n.pk) is False
    assert len(mail.outbox) == 1
    assert Notification.objects.get(pk=n.pk).sent_at is not None


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP down")


def test_failed_send_is_kept_and_retried(db, settings):
    n = notify(email="a@example.nl", subject="Onderwerp", body="Tekst")
    settings.EMAIL_BACKEND = "tests.cycles.test_tick.FailingBackend"
    assert deliver(n.pk) is False
    n.refresh_from_db()
    assert (n.sent_at, n.attempts, n.last_error) == (None, 1, "SMTP down")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver(n.pk) is True
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_sends_queued_notifications():
    notify(email="b@example.nl", subject="Via de worker", body="Tekst")
    assert len(mail.outbox) == 0
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert [m.subject for m in mail.outbox] == ["Via de worker"]
    assert Notification.objects.get().sent_at is not None
