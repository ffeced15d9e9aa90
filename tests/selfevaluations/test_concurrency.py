"""Concurrent saves of the same answer from the same version: exactly one wins, every other one gets
a conflict, and the stored text is the winner's. Real parallel connections on both databases; on
SQLite's in-memory test database a held write lock is waited for as the busy timeout does on a
database file (bench/autosave_load.py shows the same against a file under load)."""

import threading

from django.db import connections

from keurmerk.cycles.models import Participation, State
from keurmerk.selfevaluations.models import Answer
from keurmerk.selfevaluations.services import AnswerConflict, answer_save, self_evaluation_start
from tests.conftest import waiting_for_the_lock

from .conftest import DURING


def test_one_of_many_concurrent_saves_wins(transactional_db, participation, users):
    import time_machine

    Participation.objects.filter(pk=participation.pk).update(state=State.SIGNED)
    with time_machine.travel(DURING, tick=True):
        se = self_evaluation_start(participation=participation, user=users["member"])
    answer = Answer.objects.select_related("self_evaluation").get(
        self_evaluation=se, criterion__key="wachttijd-kort"
    )
    barrier, outcomes = threading.Barrier(8), []

    def save(n):
        try:
            barrier.wait()
            waiting_for_the_lock(
                lambda: answer_save(
                    answer=Answer.objects.get(pk=answer.pk),
                    user=users["member"],
                    version=0,
                    explanation=f"Tekst {n}",
                )
            )
            outcomes.append(("saved", n))
        except AnswerConflict:
            outcomes.append(("conflict", n))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = [n for kind, n in outcomes if kind == "saved"]
    assert len(saved) == 1 and len(outcomes) == 8
    stored = Answer.objects.get(pk=answer.pk)
    assert (stored.explanation, stored.version) == (f"Tekst {saved[0]}", 1)
