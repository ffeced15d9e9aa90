"""Permission matrix: every URL of the assessment module × every role → the expected status.

Staff pages answer 403 to other roles; a report or certificate of another organisation answers 404
(its existence is not revealed), also while it is unpublished; anonymous visitors are sent to the
sign-in page (302). Refused posts change nothing in the database."""

import pytest

from keurmerk.assessments import services as assessing
from keurmerk.assessments.models import Assessment, Certificate, NormSummary, Report, Verdict
from keurmerk.audit.models import AuditEvent
from keurmerk.cycles.models import Participation, State
from keurmerk.frameworks.models import Criterion, Norm
from tests.conftest import ROLES, client_for, get_matrix, make_user

from .test_assessing import judge_all

LOGIN = 302
STAFF_ONLY = {
    "anonymous": LOGIN,
    "member": 403,
    "outsider": 403,
    "insurer": 403,
    "assessor": 200,
    "director": 200,
    "administrator": 200,
}
READERS = {**STAFF_ONLY, "member": 200, "outsider": 404}


@pytest.fixture
def sent(submitted, users):
    """org_a's first report, qualified: awarded with a certificate."""
    assessment = assessing.assessment_for(submitted)
    judge_all(assessment, users["assessor"])
    report = assessing.report_send(assessment=assessment, user=users["assessor"])
    assert Participation.objects.get(pk=submitted.participation_id).state == State.AWARDED
    return {"s": submitted.pk, "r": report.pk, "p": submitted.participation_id}


GETS = [
    ("/staf/beoordelen/", STAFF_ONLY),
    ("/staf/beoordelen/export.csv", STAFF_ONLY),
    ("/staf/beoordelen/export.xlsx", STAFF_ONLY),
    ("/staf/beoordelen/{s}/", STAFF_ONLY),
    ("/rapportage/{r}/", READERS),
    ("/rapportage/{r}/pdf/", READERS),
    ("/certificaat/{p}/", READERS),
]


@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(sent, users, role):
    get_matrix(role, users, GETS, sent)


@pytest.fixture
def almost_judged(submitted, users):
    """Every criterion judged except one: a verdict post completes it and a send post then succeeds."""
    assessment = assessing.assessment_for(submitted)
    judge_all(assessment, users["assessor"])
    last = Criterion.objects.get(
        norm__framework=submitted.participation.cycle.framework, key="wachttijd-kort"
    )
    Verdict.objects.filter(assessment=assessment, criterion=last).delete()
    norm = Norm.objects.get(framework=submitted.participation.cycle.framework, number="2")
    return {"s": submitted.pk, "c": last.pk, "n": norm.pk, "assessment": assessment}


def posts(o):
    c, n = o["c"], o["n"]
    return [
        (
            f"/staf/beoordelen/{o['s']}/oordeel/{c}/",
            {f"v{c}-met": "1", f"v{c}-explanation": "", f"v{c}-version": "0"},
        ),
        (f"/staf/beoordelen/{o['s']}/samenvatting/{n}/", {f"s{n}-text": "Goed", f"s{n}-version": "0"}),
        (f"/staf/beoordelen/{o['s']}/toewijzen/", {"self": "1"}),
        (f"/staf/beoordelen/{o['s']}/versturen/", {}),
    ]


