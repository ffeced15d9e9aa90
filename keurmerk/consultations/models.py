"""Consultation rounds (consultatie) on a concept framework: invitees with a personal link, their
responses (scores per norm and aspect on the 7-point scale, comments) and the scheme owner's
disposition (afweging) of every comment.

Scores and comments refer to norms and criteria by their stable `key`, not by foreign key: the
results stay readable if the concept is corrected after the round (a concept's norms are replaced
on re-import). The round's state (gepland, open, gesloten, vastgesteld) is computed from its dates,
an early close and the adoption date; it is never stored.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keurmerk.frameworks.models import Framework
from keurmerk.lib.dates import end_of_day, start_of_day

SCALE = range(1, 8)  # the 7-point scale: 1 "nee, helemaal niet" … 7 "ja, zeer goed"


class InviteeType(models.TextChoices):
    HOLDER = "keurmerkdrager", _("Keurmerkdrager")
    INSURER = "zorgverzekeraar", _("Zorgverzekeraar")
    BRANCH = "brancheorganisatie", _("Brancheorganisatie")
    KNOWLEDGE = "kennisinstituut", _("Kennisinstituut")
    OTHER = "overig", _("Overig")


class Aspect(models.TextChoices):
    """The four aspects on which every norm is scored (2024: chapter 3 of the consultation report)."""

    STIMULATING = "stimulerend", _("Stimulerend")
    PROGRESSIVE = "vooruitstrevend", _("Vooruitstrevend")
    CLEAR = "duidelijk", _("Duidelijk")
    FEASIBLE = "haalbaar", _("Haalbaar")


class RoundState(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Gesloten")
    ADOPTED = "adopted", _("Vastgesteld")


def new_token():
    """An unguessable personal link token (256 bits, URL-safe, always 43 characters)."""
    return secrets.token_urlsafe(32)


class ConsultationRound(models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="consultation_rounds", verbose_name=_("normenkader")
    )
    opens_on = models.DateField(_("opent op"))
    closes_on = models.DateField(_("sluit na"), help_text=_("Reacties kunnen tot en met deze dag."))
    introduction = models.TextField(_("inleiding"), blank=True)
    closed_at = models.DateTimeField(_("eerder gesloten op"), null=True, blank=True)
    adopted_on = models.DateField(_("vastgesteld door het bestuur op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("consultatieronde")
        verbose_name_plural = _("consultatierondes")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="consultation_round_period_order"
            ),
        ]

    def __str__(self):
        return f"Consultatie {self.framework.name}"

    def state_at(self, now=None):
        """Adopted once the board's date is recorded; otherwise by the period (Amsterdam days)."""
        now = now or timezone.now()
        if self.adopted_on is not None:
            return RoundState.ADOPTED
        if self.closed_at is not None and now >= self.closed_at:
            return RoundState.CLOSED
        if now < start_of_day(self.opens_on):
            return RoundState.PLANNED
        if now < end_of_day(self.closes_on):
            return RoundState.OPEN
        return RoundState.CLOSED

    @property
    def state(self):
        return self.state_at()

    def get_state_display(self):
        return RoundState(self.state).label

    def accepts_responses(self, now=None):
        return self.state_at(now) == RoundState.OPEN


class Invitee(models.Model):
    round = models.ForeignKey(ConsultationRound, on_delete=models.CASCADE, related_name="invitees")
    organisation = models.CharField(_("organisatie"), max_length=200)
    type = models.CharField(_("type"), max_length=30, choices=InviteeType.choices)
    email = models.EmailField(_("e-mailadres"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "email"]
        verbose_name = _("genodigde")
        verbose_name_plural = _("genodigden")
        constraints = [
            models.UniqueConstraint(fields=["round", "email"], name="consultation_invitee_once_per_round"),
        ]

    def __str__(self):
        return f"{self.organisation} <{self.email}>"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SUBMITTED = "submitted", _("Verstuurd")


class Response(models.Model):
    """One invitee's answers. One per invitee (the one-to-one field is a unique index, so two
    simultaneous first submissions cannot create two); `version` refuses silent overwrites."""

    invitee = models.OneToOneField(Invitee, on_delete=models.CASCADE, related_name="response")
    status = models.CharField(
        _("status"), max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")

    def __str__(self):
        return f"Reactie {self.invitee}"

    @property
    def is_submitted(self):
        return self.status == ResponseStatus.SUBMITTED


class Score(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="scores")
    norm_key = models.SlugField(_("norm"), max_length=80)
    aspect = models.CharField(_("aspect"), max_length=20, choices=Aspect.choices)
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(7)]
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "norm_key", "aspect"], name="consultation_score_once_per_aspect"
            ),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=7), name="consultation_score_1_to_7"),
        ]


class Comment(models.Model):
    """A comment on the whole framework (no norm), on a norm, or on one of its criteria."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="comments")
    norm_key = models.SlugField(_("norm"), max_length=80, blank=True)
    criterion_key = models.SlugField(_("kwalificatiecriterium"), max_length=80, blank=True)
    text = models.TextField(_("opmerking"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("opmerking")
        verbose_name_plural = _("opmerkingen")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "norm_key", "criterion_key"], name="consultation_comment_once_per_subject"
            ),
            models.CheckConstraint(
                condition=Q(criterion_key="") | ~Q(norm_key=""),
                name="consultation_comment_criterion_has_norm",
            ),
        ]

    @property
    def is_general(self):
        return not self.norm_key


class DispositionKind(models.TextChoices):
    ADOPTED = "overgenomen", _("Overgenomen")
    PARTLY = "deels_overgenomen", _("Deels overgenomen")
    NOT_ADOPTED = "niet_overgenomen", _("Niet overgenomen")
    NOTED = "ter_kennisname", _("Ter kennisname")


class Disposition(models.Model):
    """The scheme owner's weighing of one comment (2024: chapter 4 of the consultation report)."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="disposition")
    kind = models.CharField(_("afweging"), max_length=20, choices=DispositionKind.choices)
    explanation = models.TextField(_("toelichting"), blank=True)
    version = models.PositiveIntegerField(default=1)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    # The change in the concept this comment led to: a norm or criterion of the change overview
    # (`frameworks.changes`), named by its subject ("norm" | "criterion") and stable key; blank: none.
    change_subject = models.CharField(_("wijziging: onderdeel"), max_length=20, blank=True)
    change_key = models.SlugField(_("wijziging: sleutel"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("afweging")
        verbose_name_plural = _("afwegingen")

    @property
    def change_ref(self):
        """ "criterion:<key>" or "norm:<key>", the value of the form's choice; "" without a change."""
        return f"{self.change_subject}:{self.change_key}" if self.change_key else ""
