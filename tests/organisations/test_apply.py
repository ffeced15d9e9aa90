"""The digital application form of a new provider."""

import time_machine

from keurmerk.accounts.models import User
from keurmerk.audit.models import AuditEvent
from keurmerk.cycles.models import Participation, State
from keurmerk.organisations.models import Location, Membership, Organisation
from tests.conftest import amsterdam

IN_WINDOW = amsterdam(2026, 9, 15, 10)


def form_data(**overrides):
    data = {
        "org-name": "Praktijk Nieuw",
        "org-type": "vrijgevestigd",
        "org-kvk": "4567 8901",
        "org-agb": "11223344",
        "org-website": "https://praktijk-nieuw.nl",
        "org-contact_name": "P. Nieuw",
        "org-contact_email": "info@praktijk-nieuw.nl",
        "org-contact_phone": "030-1234567",
        "loc-TOTAL_FORMS": "3",
        "loc-INITIAL_FORMS": "0",
        "loc-MIN_NUM_FORMS": "0",
        "loc-MAX_NUM_FORMS": "3",
        "loc-0-address": "Oudegracht 1",
        "loc-0-postcode": "3511ab",
        "loc-0-place": "Utrecht",
        "acc-first_name": "Petra",
        "acc-last_name": "Nieuw",
        "acc-email": "Petra@Praktijk-Nieuw.nl",
        "acc-password1": "een-lang-wachtwoord-7",
        "acc-password2": "een-lang-wachtwoord-7",
    }
    data.update(overrides)
    return data


@time_machine.travel(IN_WINDOW, tick=False)
def test_apply_creates_organisation_account_and_participation(client, cycle):
    response = client.post("/aanmelden/", form_data())
    org = Organisation.objects.get(name="Praktijk Nieuw")
    participation = Participation.objects.get(organisation=org)
    assert (
        response.status_code == 302 and response["Location"] == f"/deelname/{participation.pk}/overeenkomst/"
    )
    assert (org.kvk, org.agb) == ("45678901", "11223344")
    assert Location.objects.get(organisation=org).postcode == "3511 AB"
    user = User.objects.get(email="petra@praktijk-nieuw.nl")
    assert user.role == "provider" and Membership.objects.filter(user=user, organisation=org).exists()
    assert (participation.state, participation.cycle) == (State.APPLIED, cycle)
    assert AuditEvent.objects.filter(action="applied", participation=participation).exists()
    assert client.get("/start/").status_code == 200  # signed in


@time_machine.travel(amsterdam(2026, 8, 1, 10), tick=False)
def test_outside_the_window_the_form_says_when_it_opens(client, cycle):
    response = client.get("/aanmelden/")
    assert response.status_code == 200
    assert "1 september 2026" in response.text and "31 oktober 2026" in response.text
    client.post("/aanmelden/", form_data())
    assert not Organisation.objects.filter(name="Praktijk Nieuw").exists()


@time_machine.travel(IN_WINDOW, tick=False)
def test_known_kvk_or_agb_gets_a_clear_message_not_a_duplicate(client, cycle, org_a):
    response = client.post("/aanmelden/", form_data(**{"org-kvk": org_a.kvk, "org-agb": org_a.agb}))
    assert response.status_code == 200
    assert "Dit KvK-nummer is al bekend" in response.text
    assert "Deze AGB-code is al bekend" in response.text
    assert Organisation.objects.filter(kvk=org_a.kvk).count() == 1
    assert not User.objects.filter(email="petra@praktijk-nieuw.nl").exists()


@time_machine.travel(IN_WINDOW, tick=False)
def test_bad_kvk_agb_and_postcode_are_named(client, cycle):
    response = client.post(
        "/aanmelden/", form_data(**{"org-kvk": "1234", "org-agb": "abcdefgh", "loc-0-postcode": "0123 AB"})
    )
    assert response.status_code == 200
    assert "Een KvK-nummer bestaat uit precies 8 cijfers." in response.text
    assert "Een AGB-code bestaat uit precies 8 cijfers." in response.text
    assert "Vul een Nederlandse postcode in, zoals 1234 AB." in response.text
    assert not Organisation.objects.filter(name="Praktijk Nieuw").exists()
    assert not User.objects.filter(email="petra@praktijk-nieuw.nl").exists()


@time_machine.travel(IN_WINDOW, tick=False)
def test_at_least_one_location_and_matching_passwords(client, cycle):
    data = form_data(
        **{"loc-0-address": "", "loc-0-postcode": "", "loc-0-place": "", "acc-password2": "anders"}
    )
    response = client.post("/aanmelden/", data)
    assert "Vul ten minste één locatie in" in response.text
    assert "De wachtwoorden zijn niet gelijk." in response.text
    assert not Organisation.objects.filter(name="Praktijk Nieuw").exists()
