"""Qualification is computed: qualified exactly when every required criterion is met."""

from hypothesis import given
from hypothesis import strategies as st

from keurmerk.assessments.rules import is_qualified, open_required

criteria = st.sets(st.integers(min_value=1, max_value=60), max_size=40)
verdict = st.sampled_from([True, False, None])


@given(data=st.data(), ids=criteria)
def test_qualified_iff_every_required_criterion_is_met(data, ids):
    verdicts = {i: data.draw(verdict) for i in ids}
    required = data.draw(st.sets(st.sampled_from(sorted(ids)))) if ids else set()
    expected = all(verdicts[i] is True for i in required)
    assert is_qualified(verdicts, required) is expected
    # optional criteria (not in `required`) never change the outcome
    flipped = {i: (v if i in required else (not v if v is not None else True)) for i, v in verdicts.items()}
    assert is_qualified(flipped, required) is expected
    assert set(open_required(verdicts, required)) == {i for i in required if verdicts[i] is None}


def test_examples():
    assert is_qualified({1: True, 2: True}, {1, 2})
    assert not is_qualified({1: True, 2: False}, {1, 2})
    assert not is_qualified({1: True}, {1, 2})  # an unjudged required criterion is not met
    assert is_qualified({1: True, 2: False}, {1})  # 2 is optional
    assert is_qualified({}, set())
