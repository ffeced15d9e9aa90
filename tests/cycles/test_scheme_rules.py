"""The three scheme rules that drifted apart, through the pages (handbook hoofdstuk 4, Fase 4):

1. a provider whose mark was withdrawn applies again in the application window;
2. that re-applicant holds the mark only from 1 April: not in the register before, and
   verification says "geldig vanaf 1 april";
3. an administrator's override to "withdrawn" has exactly the effects of a withdrawal by report.

And the register, the holder page and verification agree on every date of a year.
"""

import datetime

import pytest
import time_machine

from keurmerk.assessments.models import Certificate
from keurmerk.assessments.services import participation_award
from keurmerk.audit.models import AuditEvent
from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.services import cycle_create, handbook_dates, participation_override
from keurmerk.notifications.models import Notification
from tests.conftest import amsterdam, client_for

IN_WINDOW = amsterdam(2026, 9, 15, 10)
AFTER_WINDOW = amsterdam(2026, 11, 2, 10)


@pytest.fixture
def withdrawn_last_year(framework_2022, org_a, users, cycle):
    """Praktijk Amstel's mark of 2026 was withdrawn; the 2027 cycle is open for applications."""
    previous = cycle_create(
        user=users["administrator"], year=2026, framework=framework_2022, dates=handbook_dates(2026)
    )
    return Participation.objects.create(organisation=org_a, cycle=previous, state=State.WITHDRAWN)


# -- rule 1: re-application -------------------------------------------------------------------


@time_machine.travel(IN_WINDOW, tick=False)
def test_a_withdrawn_provider_applies_again_from_its_start_page(withdrawn_last_year, users, cycle, org_a):
    member = client_for(users["member"])
    assert 'href="/start/"' in member.get("/aanmelden/").text  # the known organisation applies there
    start = member.get("/start/").text
    assert "Aanmelden voor het Keurmerk 2027" in start
    assert "pas vanaf 1 april 2027" in start
    response = member.post(f"/aanmelden/organisatie/{org_a.pk}/")
    participation = Participation.objects.get(organisation=org_a, cycle=cycle)
    assert (
        response.status_code == 302 and response["Location"] == f"/deelname/{participation.pk}/overeenkomst/"
    )
    assert participation.state == State.APPLIED
    assert AuditEvent.objects.filter(
        action="applied", participation=participation, actor=users["member"]
    ).exists()
    # Once applied, the start page offers the agreement, not a second application.
    start = member.get("/start/").text
    assert "Aanmelden voor het Keurmerk 2027" not in start and "Onderteken de overeenkomst" in start
    again = member.post(f"/aanmelden/organisatie/{org_a.pk}/", follow=True)
    assert "al aangemeld" in again.text
    assert Participation.objects.filter(organisation=org_a, cycle=cycle).count() == 1


@time_machine.travel(IN_WINDOW, tick=False)
@pytest.mark.parametrize(
    "role", ["anonymous", "outsider", "insurer", "assessor", "director", "administrator"]
)
def test_only_a_member_applies_for_its_organisation(withdrawn_last_year, users, cycle, org_a, role):
    response = client_for(users[role]).post(f"/aanmelden/organisatie/{org_a.pk}/")
    assert response.status_code in {302, 403, 404}
    if role == "anonymous":
        assert response["Location"].startswith("/account/login/")
    elif role == "outsider":
        assert response.status_code == 404
    assert not Participation.objects.filter(organisation=org_a, cycle=cycle).exists()


@time_machine.travel(AFTER_WINDOW, tick=False)
def test_applying_again_outside_the_window_is_refused_with_its_dates(
    withdrawn_last_year, users, cycle, org_a
):
    member = client_for(users["member"])
    assert "Aanmelden voor het Keurmerk 2027" not in member.get("/start/").text
    response = member.post(f"/aanmelden/organisatie/{org_a.pk}/", follow=True)
    assert "De aanmeldperiode is gesloten." in response.text
    assert not Participation.objects.filter(organisation=org_a, cycle=cycle).exists()


# -- rule 2: public from 1 April ----------------------------------------------------------------


