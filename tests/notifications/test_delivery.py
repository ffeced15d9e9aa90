"""Delivery of the outbox: at most once, never lost, no database transaction open while sending."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from keurmerk.notifications.models import Notification
from keurmerk.notifications.services import deliver, message_id, notify, recover_stale_tasks, retry_unsent

SEEN_IN_TRANSACTION = []


class RecordingBackend:
    """An e-mail backend that notes whether a database transaction was open during the send."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        SEEN_IN_TRANSACTION.append(connection.in_atomic_block)
        return len(messages)


class FailingBackend(RecordingBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP weg")


def _later(seconds):
    return timezone.now() + datetime.timedelta(seconds=seconds)


@pytest.mark.django_db(transaction=True)
def test_no_transaction_is_open_while_the_smtp_server_is_talked_to(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_delivery.RecordingBackend"
    SEEN_IN_TRANSACTION.clear()
    n = notify(email="a@example.nl", subject="Onderwerp", body="Tekst")
    assert deliver(n.pk) is True
    assert SEEN_IN_TRANSACTION == [False]
    n.refresh_from_db()
    assert n.sent_at is not None and n.sending_since is None and n.attempts == 1


def test_a_live_claim_keeps_other_workers_off(db):
    n = notify(email="a@example.nl", subject="Onderwerp", body="Tekst")
    Notification.objects.filter(pk=n.pk).update(sending_since=timezone.now(), attempts=1)
    assert deliver(n.pk) is False  # another worker is sending it right now
    assert len(mail.outbox) == 0
    assert retry_unsent(older_than=datetime.timedelta(0)) == 0


def test_a_lapsed_claim_of_a_killed_worker_is_taken_over_once(db, settings):
    settings.NOTIFICATION_SEND_LEASE = 600
    n = notify(email="a@example.nl", subject="Onderwerp", body="Tekst")
    Notification.objects.filter(pk=n.pk).update(sending_since=timezone.now(), attempts=1)
    with time_machine.travel(_later(601), tick=False):
        assert retry_unsent() == 1
        assert deliver(n.pk) is True
        assert deliver(n.pk) is False
    n.refresh_from_db()
    assert (n.attempts, n.sending_since, len(mail.outbox)) == (2, None, 1)
    assert n.sent_at is not None


def test_a_failed_send_releases_the_claim_for_a_retry(db, settings):
    n = notify(email="a@example.nl", subject="Onderwerp", body="Tekst")
    settings.EMAIL_BACKEND = "tests.notifications.test_delivery.FailingBackend"
    assert deliver(n.pk) is False
    n.refresh_from_db()
    assert (n.sent_at, n.sending_since, n.attempts, n.last_error) == (None, None, 1, "SMTP weg")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver(n.pk) is True
    n.refresh_from_db()
    assert (n.attempts, n.last_error, len(mail.outbox)) == (2, "", 1)


def test_every_attempt_carries_the_same_message_id(db):
    n = notify(email="a@example.nl", subject="Onderwerp", body="Tekst")
    assert deliver(n.pk) is True
    assert mail.outbox[0].extra_headers["Message-ID"] == message_id(n)
    assert message_id(n) == message_id(Notification.objects.get(pk=n.pk))
    assert message_id(n).endswith("@example.org>")


def _task(status, started_at):
    from keurmerk.notifications.tasks import send_notification

    result = send_notification.enqueue(1)
    DBTaskResult.objects.filter(pk=result.id).update(status=status, started_at=started_at)
    return result.id


def test_tasks_left_running_by_a_killed_worker_are_queued_again(db, settings):
    settings.TASK_LEASE = 900
    now = timezone.now()
    stale = _task(TaskResultStatus.RUNNING, now - datetime.timedelta(seconds=901))
    busy = _task(TaskResultStatus.RUNNING, now - datetime.timedelta(seconds=60))
    done = _task(TaskResultStatus.SUCCESSFUL, now - datetime.timedelta(seconds=5000))
    assert recover_stale_tasks() == 1
    status = {str(pk): s for pk, s in DBTaskResult.objects.values_list("pk", "status")}
    assert status == {
        stale: TaskResultStatus.READY,
        busy: TaskResultStatus.RUNNING,
        done: TaskResultStatus.SUCCESSFUL,
    }
    assert recover_stale_tasks() == 0  # idempotent
