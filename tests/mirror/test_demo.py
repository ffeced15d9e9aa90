"""The demo data: a generated year for every organisation, loaded idempotently."""

import io

import pytest

from keurmerk.lib.dates import local_today
from keurmerk.mirror import demo
from keurmerk.mirror.models import IndicatorValue, Upload
from keurmerk.mirror.selectors import indicator_value

pytestmark = pytest.mark.django_db


def test_nothing_without_organisations():
    out = io.StringIO()
    demo.load(out)
    assert out.getvalue() == "" and not Upload.objects.exists()


def test_generates_figures_once(org_a, org_b):
    demo.load(io.StringIO())
    year = local_today().year - 1
    assert Upload.objects.count() == 4
    assert indicator_value(org_a, year, "n_closed") > 0
    assert indicator_value(org_b, year, "cqi_n") > 0
    before = sorted(IndicatorValue.objects.values_list("organisation_id", "year", "key", "value"))
    out = io.StringIO()
    demo.load(out)
    assert out.getvalue() == "" and Upload.objects.count() == 4
    assert sorted(IndicatorValue.objects.values_list("organisation_id", "year", "key", "value")) == before
