"""Item 5 of issue 11: overriding a state and removing a subcontractor ask first, saying what
will happen; nothing changes until the confirmation's own submit."""

import pytest
from django.utils import timezone

from keurmerk.audit.models import AuditEvent
from keurmerk.cycles.models import Participation, State
from keurmerk.organisations.models import Membership, Subcontract
from tests.conftest import client_for, make_organisation

pytestmark = pytest.mark.django_db


def test_an_override_shows_what_happens_first(participation, users):
    client = client_for(users["administrator"])
    url = f"/staf/deelnames/{participation.pk}/overschrijven/"
    page = client.post(url, {"to_state": "awarded", "reason": "Besluit bestuur"})
    assert page.status_code == 200
    assert "De status gaat direct van ‘Aangemeld’ naar ‘Keurmerk toegekend’." in page.text
    assert 'name="confirmed" value="True"' in page.text and "Besluit bestuur" in page.text
    assert Participation.objects.get(pk=participation.pk).state == State.APPLIED
    assert not AuditEvent.objects.filter(action="state_overridden").exists()
    client.post(url, {"to_state": "awarded", "reason": "Besluit bestuur", "confirmed": "True"})
    assert Participation.objects.get(pk=participation.pk).state == State.AWARDED


def test_an_override_without_reason_never_reaches_the_confirmation(participation, users):
    response = client_for(users["administrator"]).post(
        f"/staf/deelnames/{participation.pk}/overschrijven/",
        {"to_state": "awarded", "reason": ""},
        follow=True,
    )
    assert "Wat er gebeurt als u bevestigt" not in response.text and "Reden" in response.text
    assert Participation.objects.get(pk=participation.pk).state == State.APPLIED


@pytest.fixture
def network(users, org_a, org_b):
    network = make_organisation("Netwerk Oost", "34343434", "43434343", type="netwerk")
    Membership.objects.create(user=users["member"], organisation=network)
    # A relation the subcontractor has confirmed (only those count, and only those show).
    link = Subcontract.objects.create(network=network, subcontractor=org_b, confirmed_at=timezone.now())
    return network, link


def test_removing_a_subcontractor_asks_first(network, users, org_b):
    organisation, link = network
    client = client_for(users["member"])
    url = f"/organisatie/{organisation.pk}/onderaannemers/{link.pk}/verwijderen/"
    page = client.get(url)
    assert page.status_code == 200
    assert f"{org_b.name} is dan geen onderaannemer meer van {organisation.name}." in page.text
    assert "predicaat Netwerk Keurmerk" in page.text
    assert Subcontract.objects.filter(pk=link.pk).exists()
    assert client_for(users["outsider"]).get(url).status_code == 404
    client.post(url)
    assert not Subcontract.objects.filter(pk=link.pk).exists()
    detail = client.get(f"/organisatie/{organisation.pk}/").text
    assert f'action="{url}"' not in detail
