"""Assessing a submitted self-evaluation and sending the Keurmerkrapportage (Fase 3.2–4)."""

import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from keurmerk.assessments import assessing
from keurmerk.assessments.models import Report, Verdict
from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.services import TransitionError
from keurmerk.frameworks.models import Criterion
from keurmerk.selfevaluations import services as se_services
from tests.conftest import ROLES, amsterdam, client_for
from tests.selfevaluations.conftest import DURING_REVISION, fill_all, submit


@pytest.fixture
def submitted(self_evaluation, users):
    fill_all(self_evaluation)
    submit(self_evaluation, users["member"], reviewer_name="Dr. B. Behandelaar")
    self_evaluation.refresh_from_db()
    return self_evaluation


def judge_all(assessment, user, *, not_met=()):
    for criterion in Criterion.objects.filter(
        norm__framework=assessment.self_evaluation.participation.cycle.framework
    ):
        met = criterion.key not in not_met
        assessing.verdict_save(assessment=assessment, criterion=criterion, user=user, met=met,
                               explanation="" if met else "Beschrijf hoe de wachttijd wordt bewaakt.", version=0)  # fmt: skip


def test_not_met_needs_an_explanation_and_stale_saves_conflict(submitted, users):
    assessment = assessing.assessment_for(submitted)
    criterion = Criterion.objects.get(
        norm__framework=submitted.participation.cycle.framework, key="wachttijd-kort"
    )
    with pytest.raises(ValidationError, match="Licht toe"):
        assessing.verdict_save(assessment=assessment, criterion=criterion, user=users["assessor"], met=False,
                               explanation=" ", version=0)  # fmt: skip
    assessing.verdict_save(assessment=assessment, criterion=criterion, user=users["assessor"], met=True,
                           explanation="", version=0)  # fmt: skip
    with pytest.raises(assessing.VerdictConflict):
        assessing.verdict_save(assessment=assessment, criterion=criterion, user=users["director"], met=False,
                               explanation="Anders", version=0)  # fmt: skip
    assert Verdict.objects.get(assessment=assessment, criterion=criterion).met is True


def test_report_needs_every_required_verdict_then_awards(submitted, users):
    assessment = assessing.assessment_for(submitted)
    with pytest.raises(TransitionError, match="zonder oordeel"):
        assessing.report_send(assessment=assessment, user=users["assessor"])
    judge_all(assessment, users["assessor"])
    report = assessing.report_send(assessment=assessment, user=users["assessor"])
    participation = Participation.objects.get(pk=submitted.participation_id)
    assert report.qualified and report.round == 1
    assert participation.state == State.AWARDED and participation.certificate.code
    assert [n["number"] for n in report.content["norms"]] == ["1", "2", "3", "4", "5", "6"]
    with pytest.raises(ValueError):
        report.save()
    criterion = Criterion.objects.filter(norm__framework=participation.cycle.framework).first()
    with pytest.raises(TransitionError, match="verstuurd"):
        assessing.verdict_save(assessment=assessment, criterion=criterion, user=users["assessor"], met=False,
                               explanation="Te laat", version=1)  # fmt: skip


def test_not_qualified_then_revision_then_withdrawal(submitted, users):
    assessment = assessing.assessment_for(submitted)
    judge_all(assessment, users["assessor"], not_met={"wachttijd-kort"})
    first = assessing.report_send(assessment=assessment, user=users["assessor"])
    participation = Participation.objects.get(pk=submitted.participation_id)
    assert not first.qualified and participation.state == State.NOT_QUALIFIED
    assert "Beschrijf hoe de wachttijd wordt bewaakt." in str(first.content)
    with time_machine.travel(DURING_REVISION, tick=True):
        revision = se_services.revision_start(participation=participation, user=users["member"])
        submit(revision, users["member"], reviewer_name="Dr. B. Behandelaar")
    revision.refresh_from_db()
    second = assessing.assessment_for(revision)
    judge_all(second, users["assessor"], not_met={"wachttijd-kort"})
    final = assessing.report_send(assessment=second, user=users["assessor"])
    participation.refresh_from_db()
    assert final.round == 2 and not final.qualified and participation.state == State.WITHDRAWN


