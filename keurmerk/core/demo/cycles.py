"""Demo content for organisations and the yearly cycle: a published framework for the demo year, the
cycle, organisations whose participations end up in every state, a network with subcontractors, and
a log-in per role. Idempotent.

Every state is reached through the workflow services, as users would reach it: members sign, the
administrator overrides with a reason, the withdrawal of a provider that did not submit is the one
`tick` makes. The later steps (self-evaluations, reports, decisions, complaints) are taken by the
demo modules of those apps, which read the target state of each organisation from ORGANISATIONS.

The demo runs on any day, so each step that checks its phase is taken at a moment inside that
phase (`during`), through the services' own `now` argument; nothing fakes the clock (time-machine
is a test dependency only), so timestamps and audit rows carry the real time of loading.
"""

import datetime
from typing import NamedTuple

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.db import transaction

from keurmerk.assessments.services import participation_withdraw
from keurmerk.cycles.models import Cycle, Participation, State
from keurmerk.cycles.services import (
    cycle_create,
    handbook_dates,
    participation_override,
    participation_sign_agreement,
)
from keurmerk.frameworks.models import Framework, FrameworkStatus
from keurmerk.frameworks.services import framework_copy, framework_transition
from keurmerk.lib.dates import local_today, start_of_day
from keurmerk.organisations.models import Location, Membership, Organisation
from keurmerk.organisations.services import record_held_years, subcontract_add, subcontract_confirm

DEMO_PASSWORD = "demo-keurmerk"  # noqa: S105 - demo log-ins only; demo_data refuses when DEBUG is off
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105


def demo_year(today: datetime.date) -> int:
    """The year of the demo's cycle on the day the demo is loaded: the cycle whose self-evaluations
    are still due (the deadline is 31 January of the cycle's year, handbook Fase 2), so that its
    drafts, open steps and reminders are live and `tick` withdraws nobody the log-ins promise in
    another state. The year before is the register's year for most of the time: the
    `previous_year` demo completes a cycle there, so that the public sees current holders with
    their certificate codes and reports."""
    return today.year if today <= datetime.date(today.year, 1, 31) else today.year + 1


DEMO_YEAR = demo_year(local_today())
# The board adopted the demo framework before the norms became public (1 April of the year before).
DEMO_ADOPTED_ON = datetime.date(DEMO_YEAR - 1, 3, 15)
STAFF = [
    ("beoordelaar@demo.keurmerk.nl", "Bea Beoordelaar", "assessor"),
    ("directeur@demo.keurmerk.nl", "Dirk Directeur", "director"),
    ("beheerder@demo.keurmerk.nl", "Demo Beheerder", "administrator"),
]
INSURER = ("inkoop@demo-verzekeraar.nl", "Ina Inkoper", "insurer")
# The reason `tick` gives when it withdraws a provider that did not submit in time
# (keurmerk/assessments/services.py, withdraw_overdue).
LATE_REASON = "Geen zelfevaluatie ingediend voor de uiterste datum."
OVERRIDE_REASON = (
    "(Demo) Zelfevaluatie en beoordeling zijn buiten het platform afgerond (papieren dossier); "
    "de beheerder legt de kwalificatie hier vast."
)
SIGNER_ROLE = "Praktijkhouder"


class DemoOrganisation(NamedTuple):
    name: str
    kind: str
    kvk: str
    agb: str
    place: str
    postcode: str
    held_years: tuple
    state: str  # the participation's state in the demo cycle once every demo module has run


