"""Item 3 of issue 11: links follow the port the site runs on (`make run PORT=…`, KEURMERK_SITE_URL)."""

import shutil
import subprocess

from django.conf import settings
from django.test import override_settings

from keurmerk.assessments.certificates import verification_url


def make_dry_run(*args):
    make = shutil.which("make")
    assert make, "make is needed for the README's two commands"
    result = subprocess.run(  # noqa: S603 - our own Makefile, fixed arguments
        [make, "-n", "run", *args], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    return result.stdout


def test_make_run_on_another_port_sets_the_site_url_for_every_process():
    out = make_dry_run("PORT=8123")
    lines = [line for line in out.splitlines() if "manage.py" in line and "compile_translations" not in line]
    assert lines
    for line in lines:
        assert "KEURMERK_SITE_URL=http://127.0.0.1:8123" in line, line
    assert "runserver 127.0.0.1:8123" in out


def test_an_explicit_site_url_wins_over_the_port():
    out = make_dry_run("PORT=8123", "KEURMERK_SITE_URL=https://keurmerk.example.org")
    assert "KEURMERK_SITE_URL=https://keurmerk.example.org" in out
    assert "KEURMERK_SITE_URL=http://127.0.0.1:8123" not in out


@override_settings(SITE_URL="http://127.0.0.1:8123/")
def test_certificate_links_use_the_site_url():
    assert verification_url("ABC-123").startswith("http://127.0.0.1:8123/")


def test_readme_documents_the_site_url():
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert "`KEURMERK_SITE_URL`" in readme
    assert "make run PORT=" in readme
