"""Query counts of every dashboard, fixed: the same number with the small seed and with 1,000
participations more (bulk-created: several states, submitted self-evaluations, assessments,
complaints and audit rows of signing)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keurmerk.assessments.models import Assessment
from keurmerk.complaints.models import Complaint
from keurmerk.cycles.models import Participation, State
from keurmerk.frameworks.models import Criterion
from keurmerk.selfevaluations.models import Answer, SelfEvaluation
from tests.conftest import client_for

from .conftest import NOW, SIGNED_STEP, make_organisations, make_participations, record_step, submit_all

pytestmark = pytest.mark.django_db

MANY = 1000
CYCLE_OF_STATES = [
    State.OFFERED,
    State.APPLIED,
    State.SIGNED,
    State.SUBMITTED,
    State.QUALIFIED,
    State.NOT_QUALIFIED,
    State.REVISION_SUBMITTED,
    State.AWARDED,
    State.WITHDRAWN,
    State.SIGNED,
]

# (role, url): the number of queries of the page, whatever the number of participations.
PAGES = {
    ("anonymous", "/"): 4,
    ("administrator", "/staf/"): 11,
    ("assessor", "/staf/"): 11,
    ("director", "/staf/"): 11,
    ("director", "/staf/termijnen/?soort=klachten-besluiten&wanneer=binnenkort"): 8,
    ("insurer", "/verzekeraar/?jaar=2027&sinds=2027-01-01"): 19,  # one of them: years entered by an import
    ("insurer", "/verzekeraar/keurmerkdragers.csv?jaar=2027"): 10,
    ("administrator", "/spiegel/landelijk/2027/indicatoren.csv"): 6,
    ("insurer", "/spiegel/landelijk/2027/indicatoren.xlsx"): 3,
    ("member", "/start/"): 11,
}


def add_many(seeded, users):
    """1,000 participations more in the seeded cycle, a fifth submitted (half of those assigned to
    the assessor), a complaint for every withdrawn one, and twenty signings in the audit log."""
    organisations = make_organisations(MANY, start=1000)
    states = [CYCLE_OF_STATES[i % len(CYCLE_OF_STATES)] for i in range(MANY)]
    participations = make_participations(seeded["cycle"], organisations, states)
    submitted = [p for p in participations if p.state in (State.SUBMITTED, State.REVISION_SUBMITTED)]
    evaluations = submit_all(submitted)
    Assessment.objects.bulk_create(
        [Assessment(self_evaluation=se, assessor=users["assessor"]) for se in evaluations[::2]]
    )
    withdrawn = [p for p in participations if p.state == State.WITHDRAWN]
    Complaint.objects.bulk_create(
        [Complaint(participation=p, filed_by=users["member"], filed_at=NOW, text="x") for p in withdrawn]
    )
    for participation in [p for p in participations if p.state == State.SIGNED][:20]:
        record_step(participation, users["member"], *SIGNED_STEP)


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def own_participation(seeded, org_a, users):
    """The member's organisation takes part too: signed, with a self-evaluation (its start page then
    has a card with the steps and the progress per norm)."""
    participation = Participation.objects.create(
        organisation=org_a, cycle=seeded["cycle"], state=State.SIGNED
    )
    record_step(participation, users["member"], *SIGNED_STEP)
    se = SelfEvaluation.objects.create(participation=participation)
    criteria = Criterion.objects.filter(norm__framework=seeded["cycle"].framework)
    Answer.objects.bulk_create([Answer(self_evaluation=se, criterion=c) for c in criteria])
    return participation


def test_every_dashboard_has_a_fixed_number_of_queries(seeded, users, own_participation):
    clients = {role: client_for(users[role]) for role, _url in PAGES}
    for client, url in [(clients[role], url) for role, url in PAGES]:
        client.get(url)  # warm: sessions, the content types and the like are read once
    small = {page: queries_of(clients[page[0]], page[1]) for page in PAGES}
    add_many(seeded, users)
    assert Participation.objects.count() >= MANY
    large = {page: queries_of(clients[page[0]], page[1]) for page in PAGES}
    assert large == small
    assert large == PAGES
    start = clients["member"].get("/start/")
    assert len(start.context["cards"][0].progress.norms) == seeded["cycle"].framework.norms.count()
