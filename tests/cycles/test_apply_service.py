"""`participation_apply`: a new provider's application (Fase 1 step 1) is one step of `cycles`; the
organisation part is `organisations.services.organisation_register`; refused means nothing saved."""

import pytest
from django.urls import reverse

from keurmerk.accounts.models import User
from keurmerk.audit.models import AuditEvent
from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.services import participation_apply
from keurmerk.notifications.models import Notification
from keurmerk.organisations.models import Organisation
from keurmerk.organisations.services import OrganisationError
from tests.conftest import amsterdam

IN_WINDOW = amsterdam(2026, 9, 15, 10)
ORGANISATION = {"name": "Praktijk Nieuw", "type": "vrijgevestigd", "kvk": "45678901", "agb": "11223344"}
LOCATIONS = [{"address": "Oudegracht 1", "postcode": "3511 AB", "place": "Utrecht"}]
ACCOUNT = {
    "email": "Petra@Nieuw.nl",
    "password": "een-lang-wachtwoord-7",
    "first_name": "P",
    "last_name": "N",
}


def apply(cycle, now=IN_WINDOW, **organisation):
    return participation_apply(
        cycle=cycle,
        organisation={**ORGANISATION, **organisation},
        locations=LOCATIONS,
        account=ACCOUNT,
        now=now,
    )


def counts():
    return (
        Organisation.objects.count(),
        User.objects.count(),
        Participation.objects.count(),
        AuditEvent.objects.count(),
    )


def test_applying_creates_the_participation_with_its_audit_row_and_notice(cycle):
    participation = apply(cycle)
    assert (participation.state, participation.organisation.name) == (State.APPLIED, "Praktijk Nieuw")
    assert participation.organisation.memberships.get().user.email == "petra@nieuw.nl"
    event = AuditEvent.objects.get(participation=participation)
    assert (event.action, event.to_state, event.actor.email) == ("applied", State.APPLIED, "petra@nieuw.nl")
    notice = Notification.objects.get(kind="applied")
    assert notice.url == reverse("cycles:agreement", args=[participation.pk])


def test_outside_the_window_nothing_is_saved(cycle):
    before = counts()
    with pytest.raises(OrganisationError, match="aanmeldperiode is gesloten"):
        apply(cycle, now=amsterdam(2026, 11, 1, 10))
    assert counts() == before


def test_a_known_kvk_is_refused_by_field_and_nothing_is_saved(cycle, org_a):
    before = counts()
    with pytest.raises(OrganisationError) as exc:
        apply(cycle, kvk=org_a.kvk)
    assert "kvk" in exc.value.message_dict
    assert counts() == before
