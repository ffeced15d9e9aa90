"""Every operation × every role and an outsider from another organisation: 200 for who may,
401 without a (valid) token, 403 for a role that may not, 404 for what does not exist."""

import datetime

import pytest
import time_machine

from keurmerk.api.models import ApiToken
from keurmerk.assessments.services import participation_award
from keurmerk.consultations.models import ConsultationRound
from keurmerk.cycles.models import Participation, State
from keurmerk.frameworks.models import FrameworkStatus
from keurmerk.frameworks.services import framework_transition
from tests.conftest import ROLES, amsterdam

IN_2027 = amsterdam(2027, 6, 1, 12)
OK = dict.fromkeys(ROLES, 200)
INSURER = {
    "anonymous": 401,
    "member": 403,
    "outsider": 403,
    "insurer": 200,
    "assessor": 200,
    "director": 200,
    "administrator": 200,
}
STAFF = {**INSURER, "insurer": 403}
STAFF_404 = {**STAFF, "assessor": 404, "director": 404, "administrator": 404}
NOT_FOUND = dict.fromkeys(ROLES, 404)


def publish(framework):
    """Walk a concept framework on to published (the 2022 file is published already)."""
    steps = [FrameworkStatus.CONSULTATION, FrameworkStatus.ADOPTED, FrameworkStatus.PUBLISHED]
    for status in steps[steps.index(framework.status) + 1 if framework.status in steps else 0 :]:
        framework = framework_transition(
            framework=framework,
            to_status=status,
            adopted_on=datetime.date(framework.year - 1, 6, 1) if status == FrameworkStatus.ADOPTED else None,
        )
    return framework


@pytest.fixture
def world(frameworks, cycle, org_a, users):
    for framework in frameworks.values():
        publish(framework)
    participation = Participation.objects.create(organisation=org_a, cycle=cycle, state=State.QUALIFIED)
    with time_machine.travel(IN_2027, tick=False):
        certificate = participation_award(participation=participation, actor=users["assessor"])
    consultation = ConsultationRound.objects.create(
        framework=frameworks[2024], opens_on=datetime.date(2023, 4, 24), closes_on=datetime.date(2023, 5, 30)
    )
    return {"code": certificate.code, "round": consultation.pk}


OPERATIONS = [
    ("/api/openapi.json", OK),
    ("/api/docs", OK),
    ("/api/v1/register", OK),
    ("/api/v1/frameworks", OK),
    ("/api/v1/frameworks/2024", OK),
    ("/api/v1/frameworks/2031", NOT_FOUND),
    ("/api/v1/frameworks/2024/changes", OK),
    ("/api/v1/frameworks/2022/changes", NOT_FOUND),  # no earlier framework to compare with
    ("/api/v1/verify/{code}", OK),
    ("/api/v1/verify/AAAA-BBBB-CCCC-DDDD", NOT_FOUND),
    ("/api/v1/holders", INSURER),
    ("/api/v1/holders/changes?since=2027-01-01T00:00:00%2B01:00", INSURER),
    ("/api/v1/mirror/2027", INSURER),
    ("/api/v1/participations?year=2027", STAFF),
    ("/api/v1/participations?year=2031", STAFF_404),
    ("/api/v1/consultations", STAFF),
    ("/api/v1/consultations/{round}/results", STAFF),
    ("/api/v1/consultations/999999/results", STAFF_404),
    ("/api/v1/dashboard", STAFF),
    ("/api/v1/agreement?year=2027", STAFF),
    ("/api/v1/agreement?year=2031", STAFF_404),
    ("/api/v1/samples?year=2027", STAFF),
    ("/api/v1/samples?year=2031", STAFF_404),
]


@time_machine.travel(IN_2027, tick=False)
@pytest.mark.parametrize("role", ROLES)
def test_every_operation_for_every_role(role, world, api_get, users):
    for template, expected in OPERATIONS:
        url = template.format(**world)
        response = api_get(url, role)
        assert response.status_code == expected[role], f"{role} GET {url}: {response.status_code}"
        if response.status_code != 200:
            assert set(response.json()) == {"detail", "code"}, url
            assert response.json()["detail"], url
        if response.status_code == 401:
            assert response["WWW-Authenticate"] == "Bearer"
    if users[role] is not None:
        token = ApiToken.objects.get(user=users[role])
        used = any(
            expected[role] != 401 and "/api/v1/" in t and expected is not OK for t, expected in OPERATIONS
        )
        assert (token.last_used_at is not None) == used


@time_machine.travel(IN_2027, tick=False)
def test_a_session_gives_no_access_to_token_operations(world, users, client):
    client.force_login(users["insurer"])
    response = client.get("/api/v1/holders")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


@time_machine.travel(IN_2027, tick=False)
def test_the_answers_of_the_public_operations(world, api_get, org_a):
    verified = api_get(f"/api/v1/verify/{world['code']}").json()
    assert verified["status"] == "valid" and verified["holder"]["agb"] == org_a.agb
    assert (verified["year"], verified["valid_from"], verified["valid_until"]) == (
        2027,
        "2027-01-01",
        "2027-12-31",
    )
    years = [f["year"] for f in api_get("/api/v1/frameworks").json()]
    assert years == [2024, 2022]
    framework = api_get("/api/v1/frameworks/2024").json()
    criteria = [c for n in framework["norms"] for c in n["criteria"]]
    assert all(c["key"] for c in criteria) and all(n["key"] for n in framework["norms"])
    assert framework["target_values"] and any(c["target_values"] for c in criteria)
    assert framework["exemptions"]["criteria"] == [c["key"] for c in criteria if c["optional_for_returning"]]
    changes = api_get("/api/v1/frameworks/2024/changes").json()
    assert changes["previous_year"] == 2022 and changes["norms"] + changes["criteria"]


@time_machine.travel(IN_2027, tick=False)
def test_the_answers_of_the_staff_operations(world, api_get, org_a, cycle):
    data = api_get("/api/v1/participations?year=2027", "assessor").json()
    assert data["count"] == 1
    (item,) = data["items"]
    assert (item["state"], item["organisation"]["agb"]) == (State.AWARDED, org_a.agb)
    assert item["deadlines"]["selfevaluation"] == cycle.selfevaluation_closes.isoformat()
    rounds = api_get("/api/v1/consultations", "director").json()
    assert [r["id"] for r in rounds] == [world["round"]]
    results = api_get(f"/api/v1/consultations/{world['round']}/results", "administrator").json()
    assert (results["invited"], results["responses"], results["response_rate"]) == (0, 0, None)
