"""Assessing a submitted self-evaluation and sending the Keurmerkrapportage (Fase 3.2–4)."""

import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from keurmerk.assessments import services as assessing
from keurmerk.assessments.models import NormSummary, Report, Verdict
from keurmerk.audit.models import AuditEvent
from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.services import TransitionError
from keurmerk.frameworks.models import Criterion, Norm
from keurmerk.notifications.models import Notification
from keurmerk.selfevaluations import services as se_services
from tests.conftest import ROLES, amsterdam, client_for
from tests.selfevaluations.conftest import DURING_REVISION, submit


def judge_all(assessment, user, *, not_met=()):
    for criterion in Criterion.objects.filter(
        norm__framework=assessment.self_evaluation.participation.cycle.framework
    ):
        met = criterion.key not in not_met
        assessing.verdict_save(
            assessment=assessment,
            criterion=criterion,
            user=user,
            met=met,
            explanation="" if met else "Beschrijf hoe de wachttijd wordt bewaakt.",
            version=0,
        )


def pdf_text(response):
    """The PDF's text with every run of white space (line breaks too) made one space."""
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())


def assert_every_norm(text, framework):
    norms = list(Norm.objects.filter(framework=framework).order_by("pk"))
    assert len(norms) == 6  # the 2022 framework
    for norm in norms:
        assert f"Norm {norm.number} {norm.subject}" in text, norm.subject


def test_not_met_needs_an_explanation_and_stale_saves_conflict(submitted, users):
    assessment = assessing.assessment_for(submitted)
    criterion = Criterion.objects.get(
        norm__framework=submitted.participation.cycle.framework, key="wachttijd-kort"
    )
    with pytest.raises(ValidationError, match="Licht toe"):
        assessing.verdict_save(
            assessment=assessment,
            criterion=criterion,
            user=users["assessor"],
            met=False,
            explanation=" ",
            version=0,
        )
    assessing.verdict_save(
        assessment=assessment,
        criterion=criterion,
        user=users["assessor"],
        met=True,
        explanation="",
        version=0,
    )
    with pytest.raises(assessing.VerdictConflict):
        assessing.verdict_save(
            assessment=assessment,
            criterion=criterion,
            user=users["director"],
            met=False,
            explanation="Anders",
            version=0,
        )
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
        assessing.verdict_save(
            assessment=assessment,
            criterion=criterion,
            user=users["assessor"],
            met=False,
            explanation="Te laat",
            version=1,
        )


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
    text = pdf_text(client_for(users["member"]).get(f"/rapportage/{final.pk}/pdf/"))
    assert "Eindrapportage 2027 – Praktijk Amstel" in text
    assert "U heeft zich niet gekwalificeerd; het Keurmerk wordt ingetrokken." in text
    assert "zich gekwalificeerd voor het Keurmerk" not in text and "nog niet gekwalificeerd" not in text
    assert_every_norm(text, participation.cycle.framework)
    # The final report is a decision in the audit log of its own, next to the withdrawal.
    sent = AuditEvent.objects.filter(action="report_sent", participation=participation).order_by("pk")
    assert [(e.actor, e.object_id) for e in sent] == [
        (users["assessor"], str(participation.pk)),
        (users["assessor"], str(final.pk)),
    ]
    assert sent[1].data == {"round": 2, "qualified": False}
    assert Notification.objects.filter(
        kind="report", url=f"/rapportage/{final.pk}/", body__contains="het Keurmerk wordt ingetrokken"
    ).exists()


