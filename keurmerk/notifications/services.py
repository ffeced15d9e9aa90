"""Queue and deliver notifications.

`notify` writes the outbox row inside the caller's transaction and asks the worker to send it once
that transaction commits; `deliver` sends one row at most once (claim, send, mark sent, each step
short and outside any transaction of the caller). `tick` runs `recover_stale_tasks` (tasks a killed
worker left RUNNING) and `retry_unsent` (rows whose sending failed or whose claim lapsed).
"""

import logging
import mimetypes
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import TaskResultStatus

from keurmerk.lib.validators import single_line

from .models import Notification

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def notify(*, email, subject, body, user=None, url="", kind="", dedupe_key=None, attachment=None):
    """Queue a message; with a `dedupe_key` the same message is never queued twice.

    `attachment` is an optional (filename, bytes) pair, e.g. a PDF. The subject is made single-line
    (a name stored with a line break must not make the mail undeliverable) and cut to its field.
    """
    subject = single_line(subject)[: Notification._meta.get_field("subject").max_length]
    if dedupe_key and Notification.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    name, content = attachment or ("", None)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user,
                email=email,
                subject=subject,
                body=body,
                url=url,
                kind=kind,
                dedupe_key=dedupe_key,
                attachment_name=name,
                attachment=content,
            )
    except IntegrityError:
        return None  # a concurrent caller queued the same dedupe_key first
    transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def notify_users(*, users, subject, body, url="", kind="", dedupe_prefix=None, attachment=None):
    for user in users:
        key = f"{dedupe_prefix}:{user.pk}" if dedupe_prefix else None
        notify(
            email=user.email,
            subject=subject,
            body=body,
            user=user,
            url=url,
            kind=kind,
            dedupe_key=key,
            attachment=attachment,
        )


def _enqueue(pk):
    from .tasks import send_notification

    try:
        send_notification.enqueue(pk)
    except Exception:  # the row stays in the outbox; `tick` retries it
        log.exception("Could not enqueue notification %s", pk)


def deliver(notification_id: int) -> bool:
    """Send one notification by e-mail unless it was sent or is being sent. True when sent now.

    Three short steps, none holding a transaction open while the SMTP server is talked to: claim
    the row (a conditional update, so one worker wins), send, mark it sent. A worker killed after
    the claim leaves the row claimed; once the lease lapses another attempt takes it over."""
    claimed_at = timezone.now()
    n = _claim(notification_id, now=claimed_at)
    if n is None:
        return False
    try:
        _send(n)
    except Exception as exc:  # noqa: BLE001 - any failure: keep the row for a retry
        log.warning("Sending notification %s failed: %s", n.pk, exc)
        _release(n, error=str(exc)[:2000])
        return False
    _mark_sent(n)
    return True


def _lease_cutoff(now):
    return now - timedelta(seconds=settings.NOTIFICATION_SEND_LEASE)


def _claim(pk, *, now):
    """Mark the row "being sent" if nobody sent it or holds a live claim; None when another did."""
    with transaction.atomic():
        claimed = (
            Notification.objects.filter(pk=pk, sent_at=None, attempts__lt=MAX_ATTEMPTS)
            .filter(Q(sending_since=None) | Q(sending_since__lt=_lease_cutoff(now)))
            .update(sending_since=now, attempts=F("attempts") + 1)
        )
    return Notification.objects.get(pk=pk) if claimed else None


def _send(n):
    message = EmailMessage(
        n.subject,
        _with_link(n),
        settings.DEFAULT_FROM_EMAIL,
        [n.email],
        headers={"Message-ID": message_id(n)},
    )
    if n.attachment:
        kind = mimetypes.guess_type(n.attachment_name)[0] or "application/pdf"
        message.attach(n.attachment_name, bytes(n.attachment), kind)
    message.send()


def message_id(n: Notification) -> str:
    """The same for every attempt at one notification: should a send be repeated after a crash
    between the server's acceptance and our "sent" mark, mail systems can recognise the copy."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "keurmerk.invalid"
    return f"<notification-{n.pk}-{n.created_at:%Y%m%d%H%M%S}@{domain}>"


def _mark_sent(n):
    with transaction.atomic():
        n.sent_at = timezone.now()
        n.sending_since = None
        n.last_error = ""
        n.save(update_fields=["sent_at", "sending_since", "last_error"])


def _release(n, *, error):
    with transaction.atomic():
        n.sending_since = None
        n.last_error = error
        n.save(update_fields=["sending_since", "last_error"])


def _with_link(n):
    if not n.url:
        return n.body
    return f"{n.body}\n\n{settings.SITE_URL.rstrip('/')}{n.url}"


def retry_unsent(*, older_than: timedelta = timedelta(minutes=2)) -> int:
    """Enqueue every unsent notification that should have gone out by now, including those whose
    sender's claim lapsed (a killed worker). Idempotent: a duplicate task finds the row sent."""
    now = timezone.now()
    ids = list(
        Notification.objects.filter(sent_at=None, attempts__lt=MAX_ATTEMPTS)
        .filter(
            Q(sending_since=None, created_at__lt=now - older_than) | Q(sending_since__lt=_lease_cutoff(now))
        )
        .values_list("pk", flat=True)
    )
    for pk in ids:
        _enqueue(pk)
    return len(ids)


def recover_stale_tasks() -> int:
    """Put tasks back in the queue that a killed worker left RUNNING (django-tasks' database
    backend never does): RUNNING for longer than settings.TASK_LEASE seconds. Our tasks are
    idempotent, so one that is in fact still running does no harm when it runs a second time
    (a notification stays claimed by its sender until NOTIFICATION_SEND_LEASE lapses)."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(seconds=settings.TASK_LEASE)
    with transaction.atomic():
        return (
            DBTaskResult.objects.running()
            .filter(started_at__lt=cutoff)
            .update(status=TaskResultStatus.READY, started_at=None)
        )


def mark_read(*, user, notification_ids=None):
    qs = Notification.objects.filter(user=user, read_at=None)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
