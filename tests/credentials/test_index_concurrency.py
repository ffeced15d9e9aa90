"""Status-list places are allocated without collision when several awards run at the same time."""

import random
import secrets
import threading

from django.db import connections

from keurmerk.assessments.models import Certificate
from keurmerk.assessments.services import participation_award
from keurmerk.cycles.models import Participation, State
from tests.conftest import make_organisation, waiting_for_the_lock


def test_concurrent_awards_get_distinct_places(transactional_db, cycle, users, monkeypatch):
    participations = [
        Participation.objects.create(
            organisation=make_organisation(f"Praktijk {n}", f"7000000{n}", f"8000000{n}"),
            cycle=cycle,
            state=State.QUALIFIED,
        )
        for n in range(6)
    ]
    # A tiny random range, so that the concurrent awards draw the same place again and again.
    source, lock = random.Random(18), threading.Lock()

    def randbelow(_n):
        with lock:
            return source.randrange(8)

    monkeypatch.setattr(secrets, "randbelow", randbelow)
    barrier, errors = threading.Barrier(len(participations)), []

    def award(participation):
        try:
            barrier.wait()
            waiting_for_the_lock(
                lambda: participation_award(participation=participation, actor=users["assessor"])
            )
        except Exception as error:  # reported below with the thread's participation
            errors.append((participation.pk, error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=award, args=(p,)) for p in participations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    indexes = list(Certificate.objects.values_list("status_list_index", flat=True))
    assert len(indexes) == 6 and len(set(indexes)) == 6 and all(0 <= i < 8 for i in indexes)
