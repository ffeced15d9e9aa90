"""Self-evaluations (zelfevaluaties), handbook Fase 3.1 and 3.3.

A participation has at most two: round 1, the self-evaluation, and round 2, the one revised
version a provider that did not yet qualify may submit (a copy of round 1 to start from). Each has
one answer per criterion of the cycle's framework, created when it starts. A submitted one is
frozen: the services refuse every change (and the answer update itself is conditioned on the draft
status, so a save racing the submission loses).

Answers carry a version number for optimistic locking: every save names the version it started
from, and a save from a stale version is refused instead of overwriting a colleague's text.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keurmerk.cycles.models import Participation
from keurmerk.frameworks.models import Criterion
from keurmerk.lib.stored_files import StoredFile
from keurmerk.lib.validators import big_validator, single_line_validator

MAX_EXPLANATION = 20_000
from keurmerk.lib.uploads import MAX_ATTACHMENT_BYTES  # noqa: E402,F401


class Round(models.IntegerChoices):
    FIRST = 1, _("Zelfevaluatie")
    REVISION = 2, _("Aangepaste zelfevaluatie")


class Status(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SUBMITTED = "submitted", _("Ingediend")


class SelfEvaluation(models.Model):
    participation = models.ForeignKey(
        Participation, on_delete=models.PROTECT, related_name="self_evaluations"
    )
    round = models.PositiveSmallIntegerField(_("ronde"), choices=Round.choices, default=Round.FIRST)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("aanpassing van"),
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("antwoorden overgenomen uit"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filled_in_by = models.CharField(
        _("ingevuld door"), max_length=200, blank=True, validators=[single_line_validator]
    )
    reviewer_name = models.CharField(
        _("naam behandelaar"), max_length=200, blank=True, validators=[single_line_validator]
    )
    reviewer_big = models.CharField(
        _("BIG-nummer behandelaar"), max_length=11, blank=True, validators=[big_validator]
    )

    class Meta:
        ordering = ["participation_id", "round"]
        constraints = [
            models.UniqueConstraint(fields=["participation", "round"], name="selfevaluation_one_per_round")
        ]
        verbose_name = _("zelfevaluatie")
        verbose_name_plural = _("zelfevaluaties")

    def __str__(self):
        return f"{self.get_round_display()} {self.participation}"

    @property
    def is_draft(self):
        return self.status == Status.DRAFT

    @property
    def is_revision(self):
        return self.round == Round.REVISION


class CarryStatus(models.TextChoices):
    NONE = "", _("–")
    CARRIED = "carried", _("overgenomen van vorig jaar")
    CHANGED = "changed", _("criterium gewijzigd t.o.v. vorig jaar")
    NEW = "new", _("nieuw criterium")


class Answer(models.Model):
    self_evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    explanation = models.TextField(_("toelichting"), blank=True)
    number = models.DecimalField(_("getal"), max_digits=12, decimal_places=2, null=True, blank=True)
    urls = models.JSONField(_("webadressen"), default=list, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=0)
    carry_status = models.CharField(max_length=10, choices=CarryStatus.choices, default="", blank=True)
    updated_at = models.DateTimeField(_("laatst opgeslagen"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]  # created in the framework's order
        constraints = [
            models.UniqueConstraint(fields=["self_evaluation", "criterion"], name="answer_one_per_criterion")
        ]
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")

    def __str__(self):
        return f"{self.self_evaluation_id}/{self.criterion_id} v{self.version}"


class Attachment(StoredFile):
    """An uploaded file, stored under PRIVATE_MEDIA_ROOT by its SHA-256 (so a revision or a carried
    answer shares the file), served only through an access-checked view."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="attachments")
    sha256 = models.CharField(max_length=64)

    class Meta(StoredFile.Meta):
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")


class Message(models.Model):
    """A message in the dialogue thread of a self-evaluation (handbook Fase 3.3, ‘Dialoog’)."""

    self_evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="messages")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("bericht"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")

    def __str__(self):
        return self.text[:60]
