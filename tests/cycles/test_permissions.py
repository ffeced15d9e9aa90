"""Permission matrix: every URL of issue 3 (cycles, organisations, notifications, the holders import)
× every role → the expected status; refused POSTs leave the database exactly as it was.

Another organisation's objects answer 404; a page for another role answers 403; anonymous visitors
are sent to the sign-in page (302); POST-only steps answer a GET with 405."""

from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone

from keurmerk.cycles.services import participation_sign_agreement
from tests.conftest import ROLES, amsterdam, client_for

ALL = dict.fromkeys(ROLES, 200)
LOGIN = 302
STAFF_ONLY = {
    "anonymous": LOGIN,
    "member": 403,
    "outsider": 403,
    "insurer": 403,
    "assessor": 200,
    "director": 200,
    "administrator": 200,
}
ADMIN_ONLY = {**STAFF_ONLY, "assessor": 403, "director": 403}
MEMBER_ONLY = {
    "anonymous": LOGIN,
    "member": 200,
    "outsider": 404,
    "insurer": 403,
    "assessor": 403,
    "director": 403,
    "administrator": 403,
}
ADMIN_SITE = {**dict.fromkeys(ROLES, LOGIN), "administrator": 200}  # the admin: is_staff and two factors
NOBODY = dict.fromkeys(ROLES, 404)
POST_ONLY = dict.fromkeys(ROLES, 405)


def url_table(w):
    p = w.participation
    return [
        ("/aanmelden/", ALL),
        ("/kalender/2027.ics", ALL),
        ("/start/", {**dict.fromkeys(ROLES, 302), "member": 200, "outsider": 200}),
        ("/meldingen/", {**ALL, "anonymous": LOGIN}),
        ("/meldingen/gelezen/", POST_ONLY),
        (f"/deelname/{p.pk}/overeenkomst/", MEMBER_ONLY),
        (f"/deelname/{p.pk}/overeenkomst.pdf", MEMBER_ONLY),
        (f"/deelname/{p.pk}/voorbereiding/", MEMBER_ONLY),
        (f"/organisatie/{p.organisation_id}/", MEMBER_ONLY),
        (f"/organisatie/{w.network.pk}/", MEMBER_ONLY),
        (f"/organisatie/{w.network.pk}/onderaannemers/{w.link.pk}/verwijderen/", MEMBER_ONLY),  # confirmation
        (f"/uitnodiging/{w.invitation.token}/", ALL),  # the link itself is the key
        ("/uitnodiging/geen-geldige-sleutel/", NOBODY),
        ("/staf/", STAFF_ONLY),
        ("/staf/processen/2027/", STAFF_ONLY),
        ("/staf/processen/2027/deelnames.csv", STAFF_ONLY),
        ("/staf/processen/2027/deelnames.xlsx", STAFF_ONLY),
        (f"/staf/deelnames/{p.pk}/", STAFF_ONLY),
        ("/staf/processen/nieuw/", ADMIN_ONLY),
        ("/staf/processen/2027/overeenkomst/", ADMIN_ONLY),
        ("/staf/organisaties/import/", ADMIN_ONLY),
        ("/beheer/organisations/organisation/importeren/", ADMIN_SITE),
    ]


@pytest.fixture
def signed(participation, users):
    with time_machine.travel(amsterdam(2026, 10, 1, 12), tick=False):
        participation_sign_agreement(
            participation=participation, user=users["member"], signer_name="A", signer_role="B"
        )
    return participation


@pytest.fixture
def world(signed, users, org_b):
    """The signed participation of org_a, a network org_a's member also belongs to (with org_b as
    its subcontractor), and an open invitation to org_a for someone without an account."""
    from keurmerk.organisations.models import Invitation, Membership, Subcontract
    from tests.conftest import make_organisation

    network = make_organisation("Netwerk Oost", "34343434", "43434343", type="netwerk")
    Membership.objects.create(user=users["member"], organisation=network)
    link = Subcontract.objects.create(network=network, subcontractor=org_b, confirmed_at=timezone.now())
    invitation = Invitation.objects.create(
        organisation=signed.organisation, email="nieuw@amstel.test", invited_by=users["member"]
    )
    return SimpleNamespace(participation=signed, network=network, link=link, invitation=invitation)


@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(world, users, role):
    client = client_for(users[role])
    for url, expected in url_table(world):
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
    client = client_for(users[role])
    before = snapshot()
    for template, expected in POSTS:
        url = template.format(p=participation.pk, o=participation.organisation_id)
        response = client.post(url, {})  # empty forms: allowed roles get a message, nothing changes
        if expected[role] == 200:  # allowed: the empty form is refused with a message (redirect) or 400
            assert response.status_code in (302, 400), f"{role} POST {url}: {response.status_code}"
        else:
            assert response.status_code == expected[role], f"{role} POST {url}: {response.status_code}"
    assert snapshot() == before


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


