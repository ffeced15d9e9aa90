"""Invitations expire after 14 days, one address holds one open invitation per organisation, and an
organisation sends at most INVITATIONS_PER_HOUR an hour (counted on the cache)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError

from keurmerk.accounts.models import User
from keurmerk.notifications.models import Notification
from keurmerk.organisations.models import Invitation, Membership
from keurmerk.organisations.services import invitation_accept, invite_member, open_invitations
from tests.conftest import amsterdam, client_for
from tests.organisations.test_invitations import NEW_ACCOUNT

SENT = amsterdam(2027, 3, 1, 9)


@pytest.fixture(autouse=True)
def _empty_cache(clean_cache):
    """Every test starts with an empty invitation throttle."""
    yield


def _invite(users, org, email="nieuw@amstel.test"):
    return invite_member(organisation=org, user=users["member"], email=email)


def test_a_link_works_for_14_days_then_says_it_expired(users, org_a, client):
    with time_machine.travel(SENT, tick=False):
        invitation = _invite(users, org_a)
    with time_machine.travel(SENT + datetime.timedelta(days=14, seconds=-1), tick=False):
        assert client.get(f"/uitnodiging/{invitation.token}/").status_code == 200
    with time_machine.travel(SENT + datetime.timedelta(days=14), tick=False):
        page = client.get(f"/uitnodiging/{invitation.token}/")
        assert page.status_code == 410 and "is verlopen" in page.text
        response = client.post(f"/uitnodiging/{invitation.token}/", NEW_ACCOUNT)
        assert response.status_code == 410
        assert not User.objects.filter(email="nieuw@amstel.test").exists()
        assert open_invitations(org_a).count() == 0
        with pytest.raises(ValidationError, match="verlopen"):
            invitation_accept(invitation=invitation, first_name="A", last_name="B", password="x-lang-ww-99")
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_one_open_invitation_per_address(users, org_a, org_b):
    first = _invite(users, org_a)
    with pytest.raises(ValidationError, match="al een uitnodiging open"):
        _invite(users, org_a, email=" Nieuw@Amstel.TEST ")
    assert list(Invitation.objects.filter(organisation=org_a)) == [first]
    assert Notification.objects.filter(kind="invitation").count() == 1
    # another organisation may invite the same address
    invite_member(organisation=org_b, user=users["outsider"], email="nieuw@amstel.test")
    assert Invitation.objects.filter(email="nieuw@amstel.test").count() == 2


def test_after_expiry_the_address_can_be_invited_again(users, org_a):
    with time_machine.travel(SENT, tick=False):
        old = _invite(users, org_a)
    with time_machine.travel(SENT + datetime.timedelta(days=15), tick=False):
        new = _invite(users, org_a)
        assert list(open_invitations(org_a)) == [new]
    assert not Invitation.objects.filter(pk=old.pk).exists()


def test_the_database_holds_one_open_invitation_per_address(users, org_a):
    from django.db import IntegrityError, transaction

    _invite(users, org_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(organisation=org_a, email="nieuw@amstel.test")


def test_at_most_n_invitations_an_hour_per_organisation(users, org_a, org_b):
    limit = settings.INVITATIONS_PER_HOUR
    assert limit == 10
    with time_machine.travel(SENT, tick=False):
        for i in range(limit):
            _invite(users, org_a, email=f"collega{i}@amstel.test")
        with pytest.raises(ValidationError, match="dit uur al 10 uitnodigingen"):
            _invite(users, org_a, email="een-te-veel@amstel.test")
        invite_member(organisation=org_b, user=users["outsider"], email="ander@berkel.test")
    assert Invitation.objects.filter(organisation=org_a).count() == limit
    assert not Notification.objects.filter(email="een-te-veel@amstel.test").exists()
    with time_machine.travel(SENT + datetime.timedelta(hours=1), tick=False):
        _invite(users, org_a, email="een-te-veel@amstel.test")
    assert Invitation.objects.filter(organisation=org_a).count() == limit + 1


def test_the_invite_page_shows_the_refusal(users, org_a):
    client = client_for(users["member"])
    url = f"/organisatie/{org_a.pk}/uitnodigen/"
    assert client.post(url, {"email": "nieuw@amstel.test"}).status_code == 302
    response = client.post(url, {"email": "nieuw@amstel.test"}, follow=True)
    assert "Er staat al een uitnodiging open voor dit e-mailadres" in response.text
    assert Invitation.objects.filter(organisation=org_a).count() == 1


@pytest.mark.parametrize(
    "role", ["anonymous", "outsider", "insurer", "assessor", "director", "administrator"]
)
def test_only_members_invite(users, org_a, role):
    response = client_for(users[role]).post(f"/organisatie/{org_a.pk}/uitnodigen/", {"email": "x@y.test"})
    expected = {"anonymous": 302, "outsider": 404}.get(role, 403)
    assert response.status_code == expected
    assert not Invitation.objects.exists() and not Membership.objects.filter(user__email="x@y.test").exists()
