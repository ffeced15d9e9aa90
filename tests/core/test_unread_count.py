"""The unread count on "Meldingen" in the header: read in the same query as the page's user (the
authentication backends annotate it), so it costs no query of its own on any page."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keurmerk.notifications.models import Notification
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
BACKENDS = ["keurmerk.core.backends.ModelBackend", "keurmerk.core.backends.AuthenticationBackend"]


def messages_for(user, n, *, read=0):
    Notification.objects.bulk_create(
        [
            Notification(
                user=user,
                email=user.email,
                subject=f"Melding {i}",
                body="x",
                read_at=timezone.now() if i < read else None,
            )
            for i in range(n)
        ]
    )


def signed_in(user, backend):
    client = Client()
    client.force_login(user, backend=backend)
    return client


def header(html):
    return html.split('<nav class="site-nav"')[1].split("</nav>")[0]


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_header_shows_the_unread_count(users, backend):
    member = users["member"]
    messages_for(member, 5, read=2)
    nav = header(signed_in(member, backend).get("/meldingen/").text)
    assert (
        'Meldingen<span class="unread-count">3<span class="visually-hidden"> ongelezen</span></span>' in nav
    )


def test_no_count_when_everything_is_read(users):
    member = users["member"]
    messages_for(member, 2, read=2)
    nav = header(client_for(member).get("/meldingen/").text)
    assert "unread-count" not in nav and "Meldingen" in nav


def test_marking_read_clears_the_count(users):
    member = users["member"]
    messages_for(member, 4)
    client = client_for(member)
    assert 'unread-count">4<' in client.get("/meldingen/").text
    client.post("/meldingen/gelezen/")
    assert Notification.objects.filter(user=member, read_at=None).count() == 0
    assert "unread-count" not in header(client.get("/meldingen/").text)


def test_the_count_is_read_in_the_users_own_query(users):
    """As many queries with 30 unread messages as with none, and only the user's query counts them."""
    member, outsider = users["member"], users["outsider"]
    messages_for(member, 30)
    counts = {}
    for user in (member, outsider):
        client = client_for(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/meldingen/").status_code == 200
        counts[user.pk] = len(queries)
        counting = [q["sql"] for q in queries if "COUNT" in q["sql"].upper() and "notification" in q["sql"]]
        assert len(counting) == 1 and '"accounts_user"' in counting[0], counting
    assert counts[member.pk] == counts[outsider.pk]


def test_urls_named_backends_are_the_ones_configured(settings):
    assert settings.AUTHENTICATION_BACKENDS == BACKENDS
