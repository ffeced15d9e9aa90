"""The application form does not reveal which e-mail addresses have an account: the answer is the
same, nothing is created, and the owner of the address is told by e-mail."""

import time_machine

from keurmerk.accounts.models import User
from keurmerk.cycles.models import Participation
from keurmerk.notifications.models import Notification
from keurmerk.organisations.models import Location, Organisation
from tests.organisations.test_apply import IN_WINDOW, form_data


def _answer(response):
    """What a visitor sees: status, where it leads, the page it leads to, whether they are signed in."""
    return response.status_code, response["Location"], response.cookies.keys() - {"csrftoken"}


@time_machine.travel(IN_WINDOW, tick=False)
def test_an_address_with_an_account_gets_the_same_answer(client, cycle, users):
    counts = (Organisation.objects.count(), Location.objects.count(), User.objects.count())
    taken = client.post("/aanmelden/", form_data(**{"acc-email": "LID@amstel.test"}))
    assert (Organisation.objects.count(), Location.objects.count(), User.objects.count()) == counts
    assert not Participation.objects.exists()
    from django.test import Client

    fresh = Client().post("/aanmelden/", form_data())
    assert _answer(taken) == _answer(fresh) == (302, "/aanmelden/ontvangen/", set())
    assert "al een account" not in client.get(taken["Location"]).text


@time_machine.travel(IN_WINDOW, tick=False)
def test_the_owner_of_the_address_is_told_once_a_day(client, cycle, users):
    for _attempt in range(3):
        client.post("/aanmelden/", form_data(**{"acc-email": "lid@amstel.test", "org-name": "Spam <b>"}))
    told = Notification.objects.get(kind="application_existing_account")
    assert (told.email, told.user) == ("lid@amstel.test", users["member"])
    assert "al een account" in told.body and "Spam" not in told.body + told.subject
    assert told.url == "/account/login/"


@time_machine.travel(IN_WINDOW, tick=False)
def test_known_kvk_is_still_named_before_the_address_is_looked_at(client, cycle, users, org_a):
    response = client.post("/aanmelden/", form_data(**{"org-kvk": org_a.kvk, "acc-email": "lid@amstel.test"}))
    assert response.status_code == 200 and "Dit KvK-nummer is al bekend" in response.text
    assert "Er bestaat al een account" not in response.text
    assert not Notification.objects.filter(kind="application_existing_account").exists()
