"""Permission matrix of the dashboards' URLs: every role, an outsider from another organisation and
an anonymous visitor. Staff pages are for staff; the insurer's home for insurers (and staff); the
public home for everyone; the start page sends each role to its own home."""

import pytest

from tests.conftest import ROLES, client_for, get_matrix

pytestmark = pytest.mark.django_db

LOGIN = 302
STAFF = {
    "anonymous": LOGIN,
    "member": 403,
    "outsider": 403,
    "insurer": 403,
    "assessor": 200,
    "director": 200,
    "administrator": 200,
}
INSURER = {**STAFF, "insurer": 200}
GETS = [
    ("/staf/", STAFF),
    ("/staf/termijnen/?soort=rapportages&wanneer=verlopen", STAFF),
    ("/staf/termijnen/?soort=mijn-beoordelingen&wanneer=binnenkort", STAFF),
    ("/verzekeraar/", INSURER),
    ("/verzekeraar/?jaar=2027&sinds=2027-01-01", INSURER),
    ("/verzekeraar/keurmerkdragers.csv", INSURER),
    ("/verzekeraar/keurmerkdragers.xlsx", INSURER),
]


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_urls(seeded, users, role):
    responses = get_matrix(role, users, GETS, {})
    if INSURER[role] == 200:
        assert responses["/verzekeraar/keurmerkdragers.csv"]["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("role", ROLES)
def test_public_home_is_for_everyone(seeded, users, role):
    response = client_for(users[role]).get("/")
    assert response.status_code == 200
    assert "Keurmerk Kortdurende Generalistische GGZ" in response.text


START = {
    "anonymous": "/account/login/?next=%2Fstart%2F",
    "insurer": "/verzekeraar/",
    "assessor": "/staf/",
    "director": "/staf/",
    "administrator": "/staf/",
}


@pytest.mark.parametrize("role", ROLES)
def test_the_start_page_sends_each_role_home(seeded, users, role):
    response = client_for(users[role]).get("/start/")
    if role in START:
        assert response.status_code == 302 and response["Location"] == START[role]
    else:
        assert response.status_code == 200 and "Mijn Keurmerk" in response.text


def test_an_outsider_sees_only_their_own_organisation_on_the_start_page(seeded, users, org_a, org_b):
    from keurmerk.cycles.models import Participation, State

    Participation.objects.create(organisation=org_a, cycle=seeded["cycle"], state=State.SIGNED)
    Participation.objects.create(organisation=org_b, cycle=seeded["cycle"], state=State.APPLIED)
    text = client_for(users["outsider"]).get("/start/").text
    assert org_b.name in text and org_a.name not in text


def test_staff_without_two_factors_set_them_up_first(seeded):
    from tests.conftest import make_user

    assessor = make_user("zonder@kibg.test", "assessor", two_factors=False)
    response = client_for(assessor).get("/staf/")
    assert response.status_code == 302 and "/account/2fa/" in response["Location"]
