"""Reads of the sample for the staff pages and the holder's page."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from keurmerk.cycles.models import Cycle
from keurmerk.lib import draws
from keurmerk.organisations.models import OrganisationType

from .models import SampleConversation, SampleDraw
from .services import FIRST, RETURNING, stratum_of

RETURNING_LABELS = {FIRST: _("eerste jaar"), RETURNING: _("terugkerend")}


def stratum_label(name: str) -> str:
    """ "instelling/returning" → "Instelling, terugkerend"; "" → "alle keurmerkdragers"."""
    if not name:
        return str(_("alle keurmerkdragers"))
    labels = dict(OrganisationType.choices) | RETURNING_LABELS
    return ", ".join(str(labels.get(part, part)) for part in name.split("/"))


def strata_table(candidates, *, size, share, by_type, by_returning):
    """Per stratum: its label, the number of candidates and the number that will be drawn."""
    counts: dict[str, int] = {}
    for candidate in candidates:
        name = stratum_of(candidate, by_type=by_type, by_returning=by_returning)
        counts[name] = counts.get(name, 0) + 1
    total = draws.size_for(count=len(candidates), size=size, share=share)
    shares = draws.allocate(counts, total)
    return [
        {"label": stratum_label(name), "candidates": counts[name], "drawn": shares[name]}
        for name in sorted(counts)
    ]


def draws_of_cycle(cycle):
    """The cycle's draws, newest first, with their conversations and organisations."""
    conversations = SampleConversation.objects.select_related("organisation").order_by("organisation__name")
    return list(
        SampleDraw.objects.filter(cycle=cycle)
        .select_related("drawn_by")
        .prefetch_related(Prefetch("conversations", queryset=conversations))
        .order_by("-number")
    )


def cycles_with_draws():
    """Every cycle with its number of draws and its current draw's size (the index page)."""
    cycles = list(Cycle.objects.order_by("-year"))
    current: dict[int, SampleDraw] = {}
    for draw in SampleDraw.objects.order_by("cycle_id", "number"):
        current[draw.cycle_id] = draw
    return [{"cycle": cycle, "current": current.get(cycle.pk)} for cycle in cycles]


def conversation_for_holder(participation):
    """The holder's conversation in the current draw of its cycle, or None when it was not drawn."""
    current = SampleDraw.objects.filter(cycle_id=participation.cycle_id).order_by("-number").first()
    if current is None:
        return None
    return (
        current.conversations.filter(organisation_id=participation.organisation_id)
        .select_related("draw")
        .first()
    )
