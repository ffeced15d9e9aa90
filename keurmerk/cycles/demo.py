"""Demo content for organisations and the yearly cycle: a cycle with participations in every state,
a network with subcontractors, and a log-in per role. Idempotent."""

import datetime

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.db import transaction

from keurmerk.assessments.services import participation_award, participation_withdraw
from keurmerk.frameworks.models import Framework
from keurmerk.frameworks.services import framework_copy
from keurmerk.lib.dates import local_today
from keurmerk.organisations.models import Location, Membership, Organisation, Subcontract
from keurmerk.organisations.services import record_held_years

from .models import Cycle, Participation, Phase, State
from .services import (
    cycle_create,
    handbook_dates,
    participation_grant_extension,
    participation_override,
    participation_sign_agreement,
)

DEMO_PASSWORD = "demo-keurmerk"  # noqa: S105 - demo log-ins only; demo_data refuses when DEBUG is off
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105
DEMO_YEAR = 2027
STAFF = [
    ("beoordelaar@demo.keurmerk.nl", "Bea Beoordelaar", "assessor"),
    ("directeur@demo.keurmerk.nl", "Dirk Directeur", "director"),
    ("beheerder@demo.keurmerk.nl", "Demo Beheerder", "administrator"),
]
# (name, type, kvk, agb, place, postcode, held years, state in the demo cycle)
ORGANISATIONS = [
    (
        "Praktijk De Linde",
        "vrijgevestigd",
        "10000001",
        "90000001",
        "Utrecht",
        "3511 AA",
        [2025, 2026],
        State.OFFERED,
    ),
    (
        "Psychologenpraktijk Noord",
        "vrijgevestigd",
        "10000002",
        "90000002",
        "Groningen",
        "9711 AB",
        [],
        State.APPLIED,
    ),
    ("GGZ Rivierenland", "instelling", "10000003", "90000003", "Tiel", "4001 AC", [2025, 2026], State.SIGNED),
    (
        "Praktijk Zeezicht",
        "vrijgevestigd",
        "10000004",
        "90000004",
        "Den Haag",
        "2511 AD",
        [2025, 2026],
        State.SUBMITTED,
    ),
    (
        "Basis GGZ Oost",
        "instelling",
        "10000005",
        "90000005",
        "Enschede",
        "7511 AE",
        [2025, 2026],
        State.QUALIFIED,
    ),
    (
        "Praktijk Heuvelrug",
        "vrijgevestigd",
        "10000006",
        "90000006",
        "Zeist",
        "3701 AF",
        [2025, 2026],
        State.NOT_QUALIFIED,
    ),
    (
        "Praktijk Kade",
        "vrijgevestigd",
        "10000007",
        "90000007",
        "Amsterdam",
        "1011 AG",
        [2025, 2026],
        State.REVISION_SUBMITTED,
    ),
    (
        "GGZ Delta",
        "instelling",
        "10000008",
        "90000008",
        "Rotterdam",
        "3011 AH",
        [2024, 2025, 2026],
        State.AWARDED,
    ),
    (
        "Praktijk Polder",
        "vrijgevestigd",
        "10000009",
        "90000009",
        "Lelystad",
        "8211 AJ",
        [2025, 2026],
        State.WITHDRAWN,
    ),
    (
        "Netwerk Kortdurend Midden",
        "netwerk",
        "10000010",
        "90000010",
        "Amersfoort",
        "3811 AK",
        [2025, 2026],
        State.SIGNED,
    ),
]


def _user(email, name, role, *, totp=False, is_staff=False):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        first, _sep, last = name.partition(" ")
        user = User.objects.create_user(
            username=email,
            email=email,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            role=role,
            is_staff=is_staff,
            is_superuser=is_staff,
        )
    elif user.role != role:
        user.role = role
        user.save(update_fields=["role"])
    if totp and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


def _framework():
    framework = Framework.objects.filter(year=DEMO_YEAR).first()
    if framework is None:
        framework = framework_copy(source=Framework.objects.get(year=2022), year=DEMO_YEAR)
        framework.name = f"Keurmerk {DEMO_YEAR} (demo: kopie van het normenkader 2022)"
        framework.save(update_fields=["name"])
    return framework


