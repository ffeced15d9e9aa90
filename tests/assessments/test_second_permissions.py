"""Permission matrix of the second assessor's pages: every URL × every role of `users`, the second
assessor (an assessor who is not the first), an outsider from another organisation and anonymous
visitors; for each POST its effect present exactly when allowed. `s` is being assessed by both,
`d` has been finished by both, `c` has no second assessor yet."""

import pytest

from keurmerk.assessments import services as assessing
from keurmerk.assessments.models import SecondAssessment, SecondAssessmentDraw, SecondVerdict
from keurmerk.audit.models import AuditEvent
from keurmerk.organisations.models import Membership
from tests.conftest import ROLES, client_for, get_matrix, make_organisation, make_user

from .second import judge_first, judge_second, second_user, submitted_for

LOGIN = 302
ALL = [*ROLES, "second"]
NOBODY = {**dict.fromkeys(ALL, 403), "anonymous": LOGIN}
STAFF = {**NOBODY, "assessor": 200, "director": 200, "administrator": 200, "second": 200}
ADMIN = {**NOBODY, "administrator": 200}
SECOND_ONLY = {**NOBODY, "second": 200}
NOT_THE_SECOND = {**STAFF, "second": 403}


@pytest.fixture
def everyone(users):
    return {**users, "second": second_user()}


@pytest.fixture
def objects(submitted, cycle, org_b, everyone):
    first, second, admin = everyone["assessor"], everyone["second"], everyone["administrator"]
    done = submitted_for(org_b, cycle, everyone["outsider"])
    org_c = make_organisation("Praktijk Cederlaan", "34567890", "76543210")
    member_c = make_user("lid@ceder.test", "provider")
    Membership.objects.create(user=member_c, organisation=org_c)
    fresh = submitted_for(org_c, cycle, member_c)
    for self_evaluation in (submitted, done):
        judge_first(self_evaluation, first, not_met=("wachttijd-tips",))
    rows = assessing.second_assessor_assign(self_evaluations=[submitted, done], assessor=second, user=admin)
    for row in rows:
        judge_second(row, second)
    assessing.second_assessment_finish(second=rows[1], user=second)
    assessing.first_assessment_finish(assessment=done.assessment, user=first)
    criterion = assessing.differences(SecondAssessment.objects.get(pk=rows[1].pk))[0]["criterion"]
    return {
        "year": cycle.year,
        "s": submitted.pk,
        "d": done.pk,
        "c": fresh.pk,
        "second": second.pk,
        "k": criterion.pk,
    }


GETS = [
    ("/staf/tweede-beoordeling/{year}/", STAFF),
    ("/staf/tweede-beoordeling/{year}/overeenstemming/", STAFF),
    ("/staf/tweede-beoordeling/{year}/trekken/?percentage=50&assessor={second}", ADMIN),
    ("/staf/tweede-beoordeling/zelfevaluatie/{s}/", SECOND_ONLY),
    ("/staf/tweede-beoordeling/zelfevaluatie/{s}/kalibratie/", NOBODY),
    ("/staf/tweede-beoordeling/zelfevaluatie/{d}/", STAFF),
    ("/staf/tweede-beoordeling/zelfevaluatie/{d}/kalibratie/", STAFF),
    ("/staf/beoordelen/{s}/", NOT_THE_SECOND),
    ("/staf/beoordelen/{d}/", STAFF),
]


@pytest.mark.parametrize("role", ALL)
def test_get_matrix(objects, everyone, role):
    get_matrix(role, everyone, GETS, objects)


def _second(pk):
    return SecondAssessment.objects.get(self_evaluation_id=pk)


POSTS = [
    (
        "/staf/tweede-beoordeling/{year}/toewijzen/",
        {"assessor": "{second}", "self_evaluations": "{c}"},
        ADMIN,
        lambda o: SecondAssessment.objects.filter(self_evaluation_id=o["c"]).exists(),
    ),
    (
        "/staf/tweede-beoordeling/zelfevaluatie/{s}/opslaan/",
        {"m{k}": "0", "e{k}": "Toch niet."},
        SECOND_ONLY,
        lambda o: SecondVerdict.objects.filter(second__self_evaluation_id=o["s"], met=False).exists(),
    ),
    (
        "/staf/tweede-beoordeling/zelfevaluatie/{s}/afronden/",
        {},
        SECOND_ONLY,
        lambda o: _second(o["s"]).finished_at is not None,
    ),
    (
        "/staf/beoordelen/{s}/afronden/",
        {},
        NOT_THE_SECOND,
        lambda o: _second(o["s"]).first_finished_at is not None,
    ),
    (
        "/staf/tweede-beoordeling/zelfevaluatie/{d}/kalibratie/",
        {"c{k}": "second", "note": "Samen besloten."},
        STAFF,
        lambda o: _second(o["d"]).calibrated_at is not None,
    ),
]


def _state():
    return (
        list(
            SecondAssessment.objects.order_by("pk").values_list(
                "pk", "finished_at", "first_finished_at", "calibrated_at"
            )
        ),
        list(SecondVerdict.objects.order_by("pk").values_list("pk", "met", "explanation")),
        AuditEvent.objects.count(),
    )


def _filled(data, objects):
    return {key.format(**objects): value.format(**objects) for key, value in data.items()}


@pytest.mark.parametrize("role", ALL)
def test_post_matrix(objects, everyone, role):
    client = client_for(everyone[role])
    before = _state()
    for template, data, may, effect in POSTS:
        url = template.format(**objects)
        response = client.post(url, _filled(data, objects))
        allowed = may[role] == 200
        assert response.status_code == (302 if allowed else may[role]), (
            f"{role} POST {url}: {response.status_code}"
        )
        assert effect(objects) == allowed, f"{role} POST {url}: effect {'missing' if allowed else 'present'}"
    if not any(may[role] == 200 for _url, _data, may, _effect in POSTS):
        assert _state() == before


@pytest.mark.parametrize("role", ALL)
def test_the_draw_is_for_administrators(objects, everyone, role):
    url = "/staf/tweede-beoordeling/{year}/trekken/".format(**objects)
    response = client_for(everyone[role]).post(url, {"percentage": "100", "assessor": str(objects["second"])})
    allowed = ADMIN[role] == 200
    assert response.status_code == (302 if allowed else ADMIN[role])
    assert SecondAssessmentDraw.objects.exists() == allowed
    assert SecondAssessment.objects.filter(self_evaluation_id=objects["c"]).exists() == allowed


def test_a_get_of_the_draw_confirmation_draws_nothing(objects, everyone):
    url = "/staf/tweede-beoordeling/{year}/trekken/?percentage=50&assessor={second}".format(**objects)
    response = client_for(everyone["administrator"]).get(url)
    assert (
        "Ja, trekken en toewijzen" in response.content.decode() and not SecondAssessmentDraw.objects.exists()
    )


def test_a_calibration_without_note_is_refused(objects, everyone):
    url = "/staf/tweede-beoordeling/zelfevaluatie/{d}/kalibratie/".format(**objects)
    response = client_for(everyone["second"]).post(url, {"c{k}".format(**objects): "second"})
    assert response.status_code == 422 and "Verslag: beschrijf" in response.content.decode()
    assert _second(objects["d"]).calibrated_at is None
