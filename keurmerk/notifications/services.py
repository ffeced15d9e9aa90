"""Queue and deliver notifications.

`notify` writes the outbox row inside the caller's transaction and asks the worker to send it once
that transaction commits; `deliver` sends one row at most once (the row is locked and marked sent
in the same transaction). `retry_unsent` (run by `tick`) picks up rows whose sending failed.
"""

import logging
import mimetypes
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def notify(*, email, subject, body, user=None, url="", kind="", dedupe_key=None, attachment=None):
    """Queue a message; with a `dedupe_key` the same message is never queued twice.

    `attachment` is an optional (filename, bytes) pair, e.g. a PDF.
    """
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


def deliver(notification_id):
    """Send one notification by e-mail unless it was already sent. Returns True when sent now."""
    with transaction.atomic():
        n = Notification.objects.select_for_update().filter(pk=notification_id, sent_at=None).first()
        if n is None:
            return False
        n.attempts += 1
        try:
            message = EmailMessage(n.subject, _with_link(n), settings.DEFAULT_FROM_EMAIL, [n.email])
            if n.attachment:
                kind = mimetypes.guess_type(n.attachment_name)[0] or "application/pdf"
                message.attach(n.attachment_name, bytes(n.attachment), kind)
            message.send()
        except Exception as exc:  # noqa: BLE001 - any failure: keep the row for a retry
            log.warning("Sending notification %s failed: %s", n.pk, exc)
            n.last_error = str(exc)[:2000]
            n.save(update_fields=["attempts", "last_error"])
            return False
        n.sent_at = timezone.now()
        n.save(update_fields=["attempts", "sent_at", "last_error"])
        return True


def _with_link(n):
    if not n.url:
        return n.body
    return f"{n.body}\n\n{settings.SITE_URL.rstrip('/')}{n.url}"


def retry_unsent(*, older_than=timedelta(minutes=2)):
    """Enqueue every unsent notification that should have gone out by now. Idempotent."""
    cutoff = timezone.now() - older_than
    ids = list(
        Notification.objects.filter(
            sent_at=None, attempts__lt=MAX_ATTEMPTS, created_at__lt=cutoff
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        _enqueue(pk)
    return len(ids)


def mark_read(*, user, notification_ids=None):
    qs = Notification.objects.filter(user=user, read_at=None)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
