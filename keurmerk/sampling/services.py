"""Every write of the sample (steekproef): drawing it and recording the follow-up conversations.

The scheme owner holds follow-up conversations, based on the self-evaluation, with a random sample
of the qualified holders (keurmerkdragers) of a cycle (keurmerkproces). The draw is reproducible:
the seed and the frozen list of candidates are recorded with it, so that anyone can draw again from
them and get the same sample (`draw_reproduces`). It cannot be redrawn silently: a new draw is a new
recorded draw with a reason, and the earlier one stays visible.
"""

import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keurmerk.audit import services as audit
from keurmerk.audit.actions import Action
from keurmerk.cycles.calendar import QUALIFIED_STATES, years_held
from keurmerk.cycles.models import Cycle, Participation
from keurmerk.lib import draws

from .models import SampleConversation, SampleDraw
from .notices import notice_drawn

FIRST, RETURNING = "first", "returning"


def sample_candidates(cycle) -> list[list]:
    """The qualified holders of the cycle as [organisation id, type, "first" | "returning"], sorted
    by id. Returning: the organisation held the mark in an earlier year (`calendar.years_held`)."""
    participations = (
        Participation.objects.filter(cycle=cycle, state__in=QUALIFIED_STATES)
        .select_related("organisation")
        .order_by("organisation_id")
    )
    return [
        [
            p.organisation_id,
            p.organisation.type,
            RETURNING if years_held(p.organisation, before=cycle.year) else FIRST,
        ]
        for p in participations
    ]


def stratum_of(candidate, *, by_type, by_returning) -> str:
    """The stratum a frozen candidate row falls in for the chosen strata ("" without strata)."""
    _pk, kind, returning = candidate
    return "/".join(part for part, chosen in ((kind, by_type), (returning, by_returning)) if chosen)


def drawn_from(draw_row: SampleDraw) -> list[int]:
    """The sample that the draw's recorded seed and candidate list give (the same, every time)."""
    candidates = draw_row.candidates
    strata = {
        c[0]: stratum_of(c, by_type=draw_row.by_type, by_returning=draw_row.by_returning) for c in candidates
    }
    size = draws.size_for(count=len(candidates), size=draw_row.size, share=draw_row.share)
    return draws.draw(seed=draw_row.seed, candidates=[c[0] for c in candidates], size=size, strata=strata)


def draw_reproduces(draw_row: SampleDraw) -> bool:
    return drawn_from(draw_row) == draw_row.drawn


def current_draw(cycle) -> SampleDraw | None:
    return SampleDraw.objects.filter(cycle=cycle).order_by("-number").first()


def _check_draw(cycle, candidates, size, share, reason):
    if (size is None) == (share is None):
        raise ValidationError(_("Geef een aantal of een aandeel op, niet allebei."))
    if share is not None and not Decimal(0) < share <= Decimal(1):
        raise ValidationError(_("Het aandeel ligt tussen 0 en 100 procent."))
    if size is not None and size < 1:
        raise ValidationError(_("Het aantal is ten minste 1."))
    if not candidates:
        raise ValidationError(
            _("Er zijn in dit keurmerkproces nog geen gekwalificeerde keurmerkdragers om uit te trekken.")
        )
    if current_draw(cycle) is not None and not reason.strip():
        raise ValidationError(_("Er is al een steekproef getrokken: geef de reden voor een nieuwe trekking."))


@transaction.atomic
def sample_draw(
    *, cycle, user, size=None, share=None, by_type=False, by_returning=False, reason="", seed=None
):
    """Draw the sample of qualified holders for the follow-up conversations: `size` holders or a
    `share` of them, optionally per type of organisation and per first year or returning. The seed
    and the candidate list are recorded; each drawn holder gets its conversation to plan, and its
    members a notice with the link to their page (sent once the transaction commits)."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)  # one draw at a time per cycle
    candidates = sample_candidates(cycle)
    _check_draw(cycle, candidates, size, share, reason)
    previous = current_draw(cycle)
    row = SampleDraw(
        cycle=cycle,
        number=(previous.number + 1) if previous else 1,
        seed=secrets.randbits(48) if seed is None else seed,
        size=size,
        share=share,
        by_type=by_type,
        by_returning=by_returning,
        candidates=candidates,
        drawn=[],
        drawn_by=user,
        drawn_at=timezone.now(),
        reason=reason.strip(),
    )
    row.drawn = drawn_from(row)
    row.save()
    SampleConversation.objects.bulk_create(
        SampleConversation(draw=row, organisation_id=pk) for pk in row.drawn
    )
    _record_draw(row, user, previous)
    notice_drawn(row)
    return row


def _record_draw(row, user, previous):
    data = {
        "cycle": row.cycle.year,
        "number": row.number,
        "seed": row.seed,
        "candidates": len(row.candidates),
        "drawn": row.drawn,
        "replaces": previous.number if previous else None,
    }
    audit.record(actor=user, action=Action.SAMPLE_DRAWN, obj=row, reason=row.reason, data=data)


@transaction.atomic
def sample_conversation_save(*, conversation, user, planned_on, held_on, notes, follow_up):
    """Plan the follow-up conversation with a drawn holder and record its notes and the follow-up
    agreed (the holder sees the dates and the follow-up on its own page, not the notes)."""
    conversation = SampleConversation.objects.select_for_update().get(pk=conversation.pk)
    conversation.planned_on, conversation.held_on = planned_on, held_on
    conversation.notes, conversation.follow_up = notes, follow_up
    conversation.updated_at, conversation.updated_by = timezone.now(), user
    conversation.save(
        update_fields=["planned_on", "held_on", "notes", "follow_up", "updated_at", "updated_by"]
    )
    audit.record(
        actor=user,
        action=Action.SAMPLE_CONVERSATION_RECORDED,
        obj=conversation,
        organisation=conversation.organisation,
        data={"planned_on": str(planned_on or ""), "held_on": str(held_on or "")},
    )
    return conversation
