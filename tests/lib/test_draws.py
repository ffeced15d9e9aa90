"""The reproducible draw: same seed and list, same sample; strata get their proportional share."""

from decimal import Decimal

from keurmerk.lib.draws import allocate, draw, size_for

CANDIDATES = list(range(101, 141))


def test_same_seed_same_list_same_sample_whatever_the_order():
    first = draw(seed=20270412, candidates=CANDIDATES, size=8)
    again = draw(seed=20270412, candidates=list(reversed(CANDIDATES)), size=8)
    assert first == again and len(first) == 8 and set(first) <= set(CANDIDATES)
    assert first == sorted(first)


def test_another_seed_gives_another_sample():
    assert draw(seed=1, candidates=CANDIDATES, size=8) != draw(seed=2, candidates=CANDIDATES, size=8)


def test_the_size_is_capped_by_the_list():
    assert draw(seed=3, candidates=[5, 6], size=10) == [5, 6]
    assert draw(seed=3, candidates=[], size=10) == []


def test_share_rounds_half_up_and_takes_at_least_one():
    assert size_for(count=40, share=Decimal("0.25")) == 10
    assert size_for(count=10, share=Decimal("0.25")) == 3  # 2.5 → 3
    assert size_for(count=3, share=Decimal("0.01")) == 1
    assert size_for(count=0, share=Decimal("0.5")) == 0
    assert size_for(count=4, size=9) == 4


def test_strata_get_their_proportional_share():
    strata = {pk: ("instelling" if pk < 111 else "vrijgevestigd") for pk in CANDIDATES}  # 10 and 30
    sample = draw(seed=7, candidates=CANDIDATES, size=8, strata=strata)
    assert sum(1 for pk in sample if strata[pk] == "instelling") == 2
    assert sum(1 for pk in sample if strata[pk] == "vrijgevestigd") == 6
    assert sample == draw(seed=7, candidates=CANDIDATES, size=8, strata=strata)


def test_largest_remainder_allocation():
    assert allocate({"a": 1, "b": 1, "c": 1}, 2) == {"a": 1, "b": 1, "c": 0}
    assert allocate({"a": 5, "b": 3}, 4) == {"a": 3, "b": 1}  # 2.5 / 1.5: tie goes to "a"
    assert allocate({}, 3) == {}
