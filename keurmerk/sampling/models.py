"""The sample (steekproef) of qualified holders for follow-up conversations, and those conversations.

A draw is recorded whole: the seed, the frozen list of candidates it drew from (with the stratum each
candidate was in at that moment), how many or which share, who drew it and when. A new draw never
replaces an old one silently: it is a new row with its own number and a reason, and the old one stays
visible. The draw of a cycle with the highest number is the current one.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from keurmerk.cycles.models import Cycle
from keurmerk.lib.numbers import format_percentage_nl
from keurmerk.organisations.models import Organisation


class SampleDraw(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="sample_draws")
    number = models.PositiveSmallIntegerField(_("trekking"))
    seed = models.PositiveBigIntegerField(_("zaad (seed)"))
    size = models.PositiveIntegerField(_("aantal"), null=True, blank=True)
    share = models.DecimalField(_("aandeel"), max_digits=4, decimal_places=3, null=True, blank=True)
    by_type = models.BooleanField(_("per soort organisatie"), default=False)
    by_returning = models.BooleanField(_("per eerste jaar of terugkerend"), default=False)
    # [[organisation id, organisation type, "first" | "returning"], …] sorted by id, as drawn from
    candidates = models.JSONField(_("kandidaten"))
    drawn = models.JSONField(_("getrokken"))  # organisation ids, sorted
    drawn_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(_("getrokken op"))
    reason = models.TextField(_("reden"), blank=True)

    class Meta:
        ordering = ["cycle", "-number"]
        unique_together = [("cycle", "number")]
        verbose_name = _("steekproef")
        verbose_name_plural = _("steekproeven")

    def __str__(self):
        return f"Steekproef {self.cycle.year} #{self.number}"

    @property
    def share_text(self):
        """The share as a Dutch percentage ("12,5%"), or "" when a number was drawn."""
        return "" if self.share is None else format_percentage_nl(self.share)


class SampleConversation(models.Model):
    """The follow-up conversation with one drawn holder: planned date, the scheme owner's notes
    (for staff only) and the follow-up agreed with the holder (which the holder sees)."""

    draw = models.ForeignKey(SampleDraw, on_delete=models.PROTECT, related_name="conversations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="sample_conversations"
    )
    planned_on = models.DateField(_("gepland op"), null=True, blank=True)
    held_on = models.DateField(_("gevoerd op"), null=True, blank=True)
    notes = models.TextField(_("aantekeningen"), blank=True)
    follow_up = models.TextField(_("afspraken en vervolg"), blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name"]
        unique_together = [("draw", "organisation")]
        verbose_name = _("steekproefgesprek")
        verbose_name_plural = _("steekproefgesprekken")

    def __str__(self):
        return f"{self.organisation} – {self.draw}"
