"""The audit key is not in the database: required from the environment when debug is off, generated
once (mode 0600) into the data directory in development."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from keurmerk.audit.keys import load_audit_key

START = "import django; django.setup(); from django.conf import settings; print(len(settings.AUDIT_KEY))"


def start_settings(tmp_path, **env):
    """Import the real settings in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KEURMERK_"))}
    clean.update(DJANGO_SETTINGS_MODULE="keurmerk.settings", KEURMERK_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(  # noqa: S603 - our own interpreter, a constant script
        [sys.executable, "-c", START],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_settings_refuse_to_start_with_debug_off_and_no_key(tmp_path):
    result = start_settings(tmp_path, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="s" * 50)
    assert result.returncode != 0
    assert "KEURMERK_AUDIT_KEY must be set when DJANGO_DEBUG is off" in result.stderr
    assert not (tmp_path / "audit.key").exists()  # production never falls back to a generated key


def test_settings_start_with_debug_off_and_a_key_from_the_environment(tmp_path):
    import json

    from keurmerk.credentials.keys import new_private_jwk

    # Production also requires the credential signing keys (settings block of keurmerk/credentials).
    result = start_settings(
        tmp_path,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="s" * 50,
        KEURMERK_AUDIT_KEY="k" * 40,
        KEURMERK_CREDENTIAL_KEYS=json.dumps([new_private_jwk()]),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "40"


def test_a_short_key_is_refused():
    with pytest.raises(ImproperlyConfigured, match="at least 32"):
        load_audit_key(env_value="kort", debug=False, data_dir=None)


def test_development_generates_the_key_once_with_mode_0600(tmp_path):
    first = load_audit_key(env_value="", debug=True, data_dir=tmp_path)
    second = load_audit_key(env_value="", debug=True, data_dir=tmp_path)
    assert first == second and len(first) >= 32
    assert (tmp_path / "audit.key").stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["audit.key"]  # no temporary file left behind


def test_a_key_file_readable_by_others_is_refused(tmp_path):
    load_audit_key(env_value="", debug=True, data_dir=tmp_path)
    (tmp_path / "audit.key").chmod(0o644)
    with pytest.raises(ImproperlyConfigured, match="chmod 600"):
        load_audit_key(env_value="", debug=True, data_dir=tmp_path)