def test_optional_criteria_take_feedback_only(submitted, users):
    Participation.objects.filter(pk=submitted.participation_id).update(is_returning=True)
    submitted.participation.refresh_from_db()
    assessment = assessing.assessment_for(submitted)
    optional = Criterion.objects.get(
        norm__framework=submitted.participation.cycle.framework, key="expertise-uitwisselen"
    )
    with pytest.raises(ValidationError, match="facultatief"):
        assessing.verdict_save(
            assessment=assessment,
            criterion=optional,
            user=users["assessor"],
            met=True,
            explanation="",
            version=0,
        )
    assessing.verdict_save(
        assessment=assessment,
        criterion=optional,
        user=users["assessor"],
        met=None,
        explanation="Mooi voorbeeld.",
        version=0,
    )
    for criterion in Criterion.objects.filter(
        norm__framework=submitted.participation.cycle.framework, optional_for_returning=False
    ):
        assessing.verdict_save(
            assessment=assessment,
            criterion=criterion,
            user=users["assessor"],
            met=True,
            explanation="",
            version=0,
        )
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
    assert "16 februari 2027" in assessor.get("/staf/beoordelen/").text  # the first report is due 16 February
    criterion = Criterion.objects.get(
        norm__framework=submitted.participation.cycle.framework, key="wachttijd-kort"
    )
    response = assessor.post(
        f"{url}oordeel/{criterion.pk}/",
        {f"v{criterion.pk}-met": "0", f"v{criterion.pk}-explanation": "", f"v{criterion.pk}-version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422 and "Licht toe" in response.text
    judge_all(assessment, users["assessor"])
    response = assessor.post(f"{url}versturen/")
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rapportage/{report.pk}/"
    member = client_for(users["member"])
    assert member.get(f"/rapportage/{report.pk}/").status_code == 200
    assert client_for(users["outsider"]).get(f"/rapportage/{report.pk}/").status_code == 404
    pdf = member.get(f"/rapportage/{report.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf)
    assert "Keurmerkrapportage 2027 – Praktijk Amstel" in text
    # The positive wording, which is no part of the negative ("… nog niet gekwalificeerd").
    assert "U heeft zich gekwalificeerd voor het Keurmerk." in text and "niet gekwalificeerd" not in text
    assert "aandacht nodig" not in text and "niet voldaan" not in text
    assert_every_norm(text, submitted.participation.cycle.framework)
    assert text.count("Uw organisatie voldoet aan deze norm.") == 6
    certificate = Participation.objects.get(pk=submitted.participation_id).certificate
    certificate_pdf = pdf_text(member.get(f"/certificaat/{submitted.participation_id}/"))
    for expected in ("Praktijk Amstel", "Keurmerk 2027", "Keurmerk Basis GGZ 2022", certificate.code):
        assert expected in certificate_pdf, expected
    assert f"/register/verify/{certificate.code}" in certificate_pdf.replace(" ", "")
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


def test_not_qualified_report_pdf_says_so_per_norm_and_criterion(submitted, users):
    """First round, one required criterion not met: the PDF names the negative outcome, the norm that
    needs attention, the criterion and why; every norm is in it; there is no certificate."""
    assessment = assessing.assessment_for(submitted)
    judge_all(assessment, users["assessor"], not_met={"wachttijd-kort"})
    report = assessing.report_send(assessment=assessment, user=users["assessor"])
    response = client_for(users["member"]).get(f"/rapportage/{report.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "Keurmerkrapportage 2027 – Praktijk Amstel" in text
    assert (
        "U heeft zich nog niet gekwalificeerd. U kunt eenmalig een aangepaste zelfevaluatie indienen." in text
    )
    assert "zich gekwalificeerd voor het Keurmerk" not in text
    assert_every_norm(text, submitted.participation.cycle.framework)
    assert text.count("Deze norm heeft nog aandacht nodig.") == 1
    assert text.count("Uw organisatie voldoet aan deze norm.") == 5
    criterion = Criterion.objects.select_related("norm").get(
        norm__framework=submitted.participation.cycle.framework, key="wachttijd-kort"
    )
    assert f"{criterion.norm.number}.{criterion.number} " in text
    assert "niet voldaan – Beschrijf hoe de wachttijd wordt bewaakt." in text
    assert not hasattr(Participation.objects.get(pk=submitted.participation_id), "certificate")
    assert client_for(users["member"]).get(f"/certificaat/{submitted.participation_id}/").status_code == 404


def summary_post(client, self_evaluation, norm, text, version):
    return client.post(
        f"/staf/beoordelen/{self_evaluation.pk}/samenvatting/{norm.pk}/",
        {f"s{norm.pk}-text": text, f"s{norm.pk}-version": version},
    )


def test_norm_summary_saves_and_a_stale_version_conflicts(submitted, users):
    from django.contrib.messages import get_messages

    norm = Norm.objects.get(framework=submitted.participation.cycle.framework, number="1")
    assessor, director = client_for(users["assessor"]), client_for(users["director"])
    response = summary_post(assessor, submitted, norm, "Wachttijden goed bewaakt.", 0)
    assert response.status_code == 302 and response["Location"] == f"/staf/beoordelen/{submitted.pk}/#norm-1"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Samenvatting opgeslagen."]
    summary = NormSummary.objects.get(assessment__self_evaluation=submitted, norm=norm)
    assert (summary.text, summary.version) == ("Wachttijden goed bewaakt.", 1)
    # The director started from the same empty summary (version 0): refused, nothing overwritten.
    response = summary_post(director, submitted, norm, "Iets heel anders.", 0)
    assert response.status_code == 302
    assert "intussen gewijzigd" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    summary.refresh_from_db()
    assert (summary.text, summary.version) == ("Wachttijden goed bewaakt.", 1)
    # Having seen it (the page carries version 1), the director's next save is deliberate.
    page = director.get(f"/staf/beoordelen/{submitted.pk}/").text
    assert "Wachttijden goed bewaakt." in page and f'name="s{norm.pk}-version" value="1"' in page
    summary_post(director, submitted, norm, "Aangevuld door de directeur.", 1)
    summary.refresh_from_db()
    assert (summary.text, summary.version) == ("Aangevuld door de directeur.", 2)
    assert NormSummary.objects.count() == 1


def test_norm_summary_is_in_the_report_and_frozen_after_sending(submitted, users):
    norm = Norm.objects.get(framework=submitted.participation.cycle.framework, number="3")
    assessment = assessing.assessment_for(submitted)
    assessing.summary_save(
        assessment=assessment, norm=norm, user=users["assessor"], text="Open over wachttijden.", version=0
    )
    judge_all(assessment, users["assessor"])
    report = assessing.report_send(assessment=assessment, user=users["assessor"])
    assert (
        next(n for n in report.content["norms"] if n["number"] == "3")["summary"] == "Open over wachttijden."
    )
    assert "Open over wachttijden." in client_for(users["member"]).get(f"/rapportage/{report.pk}/").text
    with pytest.raises(TransitionError, match="verstuurd"):
        assessing.summary_save(
            assessment=assessment, norm=norm, user=users["assessor"], text="Later", version=1
        )
    summary_post(client_for(users["assessor"]), submitted, norm, "Later", 1)
    assert NormSummary.objects.get(norm=norm).text == "Open over wachttijden."