# POSTs with valid data: an allowed role changes exactly what the step is for; a refused role
# gets the status of the matrix and the database is exactly as before.

HOLDERS_CSV = (
    "name;type;kvk;agb;postcode;place;website;contact_email;held_mark_years\n"
    "Praktijk Een;vrijgevestigd;11111111;21111111;1234ab;Utrecht;https://een.nl;info@een.nl;2020 2021\n"
    "Instelling Twee;instelling;22222222;32222222;5678 CD;Zwolle;;;2021\n"
)
NEW_CYCLE = {
    "year": "2030",
    "norms_public": "2029-04-01",
    "application_opens": "2029-09-01",
    "application_closes": "2029-10-31",
    "selfevaluation_opens": "2029-11-01",
    "selfevaluation_closes": "2030-01-31",
    "first_report_due": "2030-02-16",
    "revision_opens": "2030-02-17",
    "revision_closes": "2030-03-31",
    "final_report_due": "2030-04-12",
    "withdrawal_effective": "2030-04-01",
}
APPLICATION = {
    "org-name": "Praktijk Nieuw",
    "org-type": "vrijgevestigd",
    "org-kvk": "45678901",
    "org-agb": "11223344",
    "org-website": "https://praktijk-nieuw.nl",
    "org-contact_name": "P. Nieuw",
    "org-contact_email": "info@praktijk-nieuw.nl",
    "loc-TOTAL_FORMS": "3",
    "loc-INITIAL_FORMS": "0",
    "loc-MIN_NUM_FORMS": "0",
    "loc-MAX_NUM_FORMS": "3",
    "loc-0-postcode": "3511ab",
    "loc-0-place": "Utrecht",
    "acc-first_name": "Petra",
    "acc-last_name": "Nieuw",
    "acc-email": "petra@praktijk-nieuw.nl",
    "acc-password1": "een-lang-wachtwoord-7",
    "acc-password2": "een-lang-wachtwoord-7",
}
APPLICATION_OPEN = amsterdam(2026, 9, 15, 10)
APPLICATION_CLOSED = amsterdam(2026, 11, 15, 10)


def holders_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("houders.csv", HOLDERS_CSV.encode(), content_type="text/csv")}


def snapshot():
    """Everything a POST of this matrix could change."""
    from keurmerk.accounts.models import User
    from keurmerk.audit.models import AuditEvent
    from keurmerk.cycles.models import AgreementVersion, Cycle, Extension, Participation
    from keurmerk.notifications.models import Notification
    from keurmerk.organisations.models import HeldMark, Invitation, Membership, Organisation, Subcontract

    return {
        "audit rows": AuditEvent.objects.count(),
        "participations": sorted(Participation.objects.values_list("pk", "state")),
        "organisations": sorted(Organisation.objects.values_list("kvk", flat=True)),
        "held marks": HeldMark.objects.count(),
        "cycles": sorted(Cycle.objects.values_list("year", flat=True)),
        "agreement versions": AgreementVersion.objects.count(),
        "subcontracts": sorted(Subcontract.objects.values_list("pk", flat=True)),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "invitations": Invitation.objects.filter(accepted_at=None).count(),
        "extensions": Extension.objects.count(),
        "unread notifications": sorted(
            Notification.objects.filter(read_at=None).values_list("pk", flat=True)
        ),
    }


def removed_link(w, user, response, before):
    from keurmerk.audit.models import AuditEvent
    from keurmerk.organisations.models import Subcontract

    assert response["Location"] == f"/organisatie/{w.network.pk}/"
    assert not Subcontract.objects.filter(pk=w.link.pk).exists()
    assert AuditEvent.objects.get(action="subcontract_removed").actor == user


def read_own_notifications(w, user, response, before):
    from keurmerk.notifications.models import Notification

    assert response["Location"] == "/meldingen/"
    own = set(Notification.objects.filter(user=user).values_list("pk", flat=True))
    assert own and set(snapshot()["unread notifications"]) == set(before["unread notifications"]) - own


def applied(w, user, response, before):
    from keurmerk.cycles.models import Participation

    p = Participation.objects.get(organisation__kvk="45678901")
    assert (p.state, p.cycle.year) == ("applied", 2027)
    assert response["Location"] == "/aanmelden/ontvangen/"


def cycle_created(w, user, response, before):
    from keurmerk.audit.models import AuditEvent
    from keurmerk.cycles.models import Cycle

    assert response["Location"] == "/staf/processen/2030/"
    cycle = Cycle.objects.get(year=2030)
    assert cycle.agreement_versions.count() == 1
    assert AuditEvent.objects.get(action="cycle_created", object_id=str(cycle.pk)).actor == user