R = DemoOrganisation
RETURNING = (DEMO_YEAR - 2, DEMO_YEAR - 1)
# Holders of the year before on the platform itself (the previous_year demo): their history stops
# a year earlier, the platform's participation says the rest.
ON_PLATFORM_BEFORE = (DEMO_YEAR - 2,)
# How each gets there: OFFERED/APPLIED/SIGNED stop here (SIGNED with a draft self-evaluation);
# SUBMITTED waits in the assessor's queue; AWARDED qualified in the first report; NOT_QUALIFIED got
# a first report "not yet"; REVISION_SUBMITTED revised and is being assessed; QUALIFIED by the
# administrator's override; WITHDRAWN did not submit in time. The final round (a second report that
# awards or withdraws) and a revision in draft are in keurmerk/core/demo/assessments.py.
ORGANISATIONS = [
    R(
        "Praktijk De Linde",
        "vrijgevestigd",
        "10000001",
        "90000001",
        "Utrecht",
        "3511 AA",
        RETURNING,
        State.OFFERED,
    ),
    R(
        "Psychologenpraktijk Noord",
        "vrijgevestigd",
        "10000002",
        "90000002",
        "Groningen",
        "9711 AB",
        (),
        State.APPLIED,
    ),
    R("GGZ Rivierenland", "instelling", "10000003", "90000003", "Tiel", "4001 AC", RETURNING, State.SIGNED),
    R(
        "Praktijk Zeezicht",
        "vrijgevestigd",
        "10000004",
        "90000004",
        "Den Haag",
        "2511 AD",
        RETURNING,
        State.SUBMITTED,
    ),
    R(
        "Basis GGZ Oost",
        "instelling",
        "10000005",
        "90000005",
        "Enschede",
        "7511 AE",
        ON_PLATFORM_BEFORE,
        State.AWARDED,
    ),
    R(
        "Praktijk Heuvelrug",
        "vrijgevestigd",
        "10000006",
        "90000006",
        "Zeist",
        "3701 AF",
        RETURNING,
        State.NOT_QUALIFIED,
    ),
    R(
        "Praktijk Kade",
        "vrijgevestigd",
        "10000007",
        "90000007",
        "Amsterdam",
        "1011 AG",
        RETURNING,
        State.REVISION_SUBMITTED,
    ),
    R(
        "GGZ Delta",
        "instelling",
        "10000008",
        "90000008",
        "Rotterdam",
        "3011 AH",
        (DEMO_YEAR - 3, *ON_PLATFORM_BEFORE),
        State.AWARDED,
    ),
    R(
        "Praktijk Polder",
        "vrijgevestigd",
        "10000009",
        "90000009",
        "Lelystad",
        "8211 AJ",
        RETURNING,
        State.WITHDRAWN,
    ),
    R(
        "Netwerk Kortdurend Midden",
        "netwerk",
        "10000010",
        "90000010",
        "Amersfoort",
        "3811 AK",
        RETURNING,
        State.SIGNED,
    ),
    R(
        "Praktijk Duinstreek",
        "vrijgevestigd",
        "10000020",
        "90000020",
        "Castricum",
        "1901 AD",
        RETURNING,
        State.QUALIFIED,
    ),
]
NETWORK_KVK = "10000010"
SUBCONTRACTOR_KVKS = ("10000005", "10000008")


def during(day, hour=12):
    """A moment on `day` in Amsterdam: the `now` the demo passes to a step that checks its phase."""
    return start_of_day(day) + datetime.timedelta(hours=hour)


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


def staff_user(role):
    """The demo's assessor, director or administrator (None before the cycle demo ran)."""
    email = next(email for email, _name, staff_role in STAFF if staff_role == role)
    return get_user_model().objects.filter(email=email).first()


def _publish(framework):
    """Concept → in consultation → adopted → published, through the status service, so that the
    framework and its Keurmerkwijzer are public (a concept is shown to staff only)."""
    order = [FrameworkStatus.CONCEPT, FrameworkStatus.CONSULTATION, FrameworkStatus.ADOPTED]
    for to_status in [*order[order.index(framework.status) + 1 :], FrameworkStatus.PUBLISHED]:
        adopted_on = DEMO_ADOPTED_ON if to_status == FrameworkStatus.ADOPTED else None
        framework = framework_transition(framework=framework, to_status=to_status, adopted_on=adopted_on)
    return framework


def _framework():
    framework = Framework.objects.filter(year=DEMO_YEAR).first()
    if framework is None:
        framework = framework_copy(source=Framework.objects.get(year=2022), year=DEMO_YEAR)
        framework.name = f"Keurmerk {DEMO_YEAR} (demo: kopie van het normenkader 2022)"
        framework.save(update_fields=["name"])  # still a concept: the administrator's edit
    if framework.status != FrameworkStatus.PUBLISHED:
        framework = _publish(framework)
    return framework


def _organisation(row):
    """The organisation of `row` with a location, its held years and one member (idempotent)."""
    org, created = Organisation.objects.get_or_create(
        kvk=row.kvk,
        defaults={
            "name": row.name,
            "type": row.kind,
            "agb": row.agb,
            "website": f"https://{row.agb}.demo.keurmerk.nl",
            "contact_email": f"info@{row.agb}.demo.keurmerk.nl",
        },
    )
    if created:
        Location.objects.create(
            organisation=org, address="Demostraat 1", postcode=row.postcode, place=row.place
        )
    record_held_years(org, row.held_years, source="demo")
    member = _user(f"lid@{row.agb}.demo.keurmerk.nl", f"Lid {row.name}", "provider")
    Membership.objects.get_or_create(user=member, organisation=org)
    return org, member