def _organisation(row):
    name, kind, kvk, agb, place, postcode, years, state = row
    org, created = Organisation.objects.get_or_create(
        kvk=kvk,
        defaults={
            "name": name,
            "type": kind,
            "agb": agb,
            "website": f"https://{agb}.demo.keurmerk.nl",
            "contact_email": f"info@{agb}.demo.keurmerk.nl",
        },
    )
    if created:
        Location.objects.create(organisation=org, address="Demostraat 1", postcode=postcode, place=place)
    record_held_years(org, years, source="demo")
    member = _user(f"lid@{agb}.demo.keurmerk.nl", f"Lid {name}", "provider")
    Membership.objects.get_or_create(user=member, organisation=org)
    return org, state, member


def _participate(cycle, admin, org, state, held_years, member):
    participation, created = Participation.objects.get_or_create(
        organisation=org,
        cycle=cycle,
        defaults={"state": State.OFFERED if held_years else State.APPLIED, "is_returning": bool(held_years)},
    )
    if not created or state in (State.OFFERED, State.APPLIED):
        return
    # Signed for real (after an extension, as the demo runs after the application window).
    participation_grant_extension(
        participation=participation,
        user=admin,
        phase=Phase.APPLICATION,
        until=local_today(),
        reason="Demogegevens: ondertekening na de aanmeldperiode",
    )
    participation_sign_agreement(
        participation=participation,
        user=member,
        signer_name=member.get_full_name(),
        signer_role="Praktijkhouder",
    )
    if state == State.AWARDED:
        participation_override(
            participation=participation, user=admin, to_state=State.QUALIFIED, reason="Demogegevens"
        )
        participation_award(participation=participation, actor=admin, reason="Demogegevens")
    elif state == State.WITHDRAWN:
        participation_withdraw(
            participation=participation, actor=admin, reason="Demogegevens: niet gekwalificeerd"
        )
    elif state != State.SIGNED:
        participation_override(participation=participation, user=admin, to_state=state, reason="Demogegevens")


@transaction.atomic
def load(stdout):
    users = {
        role: _user(email, name, role, totp=True, is_staff=role == "administrator")
        for email, name, role in STAFF
    }
    _user("inkoop@demo-verzekeraar.nl", "Ina Inkoper", "insurer")
    admin = users["administrator"]
    cycle = Cycle.objects.filter(year=DEMO_YEAR).first() or cycle_create(
        user=admin, year=DEMO_YEAR, framework=_framework(), dates=handbook_dates(DEMO_YEAR)
    )
    members = []
    for row in ORGANISATIONS:
        org, state, member = _organisation(row)
        _participate(cycle, admin, org, state, row[6], member)
        members.append((member.email, org.name, Participation.objects.get(organisation=org, cycle=cycle)))
    network = Organisation.objects.get(kvk="10000010")
    for kvk in ("10000005", "10000008"):
        Subcontract.objects.get_or_create(network=network, subcontractor=Organisation.objects.get(kvk=kvk))
    _print(stdout, members)


def _print(stdout, members):
    stdout.write(f"  Demo-wachtwoord voor iedereen: {DEMO_PASSWORD}")
    stdout.write(
        f"  Staf (beoordelaar, directeur, beheerder) gebruikt tweestapsverificatie; TOTP-geheim {DEMO_TOTP_SECRET}"
    )
    stdout.write("  (of: .venv/bin/python manage.py demo_totp  — toont de actuele code)")
    for email, _name, role in STAFF:
        stdout.write(f"  {role:<14} {email}")
    stdout.write(f"  {'insurer':<14} inkoop@demo-verzekeraar.nl")
    for email, org, participation in members:
        stdout.write(f"  {'provider':<14} {email:<34} {org} ({participation.get_state_display()})")
    stdout.write(f"  Peildatum demo: keurmerkproces {DEMO_YEAR}, {datetime.date.today():%d-%m-%Y}")
