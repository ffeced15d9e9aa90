"""mirror_delete_all: afterwards nothing of the provider's data remains anywhere."""

import pytest

from keurmerk.audit.models import AuditEvent
from keurmerk.mirror import store
from keurmerk.mirror.models import IndicatorValue, PeerStatistic, Upload
from keurmerk.mirror.services import mirror_delete_all

from .conftest import closed_trajectories, hold, upload

pytestmark = pytest.mark.django_db


def test_delete_removes_files_indicators_uploads_and_peer_membership(org_a, org_b, users, mirror_dir):
    hold([org_a], 2024)
    upload(org_a, closed_trajectories(10))
    upload(org_a, [["r1", "2024-01-01", "8", "", ""]], kind="cqi")
    upload(org_b, closed_trajectories(3))
    assert org_a.pk in PeerStatistic.objects.get(year=2024, key="n_closed").organisation_ids

    years = mirror_delete_all(organisation=org_a, user=users["member"])

    assert years == [2024]
    assert not IndicatorValue.objects.filter(organisation=org_a).exists()
    assert not Upload.objects.filter(organisation=org_a).exists()
    assert not PeerStatistic.objects.filter(year=2024, key="n_closed").exists()  # no peers left
    leftovers = [p for p in mirror_dir.rglob("*") if p.is_file() and p.name.startswith(f"{org_a.pk}.")]
    assert leftovers == [] and not any(".tmp" in p.name for p in mirror_dir.rglob("*"))
    assert IndicatorValue.objects.filter(organisation=org_b).exists()  # others keep theirs
    assert len(store.all_files("trajectories")) == 1
    event = AuditEvent.objects.get(action="mirror_delete_all")
    assert event.organisation == org_a and event.data == {"years": [2024]}


def test_delete_without_data_is_harmless(org_a):
    assert mirror_delete_all(organisation=org_a, user=None) == []
