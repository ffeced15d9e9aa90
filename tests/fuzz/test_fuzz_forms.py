"""Hypothesis fuzzing of every form and upload reachable from the main pages of each role (see
harness.py): no 5xx, nothing half-saved. Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

from types import SimpleNamespace

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from keurmerk.complaints.services import complaint_file
from keurmerk.cycles.models import Participation, State
from keurmerk.organisations.models import Invitation
from keurmerk.selfevaluations.models import SelfEvaluation
from keurmerk.selfevaluations.services import self_evaluation_start
from tests.conftest import amsterdam, client_for
from tests.selfevaluations.conftest import fill_all, submit

from .harness import FUZZ_SETTINGS, fuzz_page, hostile_text

DURING = amsterdam(2026, 11, 16, 10)  # the 2027 cycle's self-evaluation phase
IN_WINDOW = amsterdam(2026, 9, 15, 10)  # its application window


@pytest.fixture(autouse=True)
def _private_dirs(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MIRROR_DATA_DIR = tmp_path / "mirror"


@pytest.fixture
def world(cycle, users, org_a, org_b):
    with time_machine.travel(DURING, tick=True):
        signed = Participation.objects.create(organisation=org_a, cycle=cycle, state=State.SIGNED)
        withdrawn = Participation.objects.create(organisation=org_b, cycle=cycle, state=State.WITHDRAWN)
        se = self_evaluation_start(participation=signed, user=users["member"])
        invitation = Invitation.objects.create(organisation=org_a, email="nieuw@amstel.test")
        ids = {"a": org_a.pk, "p": signed.pk, "w": withdrawn.pk, "se": se.pk, "token": invitation.token}
        yield SimpleNamespace(users=users, ids=ids, withdrawn=withdrawn)


PAGES = [
    ("anonymous", "/uitnodiging/{token}/"),
    ("member", "/organisatie/{a}/"),
    ("member", "/spiegel/{a}/aanleveren/"),
    ("member", "/spiegel/{a}/verwijderen/"),
    ("member", "/zelfevaluatie/{se}/"),
    ("member", "/zelfevaluatie/{se}/indienen/"),
    ("member", "/zelfevaluatie/{se}/dialoog/"),
    ("outsider", "/klachten/indienen/{w}/"),
    ("administrator", "/consultatie/rondes/nieuw/"),
    ("administrator", "/staf/organisaties/import/"),
    ("administrator", "/staf/processen/nieuw/"),
    ("administrator", "/staf/processen/2027/overeenkomst/"),
    ("administrator", "/staf/deelnames/{p}/"),
]


@pytest.mark.parametrize(("role", "page"), PAGES)
def test_every_form_on_the_page_survives_hostile_input(world, role, page):
    with time_machine.travel(DURING, tick=True):
        fuzz_page(client_for(world.users[role]), page.format(**world.ids))


@pytest.mark.parametrize("role", ["director", "administrator"])
def test_the_complaint_pages_survive_hostile_input(world, role):
    with time_machine.travel(DURING, tick=True):
        complaint = complaint_file(
            participation=world.withdrawn, user=world.users["outsider"], text="Onterecht."
        )
        fuzz_page(client_for(world.users[role]), f"/klachten/{complaint.pk}/")


@pytest.mark.parametrize("role", ["assessor", "director"])
def test_the_assessment_page_survives_hostile_input(world, role):
    """The assessor's verdicts and summaries on a submitted self-evaluation."""
    with time_machine.travel(DURING, tick=True):
        se = SelfEvaluation.objects.get(pk=world.ids["se"])
        fill_all(se)
        submit(se, world.users["member"])
        fuzz_page(client_for(world.users[role]), f"/staf/beoordelen/{se.pk}/")


def test_the_application_form_survives_hostile_input(cycle):
    with time_machine.travel(IN_WINDOW, tick=True):
        fuzz_page(client_for(None), "/aanmelden/")


@FUZZ_SETTINGS
@given(
    query=st.dictionaries(
        st.sampled_from(["q", "soort", "predicaat", "code", "x"]), hostile_text, max_size=3
    ),
    path=hostile_text,
)
def test_public_pages_survive_hostile_query_strings_and_paths(client, db, query, path):
    for url in ("/register/", "/register.csv", "/register.json", "/register/verify/"):
        assert client.get(url, query).status_code < 500
    from urllib.parse import quote

    for template in ("/register/{}/", "/register/verify/{}", "/uitnodiging/{}/"):
        assert client.get(template.format(quote(path, safe=""))).status_code < 500
