"""The yearly cycle (keurmerkproces), its phase dates, the agreement text, participations and their
states and extensions. The audit log lives in `keurmerk.audit`."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from keurmerk.frameworks.models import Framework
from keurmerk.organisations.models import Organisation


class Cycle(models.Model):
    """One year of the Keurmerk; the dates follow the handbook's pattern (Fase 1–4) by default."""

    year = models.PositiveSmallIntegerField(_("jaar"), unique=True)
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="cycles")
    norms_public = models.DateField(_("normen openbaar"))
    application_opens = models.DateField(_("aanmelding open"))
    application_closes = models.DateField(_("aanmelding sluit"))
    selfevaluation_opens = models.DateField(_("zelfevaluatie open"))
    selfevaluation_closes = models.DateField(_("zelfevaluatie uiterlijk"))
    first_report_due = models.DateField(_("keurmerkrapportage uiterlijk"))
    revision_opens = models.DateField(_("aanpassing open"))
    revision_closes = models.DateField(_("aanpassing uiterlijk"))
    final_report_due = models.DateField(_("eindrapportage uiterlijk"))
    withdrawal_effective = models.DateField(_("intrekking per"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("keurmerkproces")
        verbose_name_plural = _("keurmerkprocessen")

    def __str__(self):
        return f"Keurmerkproces {self.year}"

    def clean(self):
        order = [
            "application_opens",
            "application_closes",
            "selfevaluation_opens",
            "selfevaluation_closes",
            "first_report_due",
            "revision_opens",
            "revision_closes",
            "final_report_due",
        ]
        errors = {}
        for earlier, later in zip(order, order[1:], strict=False):
            a, b = getattr(self, earlier), getattr(self, later)
            if a and b and a > b:
                errors[later] = _("Deze datum moet na ‘%(field)s’ liggen.") % {
                    "field": self._meta.get_field(earlier).verbose_name
                }
        if errors:
            raise ValidationError(errors)


class AgreementVersion(models.Model):
    """The agreement text of a cycle; every edit makes a new version, signatures point to one."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="agreement_versions")
    version = models.PositiveSmallIntegerField()
    text = models.TextField(_("tekst van de overeenkomst"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        ordering = ["-version"]
        unique_together = [("cycle", "version")]
        verbose_name = _("versie overeenkomst")
        verbose_name_plural = _("versies overeenkomst")

    @property
    def fingerprint(self):
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


class State(models.TextChoices):
    OFFERED = "offered", _("Overeenkomst aangeboden")
    APPLIED = "applied", _("Aangemeld")
    SIGNED = "signed", _("Overeenkomst getekend")
    SUBMITTED = "submitted", _("Zelfevaluatie ingediend")
    QUALIFIED = "qualified", _("Gekwalificeerd")
    NOT_QUALIFIED = "not_qualified", _("Nog niet gekwalificeerd")
    REVISION_SUBMITTED = "revision_submitted", _("Aangepaste zelfevaluatie ingediend")
    AWARDED = "awarded", _("Keurmerk toegekend")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class Participation(models.Model):
    """An organisation's participation (deelname) in one cycle."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="participations")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="participations")
    state = models.CharField(_("status"), max_length=30, choices=State.choices)
    is_returning = models.BooleanField(_("keurmerkdrager vorig jaar"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    state_changed_at = models.DateTimeField(auto_now_add=True)
    agreement_version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT, null=True, blank=True)
    agreement_fingerprint = models.CharField(max_length=64, blank=True)
    signer_name = models.CharField(_("naam ondertekenaar"), max_length=200, blank=True)
    signer_role = models.CharField(_("functie ondertekenaar"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("getekend op"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agreement_dissolved_at = models.DateTimeField(_("overeenkomst ontbonden op"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        unique_together = [("organisation", "cycle")]
        verbose_name = _("deelname")
        verbose_name_plural = _("deelnames")

    def __str__(self):
        return f"{self.organisation} – {self.cycle.year}"


class Phase(models.TextChoices):
    APPLICATION = "application", _("Aanmelding en ondertekening")
    SELFEVALUATION = "selfevaluation", _("Zelfevaluatie")
    REVISION = "revision", _("Aanpassing zelfevaluatie")


class Extension(models.Model):
    """An administrator's extension of one phase's deadline for one participation, with reason."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="extensions")
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices)
    until = models.DateField(_("verlengd tot en met"))
    reason = models.TextField(_("reden"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("verlenging")
        verbose_name_plural = _("verlengingen")
