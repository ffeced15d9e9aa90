"""Drawing the sample (steekproef) and recording the follow-up conversations."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from keurmerk.audit.models import AuditEvent
from keurmerk.sampling.models import SampleConversation, SampleDraw
from keurmerk.sampling.services import (
    FIRST,
    RETURNING,
    draw_reproduces,
    drawn_from,
    sample_candidates,
    sample_conversation_save,
    sample_draw,
)


def test_the_candidates_are_the_qualified_holders_with_their_strata(cycle, holders, org_a, org_b):
    candidates = sample_candidates(cycle)
    assert [c[0] for c in candidates] == sorted(o.pk for o in holders)
    by_id = {c[0]: c for c in candidates}
    assert by_id[org_a.pk] == [org_a.pk, "vrijgevestigd", RETURNING]
    assert by_id[org_b.pk] == [org_b.pk, "instelling", FIRST]


def test_a_draw_is_recorded_whole_and_reproduces(cycle, holders, users):
    admin = users["administrator"]
    row = sample_draw(cycle=cycle, user=admin, size=4, seed=424242)
    assert row.number == 1 and row.seed == 424242 and len(row.drawn) == 4
    assert row.candidates == sample_candidates(cycle) and row.drawn_by == admin
    assert draw_reproduces(row)
    # the same seed and the same list give the same sample, also drawn again from what is stored
    stored = SampleDraw.objects.get(pk=row.pk)
    assert drawn_from(stored) == row.drawn
    assert (
        sorted(SampleConversation.objects.filter(draw=row).values_list("organisation_id", flat=True))
        == row.drawn
    )
    event = AuditEvent.objects.get(action="sample_drawn")
    assert (
        event.data["seed"] == 424242 and event.data["drawn"] == row.drawn and event.data["candidates"] == 12
    )


def test_the_same_seed_on_another_cycle_with_the_same_list_gives_the_same_sample(cycle, holders, users):
    first = sample_draw(cycle=cycle, user=users["administrator"], share=Decimal("0.25"), seed=7)
    second = sample_draw(
        cycle=cycle, user=users["administrator"], share=Decimal("0.25"), seed=7, reason="Controle"
    )
    assert first.drawn == second.drawn and len(first.drawn) == 3  # 25 % of 12


def test_a_new_draw_needs_a_reason_and_leaves_the_old_one(cycle, holders, users):
    admin = users["administrator"]
    first = sample_draw(cycle=cycle, user=admin, size=3)
    with pytest.raises(ValidationError, match="reden"):
        sample_draw(cycle=cycle, user=admin, size=3, reason="  ")
    assert SampleDraw.objects.count() == 1
    second = sample_draw(cycle=cycle, user=admin, size=5, reason="Twee getrokken organisaties fuseren.")
    assert (second.number, second.reason) == (2, "Twee getrokken organisaties fuseren.")
    assert SampleDraw.objects.filter(pk=first.pk).exists()
    assert SampleConversation.objects.filter(draw=first).count() == 3


def test_strata_by_type_and_returning(cycle, holders, users):
    row = sample_draw(
        cycle=cycle, user=users["administrator"], size=6, by_type=True, by_returning=True, seed=99
    )
    strata = {c[0]: (c[1], c[2]) for c in row.candidates}
    drawn = [strata[pk] for pk in row.drawn]
    # 12 candidates: instelling 5 (1 returning), vrijgevestigd 7 (4 returning); half of each stratum
    assert drawn.count(("vrijgevestigd", RETURNING)) == 2
    assert sum(1 for kind, _ in drawn if kind == "instelling") in (2, 3)
    assert draw_reproduces(row)


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({}, "aantal of een aandeel"),
        ({"size": 2, "share": Decimal("0.5")}, "aantal of een aandeel"),
        ({"share": Decimal("1.5")}, "tussen 0 en 100"),
        ({"size": 0}, "ten minste 1"),
    ],
)
def test_bad_draws_are_refused_and_nothing_is_saved(cycle, holders, users, arguments, message):
    with pytest.raises(ValidationError, match=message):
        sample_draw(cycle=cycle, user=users["administrator"], **arguments)
    assert not SampleDraw.objects.exists() and not AuditEvent.objects.filter(action="sample_drawn").exists()


def test_no_draw_without_qualified_holders(cycle, users):
    with pytest.raises(ValidationError, match="gekwalificeerde"):
        sample_draw(cycle=cycle, user=users["administrator"], size=2)


def test_recording_a_conversation(cycle, holders, users):
    import datetime

    row = sample_draw(cycle=cycle, user=users["administrator"], size=2)
    conversation = row.conversations.first()
    sample_conversation_save(
        conversation=conversation,
        user=users["assessor"],
        planned_on=datetime.date(2027, 5, 3),
        held_on=None,
        notes="Intern",
        follow_up="Vervolg in september.",
    )
    conversation.refresh_from_db()
    assert (conversation.follow_up, conversation.updated_by) == ("Vervolg in september.", users["assessor"])
    event = AuditEvent.objects.get(action="sample_conversation_recorded")
    assert event.organisation_id == conversation.organisation_id
