"""Fault test: the worker is killed (SIGKILL) while an SMTP server of our own stalls in the middle
of a send. After `tick` and a restart of the worker every notification has arrived exactly once."""

import json
import os
import signal
import time

from tests.deploy.production import PYTHON, fresh_database, manage, production_env, start, stop
from tests.notifications.smtp import StallingSMTPServer

SUBJECTS = [f"Melding {i}" for i in range(5)]
NOTIFY = f"""
from django.db import transaction
from keurmerk.notifications.services import notify
with transaction.atomic():
    for i, subject in enumerate({SUBJECTS!r}):
        notify(email=f"ontvanger{{i}}@example.nl", subject=subject, body="Tekst")
"""
STATE = """
import json
from django_tasks_db.models import DBTaskResult
from keurmerk.notifications.models import Notification
rows = Notification.objects.order_by("subject")
print(json.dumps({
    "sent": [n.sent_at is not None for n in rows],
    "claimed": [n.sending_since is not None for n in rows],
    "running": DBTaskResult.objects.running().count(),
    "ready": DBTaskResult.objects.ready().count(),
}))
"""
LEASE = 3  # seconds, for both the claim of a notification and a RUNNING task


def _state(env):
    return json.loads(manage(env, "shell", "-c", STATE).stdout.strip().splitlines()[-1])


def _worker(env, log_path, *extra):
    return start(
        env, PYTHON, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", *extra, log_path=log_path
    )


def test_a_worker_killed_mid_send_loses_nothing_and_sends_nothing_twice(tmp_path):
    with StallingSMTPServer(stall_first=True) as smtp, fresh_database(tmp_path) as database_url:
        env = production_env(
            tmp_path,
            database_url,
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp.port),
            EMAIL_TIMEOUT="120",
            KEURMERK_SEND_LEASE_SECONDS=str(LEASE),
            KEURMERK_TASK_LEASE_SECONDS=str(LEASE),
        )
        manage(env, "migrate", "--noinput")
        manage(env, "shell", "-c", NOTIFY)

        worker = _worker(env, tmp_path / "worker.log", "--interval", "0.2")
        try:
            assert smtp.stalled.wait(120), (tmp_path / "worker.log").read_text()
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
        finally:
            stop(worker)
        killed = _state(env)
        assert killed["sent"].count(True) == 0 and killed["claimed"].count(True) == 1
        assert (killed["running"], killed["ready"]) == (1, 4)  # the killed task is stuck RUNNING

        time.sleep(LEASE + 1)
        assert "taken hervat: 1" in manage(env, "tick").stdout
        restarted = _worker(env, tmp_path / "worker2.log", "--batch")
        assert restarted.wait(timeout=180) == 0, (tmp_path / "worker2.log").read_text()

        after = _state(env)
        assert after["sent"] == [True] * 5 and after["claimed"] == [False] * 5
        assert (after["running"], after["ready"]) == (0, 0)
        assert sorted(m["Subject"] for m in smtp.messages) == SUBJECTS
        assert len({m["Message-ID"] for m in smtp.messages}) == 5