def sign(participation, member):
    """The member signs the agreement, at a moment inside the application window."""
    return participation_sign_agreement(
        participation=participation,
        user=member,
        signer_name=member.get_full_name(),
        signer_role=SIGNER_ROLE,
        now=during(participation.cycle.application_opens),
    )


def withdraw_late(participation):
    """What `tick` does after the self-evaluation deadline to a provider that did not submit."""
    return participation_withdraw(participation=participation, actor=None, reason=LATE_REASON)


def enrol(cycle, row):
    """(participation, member, created): the organisation of `row` in `cycle`, offered (a holder of
    last year) or applied (new), and signed unless its target state is one of those two."""
    org, member = _organisation(row)
    participation, created = Participation.objects.get_or_create(
        organisation=org,
        cycle=cycle,
        defaults={
            "state": State.OFFERED if row.held_years else State.APPLIED,
            "is_returning": bool(row.held_years),
        },
    )
    if created and row.state not in (State.OFFERED, State.APPLIED):
        participation = sign(participation, member)
    return participation, member, created


def _settle(participation, row, admin):
    """The steps of this module's own end states: an override to qualified, a late withdrawal."""
    if row.state == State.QUALIFIED:
        participation_override(
            participation=participation, user=admin, to_state=State.QUALIFIED, reason=OVERRIDE_REASON
        )
    elif row.state == State.WITHDRAWN:
        withdraw_late(participation)


def _network():
    network = Organisation.objects.get(kvk=NETWORK_KVK)
    member = get_user_model().objects.filter(memberships__organisation=network).order_by("pk").first()
    for kvk in SUBCONTRACTOR_KVKS:
        link = subcontract_add(network=network, user=member, identifier=kvk)
        confirmer = get_user_model().objects.filter(memberships__organisation=link.subcontractor).first()
        if confirmer is not None and link.confirmed_at is None:
            subcontract_confirm(link=link, user=confirmer)


@transaction.atomic
def load(stdout):
    users = {
        role: _user(email, name, role, totp=True, is_staff=role == "administrator")
        for email, name, role in STAFF
    }
    _user(*INSURER)
    admin = users["administrator"]
    cycle = Cycle.objects.filter(year=DEMO_YEAR).first() or cycle_create(
        user=admin, year=DEMO_YEAR, framework=_framework(), dates=handbook_dates(DEMO_YEAR)
    )
    if cycle.framework.status != FrameworkStatus.PUBLISHED:
        _publish(cycle.framework)
    for row in ORGANISATIONS:
        participation, _member, created = enrol(cycle, row)
        if created:
            _settle(participation, row, admin)
    _network()
    framework = Framework.objects.get(pk=cycle.framework_id)
    stdout.write(f"  Keurmerkproces {DEMO_YEAR} op {framework.name} ({framework.get_status_display()}).")


def print_logins(stdout):
    """The log-ins of the demo: staff, the insurer and one member per participating organisation."""
    stdout.write(f"  Demo-wachtwoord voor iedereen: {DEMO_PASSWORD}")
    stdout.write(
        f"  Staf (beoordelaar, directeur, beheerder) gebruikt tweestapsverificatie; TOTP-geheim {DEMO_TOTP_SECRET}"
    )
    stdout.write("  (of: .venv/bin/python manage.py demo_totp  — toont de actuele code)")
    for email, _name, role in [*STAFF, INSURER]:
        stdout.write(f"  {role:<14} {email}")
    current = Participation.objects.filter(cycle__year=DEMO_YEAR)
    # and the organisations that only took part the year before (the withdrawn certificate)
    before = Participation.objects.filter(cycle__year=DEMO_YEAR - 1).exclude(
        organisation__in=current.values("organisation")
    )
    participations = (current | before).select_related("organisation", "cycle").order_by("organisation__kvk")
    for participation in participations:
        org = participation.organisation
        member = Membership.objects.filter(organisation=org).select_related("user").order_by("pk").first()
        email = member.user.email if member else "(geen lid)"
        year = "" if participation.cycle.year == DEMO_YEAR else f"{participation.cycle.year}: "
        stdout.write(f"  {'provider':<14} {email:<34} {org.name} ({year}{participation.get_state_display()})")
    stdout.write(f"  Peildatum demo: keurmerkproces {DEMO_YEAR}, {local_today():%d-%m-%Y}")
