"""Complaints (klachten) against withdrawal or non-award, and formal objections (bezwaar).

Handbook, Klachtenprocedure: taken into processing within five working days, the provider informed
of the outcome within ten working days of filing; the director may ask for more information.
Deadlines are derived from the filing date (Dutch working days), never stored.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keurmerk.cycles.models import Participation
from keurmerk.lib.dates import add_working_days, end_of_day, local_today

TAKE_IN_WORKING_DAYS = 5
DECIDE_WORKING_DAYS = 10


class ComplaintStatus(models.TextChoices):
    FILED = "filed", _("Ingediend")
    IN_PROCESSING = "in_processing", _("In behandeling")
    INFO_REQUESTED = "info_requested", _("Informatie gevraagd")
    UPHELD = "upheld", _("Gegrond: besluit herzien")
    NOT_UPHELD = "not_upheld", _("Ongegrond")


class Complaint(models.Model):
    participation = models.ForeignKey(Participation, on_delete=models.PROTECT, related_name="complaints")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(_("ingediend op"))
    text = models.TextField(_("klacht"))
    status = models.CharField(
        _("status"), max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.FILED
    )
    taken_in_at = models.DateTimeField(_("in behandeling genomen op"), null=True, blank=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.TextField(_("motivering van het besluit"), blank=True)

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = _("klacht")
        verbose_name_plural = _("klachten")

    def __str__(self):
        return f"Klacht {self.participation.organisation} {self.filed_at:%d-%m-%Y}"

    @property
    def filed_on(self):
        return local_today(self.filed_at)

    @property
    def take_in_due(self):
        return add_working_days(self.filed_on, TAKE_IN_WORKING_DAYS)

    @property
    def decision_due(self):
        return add_working_days(self.filed_on, DECIDE_WORKING_DAYS)

    def take_in_overdue(self, now):
        return self.taken_in_at is None and now >= end_of_day(self.take_in_due)

    def decision_overdue(self, now):
        return self.decided_at is None and now >= end_of_day(self.decision_due)


class ComplaintMessage(models.Model):
    """A request for more information by the director, or the provider's answer."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    is_request = models.BooleanField(default=False)
    text = models.TextField(_("bericht"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class ComplaintAttachment(models.Model):
    """A file with the complaint itself, or (with `message`) with the provider's answer to a question."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        ComplaintMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    path = models.CharField(max_length=300)
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)


class ObjectionStatus(models.TextChoices):
    LODGED = "lodged", _("Bezwaar aangetekend")
    UPHELD = "upheld", _("Bezwaar gegrond: besluit herzien")
    REJECTED = "rejected", _("Bezwaar ongegrond")


class Objection(models.Model):
    """A formal objection after a complaint was not upheld."""

    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="objection")
    lodged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lodged_at = models.DateTimeField(_("aangetekend op"))
    text = models.TextField(_("bezwaar"))
    status = models.CharField(
        _("status"), max_length=20, choices=ObjectionStatus.choices, default=ObjectionStatus.LODGED
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.TextField(_("motivering"), blank=True)

    class Meta:
        verbose_name = _("bezwaar")
        verbose_name_plural = _("bezwaren")
