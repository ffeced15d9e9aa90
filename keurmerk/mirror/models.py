"""The mirror report (spiegelrapportage): computed figures only.

Raw rows never enter this database: they live per provider in Parquet files under
`settings.MIRROR_DATA_DIR` (see `store.py`). Here are the uploads' summaries, the indicators per
provider and year, and the peer distributions per year (`../shared/DATA.md`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keurmerk.organisations.models import Organisation


class Kind(models.TextChoices):
    TRAJECTORIES = "trajectories", _("Behandeltrajecten")
    CQI = "cqi", _("Cliëntervaring (CQi)")


class Upload(models.Model):
    """An accepted upload: what the summary page shows. Deleted with the provider's data."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="mirror_uploads")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    filename = models.CharField(_("bestandsnaam"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("aangeleverd op"), auto_now_add=True)
    rows_read = models.PositiveIntegerField(_("rijen gelezen"))
    summary = models.JSONField(_("samenvatting"), default=dict)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("aanlevering")
        verbose_name_plural = _("aanleveringen")

    def __str__(self):
        return f"{self.organisation} – {self.get_kind_display()} – {self.uploaded_at:%Y-%m-%d %H:%M}"


class IndicatorValue(models.Model):
    """One indicator of one provider in one year, unrounded. Absent (no row) means null.

    `profile_mix` is stored as one row per profile value, keyed `profile_mix.<value>`.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="mirror_indicators")
    year = models.PositiveSmallIntegerField(_("jaar"))
    key = models.CharField(_("indicator"), max_length=60)
    value = models.FloatField(_("waarde"))

    class Meta:
        ordering = ["organisation_id", "year", "key"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "key"], name="mirror_indicator_unique")
        ]
        indexes = [models.Index(fields=["year", "key"], name="mirror_indicator_year_key")]
        verbose_name = _("indicatorwaarde")
        verbose_name_plural = _("indicatorwaarden")

    def __str__(self):
        return f"{self.organisation_id} {self.year} {self.key}={self.value}"


class PeerStatistic(models.Model):
    """The distribution of one indicator over the peer group of a year (DATA.md, Peer comparison).

    `values` holds the peers' values sorted (no names, no ids beside them) so that a provider's
    percentile rank can be computed; `organisation_ids` says who belongs to the group.
    """

    year = models.PositiveSmallIntegerField(_("jaar"))
    key = models.CharField(_("indicator"), max_length=60)
    n = models.PositiveIntegerField(_("aantal aanbieders"))
    p25 = models.FloatField(null=True, blank=True)
    median = models.FloatField(null=True, blank=True)
    p75 = models.FloatField(null=True, blank=True)
    values = models.JSONField(default=list)
    organisation_ids = models.JSONField(default=list)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "key"]
        constraints = [models.UniqueConstraint(fields=["year", "key"], name="mirror_peer_unique")]
        verbose_name = _("vergelijkingsverdeling")
        verbose_name_plural = _("vergelijkingsverdelingen")

    def __str__(self):
        return f"{self.year} {self.key} n={self.n}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Bezig met inlezen")
    DONE = "done", _("Verwerkt")
    REFUSED = "refused", _("Geweigerd")
    FAILED = "failed", _("Mislukt")


class UploadJob(models.Model):
    """An upload waiting for, or handled by, the background worker (the file itself waits under
    MIRROR_DATA_DIR/work/incoming, never in this database). The progress page follows it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="mirror_jobs")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    filename = models.CharField(_("bestandsnaam"), max_length=255, blank=True)
    incoming = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    problems = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    upload = models.ForeignKey(Upload, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("aanlevering in behandeling")
        verbose_name_plural = _("aanleveringen in behandeling")

    @property
    def is_pending(self):
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def is_refused(self):
        return self.status == JobStatus.REFUSED

    @property
    def is_failed(self):
        return self.status == JobStatus.FAILED
