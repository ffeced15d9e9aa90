"""Dialogue meetings (dialoogbijeenkomsten), handbook hoofdstuk 4, Fase 2 and 3.1.

The scheme owner organises (online) meetings in the autumn and during the self-evaluation where
holders discuss a few criteria; "na deelname heeft een keurmerkdrager zijn individuele toelichting
op de vragen over deze criteria in de zelfevaluatie al klaar". Participation is voluntary.

An organisation registers for a meeting with one or more people (places); when the meeting is full
the registration waits, and a freed place goes to the first waiting one that fits. Attendance is
recorded per registration. A draft written at the meeting before the organisation's
self-evaluation started is kept here (`PendingDraft`) and moves into the self-evaluation when it
starts; afterwards the meeting page writes the self-evaluation's own answers.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keurmerk.cycles.models import Cycle
from keurmerk.frameworks.models import Criterion
from keurmerk.lib.stored_files import StoredFile
from keurmerk.organisations.models import Organisation

MAX_PLACES = 10


class MeetingKind(models.TextChoices):
    INFORMATION = "information", _("Informatiebijeenkomst")
    DIALOGUE = "dialogue", _("Dialoogbijeenkomst")
    WEBINAR = "webinar", _("Webinar")


class Meeting(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=MeetingKind.choices)
    description = models.TextField(_("omschrijving"), blank=True)
    online = models.BooleanField(_("online"), default=True)
    online_link = models.URLField(_("link naar de online bijeenkomst"), blank=True)
    address = models.CharField(_("adres"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"))
    capacity = models.PositiveIntegerField(_("aantal plaatsen"))
    criteria = models.ManyToManyField(Criterion, related_name="+", blank=True, verbose_name=_("criteria"))
    notes = models.TextField(_("verslag"), blank=True)
    notes_updated_at = models.DateTimeField(_("verslag bijgewerkt op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("dialoogbijeenkomst")
        verbose_name_plural = _("dialoogbijeenkomsten")

    def __str__(self):
        return self.title

    def has_started(self, now=None):
        return self.starts_at <= (now or timezone.now())

    def has_ended(self, now=None):
        return self.ends_at <= (now or timezone.now())


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Aangemeld")
    WAITING = "waiting", _("Op de wachtlijst")
    CANCELLED = "cancelled", _("Afgemeld")


class Registration(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="meeting_registrations"
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    places = models.PositiveSmallIntegerField(_("aantal personen"), default=1)
    names = models.TextField(_("namen van de deelnemers"), blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("aangemeld op"))
    cancelled_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=~Q(status="cancelled"),
                name="registration_one_active_per_organisation",
            )
        ]
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")

    def __str__(self):
        return f"{self.organisation} – {self.meeting}"

    @property
    def is_registered(self):
        return self.status == RegistrationStatus.REGISTERED

    @property
    def is_waiting(self):
        return self.status == RegistrationStatus.WAITING

    @property
    def is_attendee(self):
        """Registered and not recorded as absent: shares the notes and drafts at the meeting."""
        return self.is_registered and self.attended is not False


class MeetingFile(StoredFile):
    """An attachment of the meeting's notes, stored privately and served to attendees and staff."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files")

    class Meta(StoredFile.Meta):
        verbose_name = _("bijlage bij het verslag")
        verbose_name_plural = _("bijlagen bij het verslag")


class PendingDraft(models.Model):
    """A draft answer written at a meeting while the organisation's self-evaluation had not started.

    One per organisation, cycle and criterion (meetings about the same criterion share it), with a
    version for optimistic locking like an answer. When the self-evaluation starts, the text goes
    into its answer (`applied_at`, `answer` set) and the meeting page edits that answer instead.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, related_name="+")
    explanation = models.TextField(_("toelichting"), blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    answer = models.ForeignKey(
        "selfevaluations.Answer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "cycle", "criterion"], name="pending_draft_one_per_criterion"
            )
        ]
        verbose_name = _("concepttoelichting")
        verbose_name_plural = _("concepttoelichtingen")

    def __str__(self):
        return f"{self.organisation_id}/{self.criterion_id} v{self.version}"
