"""Invitations: the link makes a new account, but never signs anybody in to an account that exists."""

import pytest

from keurmerk.audit.models import AuditEvent
from keurmerk.organisations.models import Invitation, Membership
from keurmerk.organisations.services import invitation_accept
from tests.conftest import PASSWORD, client_for, make_user

NEW_ACCOUNT = {
    "first_name": "Cor",
    "last_name": "Collega",
    "password1": "nog-een-lang-ww-9",
    "password2": "nog-een-lang-ww-9",
}


def _invite(organisation, inviter, email):
    return Invitation.objects.create(organisation=organisation, email=email, invited_by=inviter)


def _session_user_id(client):
    return client.session.get("_auth_user_id")


def test_a_new_colleague_makes_an_account_and_is_signed_in(users, org_a, client):
    invitation = _invite(org_a, users["member"], "nieuw@amstel.test")
    response = client.post(f"/uitnodiging/{invitation.token}/", NEW_ACCOUNT)
    assert response.status_code == 302
    membership = Membership.objects.get(organisation=org_a, user__email="nieuw@amstel.test")
    assert membership.user.role == "provider" and membership.user.check_password(NEW_ACCOUNT["password1"])
    assert _session_user_id(client) == str(membership.user.pk)
    assert AuditEvent.objects.filter(action="invitation_accepted").count() == 1


@pytest.mark.parametrize("role", ["outsider", "assessor", "administrator"])
def test_the_link_alone_never_signs_in_to_an_existing_account(users, org_a, client, role):
    """Whoever holds the link of an existing account's address gets a sign-in link, no session."""
    existing = users[role]
    invitation = _invite(org_a, users["member"], existing.email)
    page = client.get(f"/uitnodiging/{invitation.token}/")
    assert page.status_code == 200
    assert "Meld u aan met dat account" in page.text
    assert f"/account/login/?next=%2Fuitnodiging%2F{invitation.token}%2F" in page.text
    response = client.post(f"/uitnodiging/{invitation.token}/", NEW_ACCOUNT)
    assert response.status_code == 200
    assert _session_user_id(client) is None
    assert not Membership.objects.filter(organisation=org_a, user=existing).exists()
    assert not existing.__class__.objects.get(pk=existing.pk).check_password(NEW_ACCOUNT["password1"])
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_signed_in_as_another_user_cannot_take_an_existing_accounts_invitation(users, org_a):
    invitation = _invite(org_a, users["member"], users["outsider"].email)
    other = client_for(make_user("derde@ergens.test", "provider"))
    response = other.post(f"/uitnodiging/{invitation.token}/")
    assert response.status_code == 200
    assert not Membership.objects.filter(organisation=org_a, user=users["outsider"]).exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_an_existing_provider_signs_in_then_accepts(users, org_a):
    invitation = _invite(org_a, users["member"], users["outsider"].email)
    client = client_for(users["outsider"])
    page = client.get(f"/uitnodiging/{invitation.token}/")
    assert "Uitnodiging aannemen" in page.text
    response = client.post(f"/uitnodiging/{invitation.token}/")
    assert response.status_code == 302
    assert Membership.objects.filter(organisation=org_a, user=users["outsider"]).exists()
    assert users["outsider"].memberships.count() == 2  # still a member of org_b as well
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is not None
    assert client.get(f"/uitnodiging/{invitation.token}/").status_code == 404  # used once


def test_a_staff_account_cannot_become_a_provider_member(users, org_a):
    invitation = _invite(org_a, users["member"], users["assessor"].email)
    response = client_for(users["assessor"]).post(f"/uitnodiging/{invitation.token}/", follow=True)
    assert "kan geen lid worden van een GGZ-aanbieder" in response.text
    assert not Membership.objects.filter(user=users["assessor"]).exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None
    assert not AuditEvent.objects.filter(action="invitation_accepted").exists()


def test_service_refuses_an_existing_account_without_its_user(users, org_a):
    from django.core.exceptions import ValidationError

    invitation = _invite(org_a, users["member"], users["outsider"].email)
    with pytest.raises(ValidationError, match="Meld u eerst aan"):
        invitation_accept(invitation=invitation, first_name="X", last_name="Y", password=PASSWORD)
    assert not Membership.objects.filter(organisation=org_a, user=users["outsider"]).exists()
