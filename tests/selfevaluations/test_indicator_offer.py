"""The mirror report's figure is offered for a number answer with an indicator (2022 criterion 4.6:
"gemiddelde behandeltijd in 2021", so for the 2027 cycle the value of 2026), to confirm."""

import pytest

from tests.conftest import client_for

mirror_selectors = pytest.importorskip("keurmerk.mirror.selectors")


def test_offered_value_of_the_year_before_the_cycle(self_evaluation, users, org_a):
    from keurmerk.mirror.models import IndicatorValue

    IndicatorValue.objects.create(organisation=org_a, year=2026, key="direct_minutes_mean", value=612.4)
    IndicatorValue.objects.create(organisation=org_a, year=2027, key="direct_minutes_mean", value=999.0)
    assert mirror_selectors.indicator_value(org_a, 2026, "direct_minutes_mean") == 612.4
    text = client_for(users["member"]).get(f"/zelfevaluatie/{self_evaluation.pk}/").text
    assert "Uit uw spiegelrapportage over 2026: 612,4 minuten." in text
    assert 'data-value="612,4"' in text and "over 2027" not in text


def test_no_value_no_offer(self_evaluation, users):
    text = client_for(users["member"]).get(f"/zelfevaluatie/{self_evaluation.pk}/").text
    assert "Uit uw spiegelrapportage" not in text
