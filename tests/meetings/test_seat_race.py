"""Two registrations for the last place at the same moment: one gets it, the other the waiting list.
Real parallel connections on both databases (the meeting row is locked before the places are
counted); on SQLite's in-memory test database a held write lock is waited for as the busy timeout
does on a database file."""

import threading

from django.db import connections

from keurmerk.meetings.models import Registration, RegistrationStatus
from keurmerk.meetings.services import registration_create
from tests.conftest import waiting_for_the_lock

from .conftest import BEFORE, plan


def test_two_registrations_for_the_last_place_at_once(transactional_db, cycle, users, org_a, org_b):
    meeting = plan(cycle, users["administrator"], capacity=1)
    barrier, outcomes = threading.Barrier(2), []

    def register(organisation, user):
        try:
            barrier.wait()
            registration = waiting_for_the_lock(
                lambda: registration_create(meeting=meeting, organisation=organisation, user=user, now=BEFORE)
            )
            outcomes.append(registration.status)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=register, args=(org_a, users["member"])),
        threading.Thread(target=register, args=(org_b, users["outsider"])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == [RegistrationStatus.REGISTERED, RegistrationStatus.WAITING]
    statuses = sorted(Registration.objects.values_list("status", flat=True))
    assert statuses == [RegistrationStatus.REGISTERED, RegistrationStatus.WAITING]


def test_many_registrations_never_overbook(transactional_db, cycle, users, org_a, org_b):
    """Eight organisations race for three places: exactly three get one, in no case more."""
    from tests.conftest import make_organisation

    meeting = plan(cycle, users["administrator"], capacity=3)
    organisations = [make_organisation(f"Praktijk {n}", f"4000000{n}", f"5000000{n}") for n in range(8)]
    barrier, outcomes = threading.Barrier(8), []

    def register(organisation):
        try:
            barrier.wait()
            registration = waiting_for_the_lock(
                lambda: registration_create(
                    meeting=meeting, organisation=organisation, user=users["member"], now=BEFORE
                )
            )
            outcomes.append(registration.status)
        except Exception as error:  # noqa: BLE001
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(o,)) for o in organisations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == [RegistrationStatus.REGISTERED] * 3 + [RegistrationStatus.WAITING] * 5
    assert Registration.objects.filter(status=RegistrationStatus.REGISTERED).count() == 3