def _state(assessment):
    return (
        Verdict.objects.count(),
        NormSummary.objects.count(),
        Assessment.objects.get(pk=assessment.pk).assessor_id,
        Report.objects.count(),
        Certificate.objects.count(),
        list(Participation.objects.values_list("state", flat=True)),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
def test_post_matrix(almost_judged, users, role):
    """Valid posts, which would change the assessment if access let them through."""
    client = client_for(users[role])
    assessment = almost_judged["assessment"]
    before = _state(assessment)
    for url, data in posts(almost_judged):
        response = client.post(url, data)
        expected = 302 if STAFF_ONLY[role] == 200 else STAFF_ONLY[role]
        assert response.status_code == expected, f"{role} POST {url}: {response.status_code}"
    if STAFF_ONLY[role] != 200:
        assert _state(assessment) == before
        return
    report = Report.objects.get()
    assert response["Location"] == f"/rapportage/{report.pk}/"
    assert Verdict.objects.get(assessment=assessment, criterion_id=almost_judged["c"]).met is True
    assert NormSummary.objects.get(assessment=assessment).text == "Goed"
    assert Assessment.objects.get(pk=assessment.pk).assessor == users[role]
    assert report.sent_by == users[role] and report.qualified
    assert Participation.objects.get().state == State.AWARDED


@pytest.mark.parametrize("role", ["member", "outsider", "insurer"])
def test_refused_htmx_verdict_changes_nothing(almost_judged, users, role):
    c = almost_judged["c"]
    response = client_for(users[role]).post(
        f"/staf/beoordelen/{almost_judged['s']}/oordeel/{c}/",
        {f"v{c}-met": "1", f"v{c}-version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403
    assert not Verdict.objects.filter(criterion_id=c).exists()


@pytest.fixture
def unpublished(submitted, users):
    """org_a's first report says "not yet qualified": nothing about it is public."""
    assessment = assessing.assessment_for(submitted)
    judge_all(assessment, users["assessor"], not_met={"wachttijd-kort"})
    report = assessing.report_send(assessment=assessment, user=users["assessor"])
    assert not report.qualified
    assert Participation.objects.get(pk=submitted.participation_id).state == State.NOT_QUALIFIED
    return report


@pytest.mark.parametrize("suffix", ["", "pdf/"])
def test_an_unpublished_report_of_another_organisation_is_not_found(unpublished, users, suffix):
    url = f"/rapportage/{unpublished.pk}/{suffix}"
    for role in ROLES:
        response = client_for(users[role]).get(url)
        assert response.status_code == READERS[role], f"{role} GET {url}: {response.status_code}"
    member = client_for(users["member"]).get(url)
    if suffix:
        assert member["Content-Type"] == "application/pdf"
    else:
        assert "nog niet gekwalificeerd" in member.text
    unknown = f"/rapportage/{unpublished.pk + 1000}/{suffix}"
    assert client_for(users["outsider"]).get(unknown).status_code == 404


def test_staff_get_404_for_what_is_not_submitted_or_not_in_the_framework(
    self_evaluation, submitted, users, framework_2024
):
    assessor = client_for(users["assessor"])
    assert assessor.get("/staf/beoordelen/999999/").status_code == 404
    foreign = Criterion.objects.filter(norm__framework=framework_2024).first()
    foreign_norm = Norm.objects.filter(framework=framework_2024).first()
    url = f"/staf/beoordelen/{submitted.pk}/"
    response = assessor.post(
        f"{url}oordeel/{foreign.pk}/", {f"v{foreign.pk}-met": "1", f"v{foreign.pk}-version": "0"}
    )
    assert response.status_code == 404
    response = assessor.post(
        f"{url}samenvatting/{foreign_norm.pk}/",
        {f"s{foreign_norm.pk}-text": "x", f"s{foreign_norm.pk}-version": "0"},
    )
    assert response.status_code == 404
    assert not Verdict.objects.exists() and not NormSummary.objects.exists()


def test_a_draft_self_evaluation_cannot_be_assessed(self_evaluation, users):
    assessor = client_for(users["assessor"])
    assert assessor.get(f"/staf/beoordelen/{self_evaluation.pk}/").status_code == 404
    assert (
        assessor.post(f"/staf/beoordelen/{self_evaluation.pk}/toewijzen/", {"self": "1"}).status_code == 404
    )
    assert not Assessment.objects.exists()


def test_get_on_a_post_url_is_not_allowed(almost_judged, users):
    assessor = client_for(users["assessor"])
    for url, _data in posts(almost_judged):
        if url.endswith("/versturen/"):  # its GET is the confirmation page (issue 11, item 5)
            assert assessor.get(url).status_code == 200, url
            continue
        assert assessor.get(url).status_code == 405, url


def test_staff_without_two_factors_must_set_them_up(sent):
    assessor = make_user("nieuw@kibg.test", "assessor", two_factors=False)
    for url in ("/staf/beoordelen/", f"/staf/beoordelen/{sent['s']}/", f"/rapportage/{sent['r']}/"):
        response = client_for(assessor).get(url)
        assert response.status_code == 302 and response["Location"] == "/account/2fa/totp/activate/", url
