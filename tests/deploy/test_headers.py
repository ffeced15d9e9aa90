"""Security headers: the Content-Security-Policy on every page, `no-store` on private pages and PDFs."""

import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from keurmerk.middleware import PrivateNoStoreMiddleware
from tests.conftest import ROLES, amsterdam, client_for

TEMPLATES = Path(settings.BASE_DIR) / "keurmerk" / "templates"
# Rendered only by WeasyPrint, never served as a page: their inline styles meet no browser policy.
PDF_TEMPLATES = re.compile(r"(_pdf\.html|/pdf\.html|^pdf/)")


def _policy(response):
    return dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
    )


@pytest.mark.django_db
def test_public_page_has_a_strict_policy_and_may_be_cached():
    response = client_for(None).get("/register/")
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_signed_in_pages_are_no_store_for_every_role(role, users):
    response = client_for(users[role]).get("/meldingen/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    # the public register too, once signed in: the page shows the user's name and menu
    assert "no-store" in client_for(users[role]).get("/register/")["Cache-Control"]


def test_a_pdf_is_no_store_even_without_a_session():
    request = RequestFactory().get("/x.pdf")
    request.user = AnonymousUser()
    pdf = PrivateNoStoreMiddleware(lambda r: HttpResponse(b"%PDF-1.7", content_type="application/pdf"))
    html = PrivateNoStoreMiddleware(lambda r: HttpResponse(b"<p>", content_type="text/html"))
    assert "no-store" in pdf(request)["Cache-Control"]
    assert "Cache-Control" not in html(request)


@time_machine.travel(amsterdam(2026, 10, 21, 9), tick=False)
def test_the_agreement_pdf_is_no_store(participation, users):
    client = client_for(users["member"])
    client.post(
        f"/deelname/{participation.pk}/overeenkomst/ondertekenen/",
        {"signer_name": "Anna Amstel", "signer_role": "Praktijkhouder", "confirm": "on"},
    )
    pdf = client.get(f"/deelname/{participation.pk}/overeenkomst.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "no-store" in pdf["Cache-Control"]


def _page_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if not PDF_TEMPLATES.search(name):
            yield name, path.read_text(encoding="utf-8")


def test_page_templates_have_no_inline_code_the_policy_would_block():
    """An inline script needs the nonce; inline styles and event-handler attributes are refused."""
    problems = []
    for name, text in _page_templates():
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "csp_nonce" not in tag and "application/json" not in tag:
                problems.append(f"{name}: {tag}")
        if re.search(r"<style\b|\sstyle=", text):
            problems.append(f"{name}: inline style")
        if re.search(r"\son[a-z]+=|hx-on|javascript:", text):
            problems.append(f"{name}: inline event handler")
    assert problems == []


def test_the_nonce_of_the_page_reaches_its_inline_script(rf):
    from csp.middleware import CSPMiddleware
    from django.template.loader import render_to_string

    request = rf.get("/")
    middleware = CSPMiddleware(
        lambda r: HttpResponse(render_to_string("mirror/_upload_script.html", request=r))
    )
    response = middleware(request)
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in response.content.decode()


def test_htmx_is_configured_without_eval_or_inline_styles():
    config = (TEMPLATES / "includes" / "htmx_config.html").read_text(encoding="utf-8")
    assert '"allowEval":false' in config and '"includeIndicatorStyles":false' in config
