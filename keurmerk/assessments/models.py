"""Assessment outcomes and their consequences: certificates (keurmerkcertificaat)."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from keurmerk.cycles.models import Participation

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read aloud and type


def new_certificate_code():
    """16 random characters from a 32-letter alphabet (80 bits): not guessable, easy to type."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


# The revocation status list (Bitstring Status List) has this many bits, the minimum that standard
# asks for so that one certificate's place in it tells nothing about the holder; each certificate
# gets a random free place when it is issued (`assessments.states._certificate_for`).
STATUS_LIST_SIZE = 131_072


class Certificate(models.Model):
    participation = models.OneToOneField(Participation, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(_("verificatiecode"), max_length=19, unique=True, default=new_certificate_code)
    issued_at = models.DateTimeField(_("uitgegeven op"), auto_now_add=True)
    valid_from = models.DateField(_("geldig vanaf"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    status_list_index = models.PositiveIntegerField(
        _("plaats in de statuslijst"), unique=True, null=True, editable=False
    )

    class Meta:
        verbose_name = _("keurmerkcertificaat")
        verbose_name_plural = _("keurmerkcertificaten")

    def __str__(self):
        return self.code


class Assessment(models.Model):
    """The scheme owner's assessment (beoordeling) of one submitted self-evaluation version."""

    self_evaluation = models.OneToOneField(
        "selfevaluations.SelfEvaluation", on_delete=models.PROTECT, related_name="assessment"
    )
    assessor = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="assessments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")

    def __str__(self):
        return f"Beoordeling {self.self_evaluation_id}"

    @property
    def is_sent(self):
        return hasattr(self, "report")


class Verdict(models.Model):
    """Per criterion: met / not met with an explanation; optional criteria take feedback only."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="verdicts")
    criterion = models.ForeignKey("frameworks.Criterion", on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField(_("voldaan"), null=True, blank=True)
    explanation = models.TextField(_("toelichting"), blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        unique_together = [("assessment", "criterion")]


class NormSummary(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="summaries")
    norm = models.ForeignKey("frameworks.Norm", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("samenvatting"), blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        unique_together = [("assessment", "norm")]


class Report(models.Model):
    """The Keurmerkrapportage: frozen when sent. `content` holds the state it was based on (norms,
    criteria, answers, verdicts and explanations as they were), so it never changes afterwards."""

    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="report")
    participation = models.ForeignKey(Participation, on_delete=models.PROTECT, related_name="reports")
    round = models.PositiveSmallIntegerField(_("ronde"))
    qualified = models.BooleanField(_("gekwalificeerd"))
    sent_at = models.DateTimeField(_("verstuurd op"))
    sent_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    content = models.JSONField()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("keurmerkrapportage")
        verbose_name_plural = _("keurmerkrapportages")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A sent report never changes.")
        super().save(*args, **kwargs)


class SecondAssessmentDraw(models.Model):
    """A recorded draw of the self-evaluations of a cycle that get a second assessor: the seed and
    the frozen list of candidate self-evaluations (`lib.draws`), who drew it and when."""

    cycle = models.ForeignKey(
        "cycles.Cycle", on_delete=models.PROTECT, related_name="second_assessment_draws"
    )
    seed = models.PositiveBigIntegerField(_("zaad (seed)"))
    share = models.DecimalField(_("aandeel"), max_digits=4, decimal_places=3)
    candidates = models.JSONField(_("kandidaten"))  # self-evaluation ids, sorted
    drawn = models.JSONField(_("getrokken"))  # self-evaluation ids, sorted
    drawn_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(_("getrokken op"))

    class Meta:
        ordering = ["-drawn_at"]
        verbose_name = _("trekking tweede beoordeling")
        verbose_name_plural = _("trekkingen tweede beoordeling")


class SecondAssessment(models.Model):
    """A second, independent assessment (tweede beoordeling) of a submitted self-evaluation.

    Blind until both are finished: the second assessor does not see the first assessor's verdicts and
    the first does not see the second's (`access.py`). When the first assessor finishes, the first
    verdicts are copied into `first_verdicts`, so that the calibration conversation and the agreement
    figures compare the two independent judgements, not what calibration made of them. The first
    assessor's report is what is sent, unless the calibration records that the two agreed otherwise
    on a criterion (`calibration`: criterion id → "first" | "second")."""

    self_evaluation = models.OneToOneField(
        "selfevaluations.SelfEvaluation", on_delete=models.PROTECT, related_name="second_assessment"
    )
    assessor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="second_assessments")
    draw = models.ForeignKey(
        SecondAssessmentDraw, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("toegewezen op"))
    finished_at = models.DateTimeField(_("tweede beoordeling afgerond op"), null=True, blank=True)
    first_finished_at = models.DateTimeField(_("eerste beoordeling afgerond op"), null=True, blank=True)
    first_verdicts = models.JSONField(default=dict)  # {criterion id: True/False/None} when the first finished
    calibrated_at = models.DateTimeField(_("kalibratie vastgelegd op"), null=True, blank=True)
    calibrated_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    calibration = models.JSONField(default=dict)
    calibration_note = models.TextField(_("verslag van het kalibratiegesprek"), blank=True)

    class Meta:
        verbose_name = _("tweede beoordeling")
        verbose_name_plural = _("tweede beoordelingen")

    def __str__(self):
        return f"Tweede beoordeling {self.self_evaluation_id}"

    @property
    def both_finished(self):
        return self.finished_at is not None and self.first_finished_at is not None

    @property
    def is_calibrated(self):
        return self.calibrated_at is not None


class SecondVerdict(models.Model):
    """The second assessor's verdict on one criterion: met / not met with an explanation."""

    second = models.ForeignKey(SecondAssessment, on_delete=models.CASCADE, related_name="verdicts")
    criterion = models.ForeignKey("frameworks.Criterion", on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField(_("voldaan"), null=True, blank=True)
    explanation = models.TextField(_("toelichting"), blank=True)

    class Meta:
        unique_together = [("second", "criterion")]