def agreement_version_added(w, user, response, before):
    from keurmerk.cycles.models import AgreementVersion

    assert response["Location"] == "/staf/processen/2027/"
    newest = AgreementVersion.objects.filter(cycle__year=2027).first()
    assert (newest.version, newest.text, newest.created_by) == (2, "Nieuwe tekst van de overeenkomst", user)


def holders_imported(w, user, response, before):
    from keurmerk.organisations.models import HeldMark, Organisation

    assert "2 nieuwe organisaties" in response.text
    assert Organisation.objects.filter(kvk__in=["11111111", "22222222"]).count() == 2
    assert list(HeldMark.objects.filter(organisation__kvk="11111111").values_list("year", flat=True)) == [
        2020,
        2021,
    ]


SIGNED_IN = [r for r in ROLES if r != "anonymous"]
# name: (url, form data, status per role, roles for whom the step is done, when (None: now), check)
POST_CASES = {
    "subcontract_remove": (
        lambda w: f"/organisatie/{w.network.pk}/onderaannemers/{w.link.pk}/verwijderen/",
        lambda w: {},
        {**MEMBER_ONLY, "member": 302},
        ["member"],
        None,
        removed_link,
    ),
    "notifications_read": (
        lambda w: "/meldingen/gelezen/",
        lambda w: {},
        dict.fromkeys(ROLES, 302),
        SIGNED_IN,
        None,
        read_own_notifications,
    ),
    "apply_open": (
        lambda w: "/aanmelden/",
        lambda w: APPLICATION,
        dict.fromkeys(ROLES, 302),
        ROLES,
        APPLICATION_OPEN,
        applied,
    ),
    "apply_closed": (  # the form says when it opens; nothing is stored, whoever posts
        lambda w: "/aanmelden/",
        lambda w: APPLICATION,
        dict.fromkeys(ROLES, 200),
        [],
        APPLICATION_CLOSED,
        None,
    ),
    "cycle_create": (
        lambda w: "/staf/processen/nieuw/",
        lambda w: {**NEW_CYCLE, "framework": w.framework.pk},
        {**ADMIN_ONLY, "administrator": 302},
        ["administrator"],
        None,
        cycle_created,
    ),
    "agreement_edit": (
        lambda w: "/staf/processen/2027/overeenkomst/",
        lambda w: {"text": "Nieuwe tekst van de overeenkomst"},
        {**ADMIN_ONLY, "administrator": 302},
        ["administrator"],
        None,
        agreement_version_added,
    ),
    "staff_import": (
        lambda w: "/staf/organisaties/import/",
        lambda w: holders_file(),
        ADMIN_ONLY,
        ["administrator"],
        None,
        holders_imported,
    ),
    "admin_import": (
        lambda w: "/beheer/organisations/organisation/importeren/",
        lambda w: holders_file(),
        ADMIN_SITE,
        ["administrator"],
        None,
        holders_imported,
    ),
}


@pytest.fixture
def post_world(world, users, framework_2022):
    """The world of the GET matrix, with an unread notification for every user."""
    from keurmerk.notifications.services import notify

    for user in filter(None, users.values()):
        notify(email=user.email, user=user, subject="Ongelezen", body="Tekst")
    world.framework = framework_2022
    return world


@pytest.mark.parametrize("case", POST_CASES)
@pytest.mark.parametrize("role", ROLES)
def test_post_matrix(post_world, users, role, case):
    url, data, expected, done_for, when, check = POST_CASES[case]
    url, before = url(post_world), snapshot()
    with time_machine.travel(when or timezone.now(), tick=False):
        response = client_for(users[role]).post(url, data(post_world))
    assert response.status_code == expected[role], f"{role} POST {url}: {response.status_code}"
    if role in done_for:
        check(post_world, users[role], response, before)
        return
    assert snapshot() == before, f"{role} POST {url} changed the database"
    if expected[role] == LOGIN:  # sent to sign in (the admin site has its own sign-in page)
        assert response["Location"].startswith(("/account/login/", "/beheer/login/")), response["Location"]


@pytest.mark.parametrize("role", ["member", "outsider"])
def test_removing_another_networks_subcontractor_answers_404(world, users, org_b, role):
    """The link belongs to another organisation's network: through one's own organisation it is 404
    (the member's own practice, or the outsider's organisation that is the subcontractor itself)."""
    own = {"member": world.participation.organisation, "outsider": org_b}[role]
    before = snapshot()
    response = client_for(users[role]).post(
        f"/organisatie/{own.pk}/onderaannemers/{world.link.pk}/verwijderen/"
    )
    assert response.status_code == 404
    assert snapshot() == before
