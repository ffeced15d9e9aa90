"""Text is stored as typed and always escaped on output: markup in the provider's answer, the
assessor's verdict explanation, a norm summary, the organisation's name and a complaint renders
inert on the assessment page, the report page, the public register and holder page, the complaint
page, and is printed as plain characters in the report PDF."""

import io

import pytest
import time_machine
from pypdf import PdfReader

from keurmerk.assessments import services as assessing
from keurmerk.assessments.models import NormSummary, Verdict
from keurmerk.complaints.services import complaint_file, complaint_request_info, complaint_take_in
from keurmerk.cycles.models import Participation, State
from keurmerk.frameworks.models import Criterion, Norm
from keurmerk.organisations.models import Organisation
from keurmerk.selfevaluations.models import Answer
from keurmerk.selfevaluations.services import answer_save
from tests.conftest import amsterdam, client_for
from tests.selfevaluations.conftest import answer_for, fill_all, submit

from .test_assessing import judge_all

EVIL = "<script>alert(1)</script><b>x</b>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;"
# One marker per source, so each text is shown to be escaped on its own.
ANSWER, VERDICT, SUMMARY, NAME = (f"{EVIL} {w}" for w in ("antwoord", "oordeel", "samenvatting", "naam"))


def escaped(text):
    return text.replace(EVIL, ESCAPED)


def assert_inert(html, *texts):
    assert "<script>alert(1)" not in html and "<b>x</b>" not in html
    for text in texts:
        assert escaped(text) in html, text


@pytest.fixture
def evil(self_evaluation, users):
    """org_a (named with markup) submitted an answer with markup; the assessor judged everything met,
    one verdict and one norm summary with markup."""
    Organisation.objects.filter(pk=self_evaluation.participation.organisation_id).update(
        name=f"Praktijk {NAME}"
    )
    fill_all(self_evaluation)
    answer_save(
        answer=answer_for(self_evaluation, "wachttijd-kort"),
        user=users["member"],
        version=0,
        explanation=ANSWER,
    )
    submit(self_evaluation, users["member"])
    self_evaluation.refresh_from_db()
    assessment = assessing.assessment_for(self_evaluation)
    judge_all(assessment, users["assessor"])
    framework = self_evaluation.participation.cycle.framework
    criterion = Criterion.objects.get(norm__framework=framework, key="wachttijd-kort")
    assessing.verdict_save(
        assessment=assessment,
        criterion=criterion,
        user=users["assessor"],
        met=True,
        explanation=VERDICT,
        version=1,
    )
    norm = Norm.objects.get(framework=framework, number="1")
    assessing.summary_save(assessment=assessment, norm=norm, user=users["assessor"], text=SUMMARY, version=0)
    return assessment


def test_stored_as_typed(evil):
    assert (
        Answer.objects.get(self_evaluation=evil.self_evaluation, criterion__key="wachttijd-kort").explanation
        == ANSWER
    )
    assert Verdict.objects.get(assessment=evil, criterion__key="wachttijd-kort").explanation == VERDICT
    assert NormSummary.objects.get(assessment=evil).text == SUMMARY


def test_inert_on_the_assessment_page_and_in_a_conflict(evil, users):
    assessor = client_for(users["assessor"])
    url = f"/staf/beoordelen/{evil.self_evaluation_id}/"
    page = assessor.get(url)
    assert page.status_code == 200
    # The answer as text, the verdict and the summary inside their forms' text areas.
    assert_inert(page.text, ANSWER, VERDICT, SUMMARY, NAME)
    criterion = Criterion.objects.get(pk=Verdict.objects.get(explanation=VERDICT).criterion_id)
    conflict = assessor.post(
        f"{url}oordeel/{criterion.pk}/",
        {
            f"v{criterion.pk}-met": "0",
            f"v{criterion.pk}-version": "0",
            f"v{criterion.pk}-explanation": "Anders",
        },
        HTTP_HX_REQUEST="true",
    )
    assert conflict.status_code == 409
    assert_inert(conflict.text, VERDICT)  # the stored verdict, shown to the one who conflicts


def test_inert_on_the_report_page_the_frozen_assessment_and_as_text_in_the_pdf(evil, users):
    report = assessing.report_send(assessment=evil, user=users["assessor"])
    member = client_for(users["member"])
    page = member.get(f"/rapportage/{report.pk}/")
    assert page.status_code == 200
    assert_inert(page.text, VERDICT, SUMMARY, NAME)
    frozen = client_for(users["assessor"]).get(f"/staf/beoordelen/{evil.self_evaluation_id}/")
    assert_inert(frozen.text, ANSWER, VERDICT, NAME)
    pdf = member.get(f"/rapportage/{report.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = "".join(text.split())  # a long line may wrap anywhere, even inside "</script>"
    # Printed as the characters that were typed: markup neither interpreted nor escaped twice.
    for typed in (VERDICT, SUMMARY, NAME):
        assert "".join(typed.split()) in text, typed
    assert "&lt;" not in text


def test_inert_in_the_public_register_and_holder_page(evil, users, client):
    report = assessing.report_send(assessment=evil, user=users["assessor"])
    participation = Participation.objects.get(pk=report.participation_id)
    assert participation.state == State.AWARDED
    with time_machine.travel(amsterdam(2027, 5, 1, 12), tick=False):
        holder = client.get(f"/register/{participation.organisation.agb}/")
        listing = client.get("/register/")
    assert holder.status_code == 200 and "Uw organisatie voldoet aan deze norm" in holder.text
    assert_inert(holder.text, NAME)
    assert f"Eindrapportage Keurmerk 2027 Praktijk {escaped(NAME)}" in holder.text  # from the report itself
    assert_inert(listing.text, NAME)


def test_inert_on_the_complaint_page(participation, users):
    Participation.objects.filter(pk=participation.pk).update(state=State.WITHDRAWN)
    participation.refresh_from_db()
    complaint = complaint_file(participation=participation, user=users["member"], text=f"{EVIL} klacht")
    complaint_take_in(complaint=complaint, user=users["director"])
    complaint_request_info(complaint=complaint, user=users["director"], text=f"{EVIL} vraag")
    for role in ("member", "director"):
        page = client_for(users[role]).get(f"/klachten/{complaint.pk}/")
        assert page.status_code == 200
        assert_inert(page.text, f"{EVIL} klacht", f"{EVIL} vraag")
