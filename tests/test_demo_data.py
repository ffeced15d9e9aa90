"""`manage.py demo_data`: every state of the scheme is in the demo, reached through the services,
with a log-in per role; a second run changes nothing; the audit log stays whole."""

import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from keurmerk.accounts.models import Role
from keurmerk.assessments.models import Certificate, Report
from keurmerk.audit.models import AuditEvent
from keurmerk.complaints.models import Complaint, ComplaintStatus, Objection, ObjectionStatus
from keurmerk.consultations.models import ConsultationRound
from keurmerk.core.demo.cycles import DEMO_PASSWORD, DEMO_YEAR, LATE_REASON
from keurmerk.cycles.models import Participation, State
from keurmerk.frameworks.models import FrameworkStatus
from keurmerk.selfevaluations.models import Round, SelfEvaluation, Status
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded twice (DEBUG on, as on a laptop), once for all tests of this module and
    rolled back after them; the output of both runs and the row counts after each."""
    data_dir = tmp_path_factory.mktemp("demo")
    overrides = override_settings(
        DEBUG=True, MIRROR_DATA_DIR=data_dir / "mirror", PRIVATE_MEDIA_ROOT=data_dir / "private"
    )
    with django_db_blocker.unblock(), transaction.atomic():
        with overrides:
            first, second = io.StringIO(), io.StringIO()
            call_command("demo_data", stdout=first)
            after_first = _row_counts()
            call_command("demo_data", stdout=second)
        yield {"outputs": [first.getvalue(), second.getvalue()], "counts": [after_first, _row_counts()]}
        transaction.set_rollback(True)


def _participation(name):
    return Participation.objects.select_related("organisation").get(
        cycle__year=DEMO_YEAR, organisation__name=name
    )


def test_second_run_changes_no_row_counts(demo):
    before, after = demo["counts"]
    assert before == after
    assert after["cycles.Participation"] > 0 and after["audit.AuditEvent"] > 0


def test_every_participation_state_occurs(demo):
    states = set(Participation.objects.filter(cycle__year=DEMO_YEAR).values_list("state", flat=True))
    assert states == set(State.values)


def test_the_demo_framework_is_published_through_its_states(demo):
    participation = _participation("GGZ Rivierenland")
    framework = participation.cycle.framework
    assert framework.year == DEMO_YEAR and framework.status == FrameworkStatus.PUBLISHED
    assert framework.adopted_on is not None and framework.published_at is not None
    consultation = ConsultationRound.objects.select_related("framework").get()  # still on the 2024 concept
    assert consultation.framework.year == 2024
    assert consultation.framework.status == FrameworkStatus.CONSULTATION


def test_every_self_evaluation_status_in_both_rounds(demo):
    pairs = set(
        SelfEvaluation.objects.filter(participation__cycle__year=DEMO_YEAR).values_list("round", "status")
    )
    assert pairs == {(r, s) for r in Round.values for s in Status.values}
    draft_revision = SelfEvaluation.objects.get(round=Round.REVISION, status=Status.DRAFT)
    assert draft_revision.participation.state == State.NOT_QUALIFIED


def test_a_report_of_each_outcome_in_each_round(demo):
    outcomes = set(
        Report.objects.filter(participation__cycle__year=DEMO_YEAR).values_list("round", "qualified")
    )
    assert outcomes == {(1, True), (1, False), (2, True), (2, False)}
    for report in Report.objects.filter(round=2).select_related("participation"):
        expected = State.AWARDED if report.qualified else State.WITHDRAWN
        assert report.participation.state == expected


def test_decisions_match_their_reports_and_reasons(demo):
    for participation in Participation.objects.filter(cycle__year=DEMO_YEAR, state=State.AWARDED):
        certificate = Certificate.objects.get(participation=participation)
        assert certificate.revoked_at is None
    for participation in Participation.objects.filter(cycle__year=DEMO_YEAR, state=State.WITHDRAWN):
        assert participation.agreement_dissolved_at is not None
    oost = _participation("Basis GGZ Oost")
    assert oost.state == State.AWARDED and oost.reports.get().qualified
    assert Certificate.objects.filter(participation=oost).exists()
    polder = _participation("Praktijk Polder")
    assert not polder.self_evaluations.exists() and not polder.reports.exists()
    withdrawal = AuditEvent.objects.get(participation=polder, action="withdrawn")
    assert withdrawal.reason == LATE_REASON and "gekwalificeerd" not in withdrawal.reason
    qualified = Participation.objects.get(cycle__year=DEMO_YEAR, state=State.QUALIFIED)
    assert AuditEvent.objects.get(participation=qualified, action="state_overridden").reason


def test_every_complaint_and_objection_state(demo):
    assert set(Complaint.objects.values_list("status", flat=True)) == set(ComplaintStatus.values)
    assert set(Objection.objects.values_list("status", flat=True)) == set(ObjectionStatus.values)
    upheld = Objection.objects.select_related("complaint__participation").get(status=ObjectionStatus.UPHELD)
    assert upheld.complaint.participation.state == State.AWARDED


def test_one_log_in_per_role_with_the_demo_password(demo):
    users = get_user_model().objects.all()
    for role in Role.values:
        assert any(u.role == role and u.check_password(DEMO_PASSWORD) for u in users), role
    for output in demo["outputs"]:
        assert f"Demo-wachtwoord voor iedereen: {DEMO_PASSWORD}" in output
        assert "beoordelaar@demo.keurmerk.nl" in output
        assert (
            "lid@90000003.demo.keurmerk.nl" in output and "GGZ Rivierenland (Overeenkomst getekend)" in output
        )


def test_the_audit_log_verifies(demo):
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "ongeschonden" in out.getvalue()


def test_a_member_opens_the_keurmerkwijzer_linked_from_the_preparation_page(demo):
    participation = _participation("GGZ Rivierenland")
    member = get_user_model().objects.get(memberships__organisation=participation.organisation)
    client = client_for(member)
    page = client.get(reverse("cycles:preparation", args=[participation.pk]))
    assert page.status_code == 200
    prefix = reverse("frameworks:norm", args=[DEMO_YEAR, "1"]).rsplit("1/", 1)[0]
    links = re.findall(rf'href="({re.escape(prefix)}[^"]+)"', page.content.decode())
    assert links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_a_revoked_certificate_beside_awarded_ones(demo, client):
    """The public can see both answers of the digital check: revoked and not revoked."""
    from tests.credentials.conftest import status_bits

    certificates = Certificate.objects.filter(participation__cycle__year=DEMO_YEAR).select_related(
        "participation"
    )
    revoked = [c for c in certificates if c.participation.state == State.WITHDRAWN]
    awarded = [c for c in certificates if c.participation.state == State.AWARDED]
    assert revoked and len(awarded) >= 2
    assert status_bits(client) == {c.status_list_index for c in revoked}
    assert "maar ingetrokken" in client.get(f"/register/verify/{revoked[0].code}").content.decode()
    assert "echt en niet ingetrokken" in client.get(f"/register/verify/{awarded[0].code}").content.decode()
