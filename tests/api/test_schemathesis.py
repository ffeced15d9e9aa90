"""Schemathesis runs every operation of /api/openapi.json against the WSGI application with an
insurer's token: no server error and no answer that breaks the schema (status codes, content
types, headers and bodies as documented)."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from keurmerk.api.services import api_token_create
from keurmerk.wsgi import application

from .test_permissions import publish

# Loaded when the module is collected (the description needs no database); schemathesis'
# `pytest.from_fixture` does not run under pytest 9 (it reads a private attribute pytest removed).
# No server error and no answer outside the description. Not checked: that unknown query
# parameters are refused (the API ignores them, as HTTP APIs commonly do).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def test_connection_kept():
    """Called as plain WSGI, Django closes the database connection after each request, which on
    PostgreSQL ends the test's transaction; Django's test client keeps it open the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def insurer_token(test_connection_kept, frameworks, users, org_a, cycle, settings):
    """Published frameworks, a cycle, and an insurer's token; a rate limit the run cannot reach."""
    settings.KEURMERK_API_RATE = "100000/m"
    for framework in frameworks.values():
        publish(framework)
    return api_token_create(user=users["insurer"], name="schemathesis")[1]


@schema.parametrize()
@hypothesis_settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_keeps_to_the_schema(case, insurer_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {insurer_token}"}, checks=CHECKS)
