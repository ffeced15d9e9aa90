"""Issue 11, "Done means": no page shows a raw state or action code. Every page each role reaches
from its start pages on the seeded demo (following the site's own links) is searched, outside tags
and attributes, for the models' state values ("agreement_signed", "offered", …) as whole words."""

import html
import io
import re
from collections import deque

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from keurmerk.audit.actions import Action
from keurmerk.complaints.models import ComplaintStatus, ObjectionStatus
from keurmerk.consultations.models import RoundState
from keurmerk.core.demo.cycles import INSURER, STAFF
from keurmerk.cycles.models import State
from keurmerk.frameworks.models import FrameworkStatus
from keurmerk.organisations.models import Membership
from keurmerk.selfevaluations.models import Status
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
DUTCH_WORDS = {"open", "concept"}  # state values that are also ordinary Dutch words
CODES = sorted(
    {
        *State.values,
        *ComplaintStatus.values,
        *ObjectionStatus.values,
        *RoundState.values,
        *FrameworkStatus.values,
        *Status.values,
        *Action.values,
    }
    - DUTCH_WORDS
)
CODE = re.compile(r"(?<![\w@.-])(" + "|".join(map(re.escape, CODES)) + r")(?![\w@-])")
SKIP = re.compile(r"^/(account|taal|beheer|api)/|\.(pdf|csv|xlsx|ics|json|yaml)$|/pdf/$|/bijlage/|/yaml/$")
PER_ROLE = 45


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("demo-codes")
    overrides = override_settings(
        DEBUG=True, MIRROR_DATA_DIR=data_dir / "mirror", PRIVATE_MEDIA_ROOT=data_dir / "private"
    )
    with django_db_blocker.unblock(), transaction.atomic():
        with overrides:
            call_command("demo_data", stdout=io.StringIO())
            yield
        transaction.set_rollback(True)


def visible_text(page):
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    return html.unescape(re.sub(r"(?s)<[^>]+>", " ", page))


def crawl(client, starts):
    """The site's own pages reachable from `starts` (at most PER_ROLE), as {url: html}."""
    seen, pages, queue = set(starts), {}, deque(starts)
    while queue and len(pages) < PER_ROLE:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages[url] = response.content.decode()
        for link in re.findall(r'href="(/[^"#?]*)', pages[url]):
            if link not in seen and not SKIP.search(link):
                seen.add(link)
                queue.append(link)
    return pages


def _users():
    User = get_user_model()
    staff = [User.objects.get(email=email) for email, _name, _role in [*STAFF, INSURER]]
    members = [m.user for m in Membership.objects.select_related("user").order_by("organisation__kvk")]
    firsts = {}
    for user in members:
        firsts.setdefault(user.pk, user)
    return staff + list(firsts.values())[::4]  # every role, and members of every kind of state


def test_no_page_shows_a_raw_code(demo):
    problems = []
    starts = [
        "/",
        "/start/",
        "/staf/",
        "/klachten/",
        "/meldingen/",
        "/register/",
        "/normen/",
        "/spiegel/",
        "/staf/beoordelen/",
        "/consultatie/rondes/",
        "/zelfevaluatie/staf/",
    ]
    visited = 0
    for user in [None, *_users()]:
        pages = crawl(client_for(user), starts)
        visited += len(pages)
        for url, page in pages.items():
            for match in CODE.finditer(visible_text(page)):
                problems.append(f"{user} {url}: {match.group(1)}")
    assert visited > 100
    assert problems == [], "\n".join(sorted(set(problems))[:60])
