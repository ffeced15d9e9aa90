"""The submission locks the answers it checks: an autosave that empties a required answer while the
self-evaluation is being submitted can never leave a submitted self-evaluation with an empty
required answer. Two real connections, on both databases.

The autosave holds its row lock in an open transaction while the submission runs (on PostgreSQL a
single UPDATE holds it only for a moment; the test widens that moment). Without the lock on the
answers the submission read the old text, was blocked only when it bumped the versions, and then
committed over the emptied answer."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from keurmerk.selfevaluations.models import Answer, SelfEvaluation, Status
from keurmerk.selfevaluations.services import IncompleteError
from tests.conftest import waiting_for_the_lock

from .conftest import answer_for, fill_all, submit

pytestmark = pytest.mark.django_db(transaction=True)


def _wait_until_someone_waits_for_a_lock(timeout=5.0):
    """On PostgreSQL: until another backend waits for a row lock; elsewhere a short pause (SQLite
    serialises writers: the submission waits for the autosave's write lock)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if connection.vendor != "postgresql":
            time.sleep(0.3)
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
        time.sleep(0.02)


def test_an_autosave_that_empties_an_answer_during_submission(self_evaluation, users):
    fill_all(self_evaluation)
    required = answer_for(self_evaluation, "wachttijd-kort")
    saved, outcome = threading.Event(), {}

    def autosave():
        try:
            with transaction.atomic():
                changed = Answer.objects.filter(pk=required.pk, version=required.version).update(
                    explanation="", version=required.version + 1
                )
                outcome["autosave"] = changed
                saved.set()
                _wait_until_someone_waits_for_a_lock()
        finally:
            connections.close_all()

    def submission():
        saved.wait(5)
        try:
            waiting_for_the_lock(
                lambda: submit(SelfEvaluation.objects.get(pk=self_evaluation.pk), users["member"])
            )
            outcome["submission"] = "submitted"
        except IncompleteError:
            outcome["submission"] = "incomplete"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=autosave), threading.Thread(target=submission)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    stored = SelfEvaluation.objects.get(pk=self_evaluation.pk)
    assert outcome == {"autosave": 1, "submission": "incomplete"}
    assert stored.status == Status.DRAFT and stored.submitted_at is None
    assert Answer.objects.get(pk=required.pk).explanation == ""