def test_a_re_applicant_qualified_in_february_is_public_from_1_april(
    withdrawn_last_year, users, cycle, org_a
):
    participation = Participation.objects.create(organisation=org_a, cycle=cycle, state=State.QUALIFIED)
    with time_machine.travel(amsterdam(2027, 2, 10, 12), tick=False):
        code = participation_award(participation=participation, actor=users["assessor"]).code
    public = client_for(None)
    with time_machine.travel(amsterdam(2027, 3, 31, 23, 59), tick=False):
        assert org_a.agb not in public.get("/register.json").text
        assert public.get(f"/register/{org_a.agb}/").status_code == 404
        verify = public.get(f"/register/verify/{code}").text
        assert "Geldig vanaf 1 april 2027." in verify and "Geldig." not in verify
    with time_machine.travel(amsterdam(2027, 4, 1, 0, 0), tick=False):
        holders = public.get("/register.json").json()["holders"]
        assert [(h["agb"], h["valid_from"], h["certificate_code"]) for h in holders] == [
            (org_a.agb, "2027-04-01", code)
        ]
        assert "Geldig." in public.get(f"/register/verify/{code}").text


# -- rule 3: an override carries a withdrawal's consequences -------------------------------------


def _effects(participation):
    """What a withdrawal brings, as the database and the public pages show it."""
    participation.refresh_from_db()
    certificate = Certificate.objects.get(participation=participation)
    public = client_for(None)
    event = AuditEvent.objects.filter(participation=participation, to_state=State.WITHDRAWN).get()
    notices = Notification.objects.filter(
        kind="withdrawn", user__memberships__organisation=participation.organisation
    )
    return {
        "state": participation.state,
        "agreement dissolved": participation.agreement_dissolved_at is not None,
        "certificate revoked": certificate.revoked_at is not None,
        "in register": participation.organisation.agb in public.get("/register.json").text,
        "holder page": public.get(f"/register/{participation.organisation.agb}/").status_code,
        "verification": "Ingetrokken." in public.get(f"/register/verify/{certificate.code}").text,
        "audit": (event.from_state, event.to_state),
        "notices": notices.count(),
    }


def _awarded(organisation, cycle, users):
    participation = Participation.objects.create(
        organisation=organisation, cycle=cycle, state=State.QUALIFIED
    )
    participation_award(participation=participation, actor=users["assessor"])
    return participation


@time_machine.travel(amsterdam(2027, 6, 1, 12), tick=False)
def test_an_override_to_withdrawn_has_exactly_the_effects_of_a_withdrawal_by_report(
    cycle, org_a, org_b, users
):
    from keurmerk.assessments.services import participation_withdraw

    by_report = _awarded(org_a, cycle, users)
    by_override = _awarded(org_b, cycle, users)
    participation_withdraw(participation=by_report, actor=users["assessor"], reason="Eindrapportage")
    participation_override(
        participation=by_override, user=users["administrator"], to_state=State.WITHDRAWN, reason="Besluit"
    )
    expected = {
        "state": State.WITHDRAWN,
        "agreement dissolved": True,
        "certificate revoked": True,
        "in register": False,
        "holder page": 404,
        "verification": True,
        "audit": (State.AWARDED, State.WITHDRAWN),
        "notices": 1,
    }
    assert _effects(by_report) == expected
    assert _effects(by_override) == expected
    assert (
        AuditEvent.objects.get(participation=by_override, to_state=State.WITHDRAWN).action
        == "state_overridden"
    )


# -- the register, the holder page and verification agree on every date --------------------------


def test_register_holder_page_and_verification_agree_on_every_date_of_the_year(
    withdrawn_last_year, cycle, org_a, org_b, users
):
    """A first-time holder withdrawn in February, and the re-applicant qualified in February."""
    from keurmerk.assessments.services import participation_withdraw
    from keurmerk.register.selectors import holder_entry, register_entries, verify_certificate

    with time_machine.travel(amsterdam(2026, 10, 1, 12), tick=False):
        first = _awarded(org_b, cycle, users)
        Participation.objects.filter(pk=first.pk).update(signed_at=amsterdam(2026, 10, 1, 12))
    with time_machine.travel(amsterdam(2027, 2, 10, 12), tick=False):
        returning = _awarded(org_a, cycle, users)
        participation_withdraw(participation=first, actor=users["director"], reason="Klacht")
    certificates = {p.organisation.agb: p.certificate.code for p in (first, returning)}
    day = datetime.date(2027, 1, 1)
    while day.year == 2027:
        listed = {e.organisation.agb for e in register_entries(on=day)}
        for agb, code in certificates.items():
            status, _certificate = verify_certificate(code, on=day)
            on_page = holder_entry(agb, on=day) is not None
            assert (agb in listed) == on_page == status.is_valid, (day, agb, status)
        day += datetime.timedelta(days=1)
    assert verify_certificate(certificates[org_b.agb], on=datetime.date(2027, 3, 31))[0].withdrawn_per == (
        datetime.date(2027, 4, 1)
    )
