"""Time-driven steps: offering the agreement to holders, reminders, and the outbox. `tick` is
idempotent; the real database worker sends each notification exactly once."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.reminders import send_reminders
from keurmerk.cycles.services import offer_to_holders, participation_grant_extension
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


@pytest.mark.parametrize(
    "when, subject",
    [
        (amsterdam(2026, 10, 17, 8), "Herinnering: nog 14 dagen om de overeenkomst ondertekenen"),
        (amsterdam(2026, 10, 21, 8), "Herinnering: nog 10 dagen om de overeenkomst ondertekenen"),
        (amsterdam(2026, 10, 25, 8), "Herinnering: nog 6 dagen om de overeenkomst ondertekenen"),
        (amsterdam(2026, 10, 28, 8), "Herinnering: nog 3 dagen om de overeenkomst ondertekenen"),
        (amsterdam(2026, 10, 30, 23), "Herinnering: nog 1 dag om de overeenkomst ondertekenen"),
        (
            amsterdam(2026, 10, 31, 0, 30),
            "Herinnering: vandaag is de laatste dag om de overeenkomst ondertekenen",
        ),
    ],
)
def test_a_reminder_states_the_real_number_of_days_left(participation, users, when, subject):
    """A reminder that first goes out 10 days before the deadline says 10 days, not 14."""
    with time_machine.travel(when, tick=False):
        send_reminders()
    reminder = Notification.objects.get(kind="reminder", user=users["member"])
    assert reminder.subject == subject
    assert "Uiterlijk 31 oktober 2026 moet u de overeenkomst ondertekenen" in reminder.body


def test_reminders_count_down_to_an_extended_deadline(participation, users):
    with time_machine.travel(amsterdam(2026, 10, 20, 8), tick=False):
        participation_grant_extension(
            participation=participation,
            user=users["administrator"],
            phase="application",
            until=datetime.date(2026, 11, 7),
            reason="Overmacht",
        )
    with time_machine.travel(amsterdam(2026, 10, 28, 8), tick=False):
        send_reminders()
    reminder = Notification.objects.get(kind="reminder", user=users["member"])
    assert reminder.subject == "Herinnering: nog 10 dagen om de overeenkomst ondertekenen"
    assert "Uiterlijk 7 november 2026" in reminder.body


def test_each_reminder_goes_once_with_the_days_left_on_the_day_it_goes(participation, users):
    """The participation appears 10 days out: the 14-day reminder goes then (saying 10), the 3-day
    one 3 days out; the days in between send nothing more."""
    for day in (21, 22, 27, 28, 29, 31):
        with time_machine.travel(amsterdam(2026, 10, day, 8), tick=False):
            send_reminders()
    subjects = list(
        Notification.objects.filter(kind="reminder", user=users["member"])
        .order_by("pk")
        .values_list("subject", flat=True)
    )
    assert subjects == [
        "Herinnering: nog 10 dagen om de overeenkomst ondertekenen",
        "Herinnering: nog 3 dagen om de overeenkomst ondertekenen",
    ]


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay")


def tick(at):
    out = io.StringIO()
    with time_machine.travel(at, tick=False):
        call_command("tick", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_tick_retries_a_failed_send_exactly_once(settings):
    n = notify(email="c@example.nl", subject="Herkansing", body="Tekst")
    settings.EMAIL_BACKEND = "tests.cycles.test_tick.FailingBackend"
    run_worker()  # the first attempt fails: the row stays in the outbox
    n.refresh_from_db()
    assert (n.sent_at, n.attempts, n.last_error, len(mail.outbox)) == (None, 1, "SMTP down", 0)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    later = timezone.now() + datetime.timedelta(minutes=5)  # past retry_unsent's grace period
    assert "opnieuw in de wachtrij: 1" in tick(later)
    run_worker()
    assert [m.subject for m in mail.outbox] == ["Herkansing"]
    n.refresh_from_db()
    assert n.sent_at is not None and n.attempts == 2

    assert "opnieuw in de wachtrij: 0" in tick(later + datetime.timedelta(minutes=5))
    run_worker()
    assert len(mail.outbox) == 1
    n.refresh_from_db()
    assert n.attempts == 2


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_queued_twice_is_still_sent_once(settings):
    """Two ticks before the worker runs queue the same row twice; the worker sends it once."""
    settings.EMAIL_BACKEND = "tests.cycles.test_tick.FailingBackend"
    n = notify(email="d@example.nl", subject="Dubbel in de wachtrij", body="Tekst")
    run_worker()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = timezone.now() + datetime.timedelta(minutes=5)
    tick(later)
    tick(later + datetime.timedelta(minutes=1))
    run_worker()
    assert [m.subject for m in mail.outbox] == ["Dubbel in de wachtrij"]
    n.refresh_from_db()
    assert n.sent_at is not None and n.attempts == 2
