"""Permission matrix: every URL of the cycle module × every role → the expected status.

Another organisation's objects answer 404; a page for another role answers 403; anonymous visitors
are sent to the sign-in page (302)."""

import pytest
import time_machine

from keurmerk.cycles.services import participation_sign_agreement
from tests.conftest import ROLES, amsterdam, client_for

ALL = dict.fromkeys(ROLES, 200)
LOGIN = 302
STAFF_ONLY = {"anonymous": LOGIN, "member": 403, "outsider": 403, "insurer": 403, "assessor": 200, "director": 200,
              "administrator": 200}  # fmt: skip
ADMIN_ONLY = {**STAFF_ONLY, "assessor": 403, "director": 403}
MEMBER_ONLY = {"anonymous": LOGIN, "member": 200, "outsider": 404, "insurer": 403, "assessor": 403, "director": 403,
               "administrator": 403}  # fmt: skip


def url_table(p):
    return [
        ("/aanmelden/", ALL),
        ("/kalender/2027.ics", ALL),
        ("/start/", {**dict.fromkeys(ROLES, 302), "member": 200, "outsider": 200}),
        ("/meldingen/", {**ALL, "anonymous": LOGIN}),
        (f"/deelname/{p.pk}/overeenkomst/", MEMBER_ONLY),
        (f"/deelname/{p.pk}/overeenkomst.pdf", MEMBER_ONLY),
        (f"/deelname/{p.pk}/voorbereiding/", MEMBER_ONLY),
        (f"/organisatie/{p.organisation_id}/", MEMBER_ONLY),
        ("/staf/", STAFF_ONLY),
        ("/staf/processen/2027/", STAFF_ONLY),
        ("/staf/processen/2027/deelnames.csv", STAFF_ONLY),
        ("/staf/processen/2027/deelnames.xlsx", STAFF_ONLY),
        (f"/staf/deelnames/{p.pk}/", STAFF_ONLY),
        ("/staf/processen/nieuw/", ADMIN_ONLY),
        ("/staf/processen/2027/overeenkomst/", ADMIN_ONLY),
        ("/staf/organisaties/import/", ADMIN_ONLY),
    ]


@pytest.fixture
def signed(participation, users):
    with time_machine.travel(amsterdam(2026, 10, 1, 12), tick=False):
        participation_sign_agreement(
            participation=participation, user=users["member"], signer_name="A", signer_role="B"
        )
    return participation


@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(signed, users, role):
    client = client_for(users[role])
    for url, expected in url_table(signed):
        response = client.get(url)
        assert response.status_code == expected[role], f"{role} GET {url}: {response.status_code}"


POSTS = [
    ("/deelname/{p}/overeenkomst/ondertekenen/", MEMBER_ONLY),
    ("/organisatie/{o}/uitnodigen/", MEMBER_ONLY),
    ("/organisatie/{o}/onderaannemers/", MEMBER_ONLY),
    ("/staf/processen/2027/aanbieden/", ADMIN_ONLY),
    ("/staf/deelnames/{p}/verlenging/", ADMIN_ONLY),
    ("/staf/deelnames/{p}/overschrijven/", ADMIN_ONLY),
]


@pytest.mark.parametrize("role", ROLES)
def test_post_matrix_refusals_change_nothing(participation, users, role):
    from keurmerk.cycles.models import AuditEvent, Extension, Participation
    from keurmerk.organisations.models import Invitation

    client = client_for(users[role])
    before = (AuditEvent.objects.count(), Participation.objects.get(pk=participation.pk).state)
    for template, expected in POSTS:
        url = template.format(p=participation.pk, o=participation.organisation_id)
        response = client.post(url, {})  # empty forms: allowed roles get a message, nothing changes
        if expected[role] == 200:  # allowed: the empty form is refused with a message (redirect) or 400
            assert response.status_code in (302, 400), f"{role} POST {url}: {response.status_code}"
        else:
            assert response.status_code == expected[role], f"{role} POST {url}: {response.status_code}"
    if role not in ("member", "administrator"):
        assert (AuditEvent.objects.count(), Participation.objects.get(pk=participation.pk).state) == before
    assert not Extension.objects.exists() and not Invitation.objects.exists()


def test_staff_without_two_factors_must_set_them_up(db, cycle):
    from tests.conftest import make_user

    assessor = make_user("nieuw@kibg.test", "assessor", two_factors=False)
    response = client_for(assessor).get("/staf/")
    assert response.status_code == 302 and response["Location"] == "/account/2fa/totp/activate/"
    admin = make_user("nieuwe-beheerder@kibg.test", "administrator", two_factors=False, is_staff=True)
    response = client_for(admin).get("/beheer/")
    assert response.status_code == 302 and "/beheer/login/" in response["Location"]
    response = client_for(admin).get("/beheer/login/")
    assert response["Location"] == "/account/2fa/totp/activate/"
