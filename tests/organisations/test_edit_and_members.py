"""Issue 11, "Pages people live in": providers edit their organisation's own data and locations,
see pending invitations and remove members (never the last one); another organisation answers 404."""

import pytest

from keurmerk.audit.models import AuditEvent
from keurmerk.organisations.models import Invitation, Location, Membership, Organisation
from tests.conftest import ROLES, client_for, make_user

pytestmark = pytest.mark.django_db

EDIT = {
    "name": "Praktijk Amstel en Zaan",
    "website": "https://amstel.example.nl",
    "contact_name": "A. Amstel",
    "contact_email": "info@amstel.example.nl",
    "contact_phone": "020 123 4567",
    "locations-TOTAL_FORMS": "2",
    "locations-INITIAL_FORMS": "1",
    "locations-MIN_NUM_FORMS": "0",
    "locations-MAX_NUM_FORMS": "20",
    "locations-0-address": "Straat 1",
    "locations-0-postcode": "3511AB",
    "locations-0-place": "Utrecht",
    "locations-1-address": "",
    "locations-1-postcode": "1011 AA",
    "locations-1-place": "Amsterdam",
}


@pytest.mark.parametrize("role", ROLES)
def test_only_a_member_edits_the_organisation(users, org_a, role):
    url = f"/organisatie/{org_a.pk}/wijzigen/"
    response = client_for(users[role]).post(url, EDIT)
    expected = {
        "anonymous": 302,
        "member": 302,
        "outsider": 404,
        "insurer": 403,
        "assessor": 403,
        "director": 403,
        "administrator": 403,
    }[role]
    assert response.status_code == expected, role
    org = Organisation.objects.get(pk=org_a.pk)
    edited = role == "member"
    assert (org.name == "Praktijk Amstel en Zaan") == edited
    places = sorted(Location.objects.filter(organisation=org_a).values_list("place", flat=True))
    assert places == (["Amsterdam", "Utrecht"] if edited else ["Utrecht"])
    assert AuditEvent.objects.filter(action="organisation_updated").exists() == edited


def test_bad_input_names_the_field_and_saves_nothing(users, org_a):
    data = {**EDIT, "contact_email": "geen-adres", "locations-1-postcode": "12"}
    response = client_for(users["member"]).post(f"/organisatie/{org_a.pk}/wijzigen/", data)
    assert response.status_code == 400
    assert "Vul een Nederlandse postcode in" in response.text
    assert Organisation.objects.get(pk=org_a.pk).name == "Praktijk Amstel"
    assert Location.objects.filter(organisation=org_a).count() == 1


def test_kvk_and_agb_stay_with_the_foundation(users, org_a):
    client_for(users["member"]).post(f"/organisatie/{org_a.pk}/wijzigen/", {**EDIT, "kvk": "99999999"})
    assert Organisation.objects.get(pk=org_a.pk).kvk == "12345678"


def test_members_see_pending_invitations_and_remove_a_colleague(users, org_a):
    colleague = make_user("collega@amstel.test", "provider")
    membership = Membership.objects.create(user=colleague, organisation=org_a)
    Invitation.objects.create(organisation=org_a, email="nieuw@amstel.test", invited_by=users["member"])
    client = client_for(users["member"])
    page = client.get(f"/organisatie/{org_a.pk}/").text
    assert "Openstaande uitnodigingen" in page and "nieuw@amstel.test – uitgenodigd op" in page
    url = f"/organisatie/{org_a.pk}/leden/{membership.pk}/verwijderen/"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Wat er gebeurt als u verwijdert" in confirm.text
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert client_for(users["outsider"]).get(url).status_code == 404
    assert client_for(users["outsider"]).post(url).status_code == 404
    client.post(url)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action="member_removed").exists()


def test_the_last_member_stays(users, org_a):
    membership = Membership.objects.get(user=users["member"], organisation=org_a)
    response = client_for(users["member"]).post(
        f"/organisatie/{org_a.pk}/leden/{membership.pk}/verwijderen/", follow=True
    )
    assert "Het laatste lid van een organisatie kan niet worden verwijderd." in response.text
    assert Membership.objects.filter(pk=membership.pk).exists()
