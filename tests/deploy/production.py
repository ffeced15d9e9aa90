"""A production-like run in subprocesses: debug off, its own data directory and database (a file
SQLite database, or a fresh PostgreSQL database when the suite runs on PostgreSQL), the real
`manage.py`, gunicorn and `db_worker`. Used by the deployment and the worker-crash tests."""

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from keurmerk.credentials.keys import new_private_jwk

BASE_DIR = Path(settings.BASE_DIR)
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def fresh_database(tmp_path):
    """A DATABASE_URL (or None for SQLite in the data directory) for a database of its own."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield None
        return
    import psycopg

    parts = urlsplit(url)
    name = f"keurmerk_run_{secrets.token_hex(4)}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(data_dir, database_url=None, **extra) -> dict:
    """Debug off with the required variables (secret key, hosts, audit key); plain HTTP on 127.0.0.1, so the switches for
    a TLS proxy are set (no redirect, no HSTS, cookies without the Secure flag)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KEURMERK_", "EMAIL_"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)  # a run asks for Redis itself (`extra`)
    env.update(
        DJANGO_SETTINGS_MODULE="keurmerk.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        KEURMERK_AUDIT_KEY=secrets.token_urlsafe(48),
        KEURMERK_CREDENTIAL_KEYS=json.dumps([new_private_jwk()]),
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DJANGO_SECURE_COOKIES="false",
        KEURMERK_DATA_DIR=str(data_dir),
        PYTHONUNBUFFERED="1",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra)
    return env


def manage(env, *args, timeout=300) -> subprocess.CompletedProcess:
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


def start(env, *argv, log_path) -> subprocess.Popen:
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process by stop()
    return subprocess.Popen(argv, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603


def start_gunicorn(env, port, *, workers=3, log_path) -> subprocess.Popen:
    process = start(
        env,
        GUNICORN,
        "keurmerk.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        log_path=log_path,
    )
    wait_for(f"http://127.0.0.1:{port}/gezondheid/", process, log_path)
    return process


def wait_for(url, process, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, Path(log_path).read_text()
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
                if response.status == 200:
                    return
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer:\n{Path(log_path).read_text()}")


def stop(process, timeout=20):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
