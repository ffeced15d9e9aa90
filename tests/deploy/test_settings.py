"""Production settings: secure by default with debug off, switches for a TLS proxy, CSRF behind it."""

import json
import os
import secrets
import subprocess
import sys

from django.conf import settings
from django.test import Client, override_settings

from keurmerk.credentials.keys import new_private_jwk
from tests.conftest import PASSWORD

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "keurmerk.example.org",
    # required with debug off by the audit log (its chain key is never in the database)
    "KEURMERK_AUDIT_KEY": secrets.token_urlsafe(48),
    # and by the certificates' signing key (never generated in production)
    "KEURMERK_CREDENTIAL_KEYS": json.dumps([new_private_jwk()]),
}


def _manage(tmp_path, *args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KEURMERK_"))}
    clean.pop("DATABASE_URL", None)
    clean.update(PRODUCTION, KEURMERK_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_only_the_required_variables(tmp_path):
    result = _manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_switches_for_a_proxy_turn_redirect_and_hsts_off(tmp_path):
    result = _manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_HSTS_SECONDS="0",
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout
    assert "security.W008" in result.stderr + result.stdout


def test_the_proxy_header_switch(tmp_path):
    code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER, settings.CSRF_TRUSTED_ORIGINS)"
    result = _manage(
        tmp_path,
        "shell",
        "-c",
        code,
        DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://keurmerk.example.org, https://www.keurmerk.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "('HTTP_X_FORWARDED_PROTO', 'https') ['https://keurmerk.example.org', 'https://www.keurmerk.example.org']"
    )


def _login_behind_proxy(**headers):
    client = Client(enforce_csrf_checks=True, HTTP_HOST="keurmerk.example.org")
    page = client.get("/account/login/", **headers)
    token = page.cookies["csrftoken"].value
    return client.post(
        "/account/login/",
        {"login": "lid@amstel.test", "password": PASSWORD, "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="https://keurmerk.example.org",
        HTTP_REFERER="https://keurmerk.example.org/account/login/",
        **headers,
    )


@override_settings(
    ALLOWED_HOSTS=["keurmerk.example.org"],
    CSRF_TRUSTED_ORIGINS=["https://keurmerk.example.org"],
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_log_in_behind_a_tls_proxy_passes_csrf(users):
    response = _login_behind_proxy(HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 302 and response["Location"] == "/start/"
    assert response.wsgi_request.user == users["member"]


@override_settings(ALLOWED_HOSTS=["keurmerk.example.org"], CSRF_TRUSTED_ORIGINS=[])
def test_log_in_behind_a_tls_proxy_without_the_settings_is_a_csrf_403(users):
    response = _login_behind_proxy()
    assert response.status_code == 403
    assert not response.wsgi_request.user.is_authenticated


def test_the_cache_is_the_database_or_redis(tmp_path):
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    database = _manage(tmp_path, "shell", "-c", code)
    redis = _manage(tmp_path, "shell", "-c", code, REDIS_URL="redis://127.0.0.1:6379/0")
    assert database.stdout.strip().splitlines()[-1] == "django.core.cache.backends.db.DatabaseCache"
    assert redis.stdout.strip().splitlines()[-1] == "django.core.cache.backends.redis.RedisCache"


def test_migrate_creates_the_cache_table(tmp_path):
    result = _manage(tmp_path, "migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    check = _manage(tmp_path, "createcachetable", "--dry-run")
    assert check.returncode == 0 and "CREATE TABLE" not in check.stdout
