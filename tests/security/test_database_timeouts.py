"""Database timeouts, and a background worker that waits for the database instead of exiting."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError, connection
from django.db.backends.postgresql.base import DatabaseWrapper

from keurmerk.lib.database import with_timeouts
from keurmerk.notifications.models import Notification
from keurmerk.notifications.services import notify


def test_the_configured_connection_has_its_timeouts(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "30s"
            assert connection.settings_dict["OPTIONS"]["connect_timeout"] == 5
        else:
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20_000


def test_statement_timeout_from_the_environment_is_passed_on():
    database = with_timeouts(
        dj_database_url.parse("postgres://u@h:5432/d?options=-c%20search_path%3Dx"),
        connect_timeout=2,
        statement_timeout_ms=1500,
        busy_timeout=9,
    )
    assert database["OPTIONS"] == {
        "connect_timeout": 2,
        "options": "-c search_path=x -c statement_timeout=1500",
    }
    assert database["CONN_HEALTH_CHECKS"] is True
    sqlite = with_timeouts(
        {"ENGINE": "django.db.backends.sqlite3", "OPTIONS": {}},
        connect_timeout=2,
        statement_timeout_ms=1,
        busy_timeout=9,
    )
    assert sqlite["OPTIONS"] == {"timeout": 9}


@pytest.fixture
def silent_server():
    """A TCP server that accepts connections and never answers (a hung database)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def test_a_database_that_never_answers_fails_within_the_connect_timeout(silent_server, django_db_blocker):
    database = with_timeouts(
        dj_database_url.parse(f"postgres://postgres@127.0.0.1:{silent_server}/keurmerk"),
        connect_timeout=1,
        statement_timeout_ms=1000,
        busy_timeout=1,
    )
    wrapper = DatabaseWrapper(
        {
            **database,
            "TIME_ZONE": None,
            "ATOMIC_REQUESTS": False,
            "AUTOCOMMIT": True,
            "CONN_MAX_AGE": 0,
            "TEST": {},
        }
    )
    started = time.monotonic()
    with django_db_blocker.unblock(), pytest.raises(OperationalError):
        wrapper.ensure_connection()
    assert time.monotonic() - started < 5


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


@pytest.mark.parametrize("away", ["postgresql", "sqlite"])
def test_the_worker_waits_for_an_unreachable_database_instead_of_exiting(tmp_path, away):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "keurmerk.settings", "KEURMERK_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    if away == "postgresql":
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{_closed_port()}/keurmerk"
    else:
        env["SQLITE_PATH"] = str(tmp_path / "not-there-yet" / "keurmerk.sqlite3")
    command = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.1",
        "--db-retry-delay",
        "0.2",
        "--db-retry-max",
        "0.4",
    ]
    worker = subprocess.Popen(  # noqa: S603 - our own manage.py
        command,
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = []
    reader = threading.Thread(target=lambda: lines.extend(worker.stderr), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 90  # a loaded machine takes a while to start Django
        while sum("Database niet bereikbaar" in line for line in lines) < 3 and time.monotonic() < deadline:
            assert worker.poll() is None, "".join(lines)  # it must not exit
            time.sleep(0.1)
        assert worker.poll() is None, "".join(lines)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        reader.join(5)
    assert sum("Database niet bereikbaar" in line for line in lines) >= 3, "".join(lines)


def test_the_worker_carries_on_once_the_database_is_back(transactional_db):
    """The first attempts fail as a database that went away does; then the queue is worked off."""
    notification = notify(email="a@b.test", subject="Onderwerp", body="Tekst")
    failures = {"left": 3}

    def database_away(execute, sql, params, many, context):
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(database_away):
        call_command(
            "db_worker",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0",
            "--db-retry-delay",
            "0.01",
            verbosity=0,
        )
    assert failures["left"] == 0
    assert Notification.objects.get(pk=notification.pk).sent_at is not None
    assert len(mail.outbox) == 1
