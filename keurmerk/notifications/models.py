"""The durable outbox: every message to a user is a row here, shown in the app and sent by e-mail
by the background worker (retried on failure, never sent twice).

A row is unsent (`sending_since` and `sent_at` empty), being sent (`sending_since`: a worker claimed
it then; the claim lapses after settings.NOTIFICATION_SEND_LEASE, e.g. when that worker was killed)
or sent (`sent_at`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    email = models.EmailField(_("e-mailadres"))
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"))
    url = models.CharField(_("link in de app"), max_length=300, blank=True)
    kind = models.CharField(_("soort"), max_length=50, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sending_since = models.DateTimeField(_("wordt verstuurd sinds"), null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [models.Index(fields=["sent_at", "attempts"])]

    def __str__(self):
        return self.subject