def test_optional_criteria_take_feedback_only(submitted, users):
    Participation.objects.filter(pk=submitted.participation_id).update(is_returning=True)
    submitted.participation.refresh_from_db()
    assessment = assessing.assessment_for(submitted)
    optional = Criterion.objects.get(
        norm__framework=submitted.participation.cycle.framework, key="expertise-uitwisselen"
    )
    with pytest.raises(ValidationError, match="facultatief"):
        assessing.verdict_save(assessment=assessment, criterion=optional, user=users["assessor"], met=True,
                               explanation="", version=0)  # fmt: skip
    assessing.verdict_save(assessment=assessment, criterion=optional, user=users["assessor"], met=None,
                           explanation="Mooi voorbeeld.", version=0)  # fmt: skip
    for criterion in Criterion.objects.filter(norm__framework=submitted.participation.cycle.framework,
                                              optional_for_returning=False):  # fmt: skip
        assessing.verdict_save(assessment=assessment, criterion=criterion, user=users["assessor"], met=True,
                               explanation="", version=0)  # fmt: skip
    report = assessing.report_send(assessment=assessment, user=users["assessor"])
    assert report.qualified


def test_pages_pdf_register_and_permissions(submitted, users, client):
    assessment = assessing.assessment_for(submitted)
    url = f"/staf/beoordelen/{submitted.pk}/"
    expected = {
        "anonymous": 302,
        "member": 403,
        "outsider": 403,
        "insurer": 403,
        "assessor": 200,
        "director": 200,
        "administrator": 200,
    }
    for role in ROLES:
        assert client_for(users[role]).get(url).status_code == expected[role], role
        assert client_for(users[role]).get("/staf/beoordelen/").status_code == expected[role], role
    assessor = client_for(users["assessor"])
    assert "16 Feb 2027" in assessor.get("/staf/beoordelen/").text  # the first report is due 16 February
    criterion = Criterion.objects.get(
        norm__framework=submitted.participation.cycle.framework, key="wachttijd-kort"
    )
    response = assessor.post(f"{url}oordeel/{criterion.pk}/", {f"v{criterion.pk}-met": "0", f"v{criterion.pk}-explanation": "", f"v{criterion.pk}-version": "0"},
                             HTTP_HX_REQUEST="true")  # fmt: skip
    assert response.status_code == 422 and "Licht toe" in response.text
    judge_all(assessment, users["assessor"])
    response = assessor.post(f"{url}versturen/")
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rapportage/{report.pk}/"
    member = client_for(users["member"])
    assert member.get(f"/rapportage/{report.pk}/").status_code == 200
    assert client_for(users["outsider"]).get(f"/rapportage/{report.pk}/").status_code == 404
    pdf = member.get(f"/rapportage/{report.pk}/pdf/")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Praktijk Amstel" in text and "gekwalificeerd" in text
    for subject in ("Tijdige zorg en samen beslissen", "Transparant zijn", "Kennis delen"):
        assert subject in text.replace("\n", " ")
    with time_machine.travel(amsterdam(2027, 5, 1, 12), tick=False):
        holder = client.get(f"/register/{submitted.participation.organisation.agb}/")
    assert "Eindrapportage Keurmerk 2027 Praktijk Amstel" in holder.text
    assert "Uw organisatie voldoet aan deze norm" in holder.text


def test_the_same_save_arriving_twice_is_not_a_conflict(submitted, users):
    assessment = assessing.assessment_for(submitted)
    criterion = Criterion.objects.get(
        norm__framework=submitted.participation.cycle.framework, key="wachttijd-kort"
    )
    save = dict(
        assessment=assessment, criterion=criterion, user=users["assessor"], met=False, explanation="Waarom?"
    )
    assessing.verdict_save(**save, version=0)
    assert (
        assessing.verdict_save(**save, version=0).version == 1
    )  # identical content: accepted, not saved again
    with pytest.raises(assessing.VerdictConflict):
        assessing.verdict_save(**{**save, "explanation": "Anders"}, version=0)
