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

    certificates = Certificate.objects.filter(participation__cycle__year__gte=DEMO_YEAR - 1).select_related(
        "participation"
    )
    revoked = [c for c in certificates if c.participation.state == State.WITHDRAWN]
    awarded = [c for c in certificates if c.participation.state == State.AWARDED]
    assert revoked and len(awarded) >= 2
    assert status_bits(client) == {c.status_list_index for c in revoked}
    assert "maar ingetrokken" in client.get(f"/register/verify/{revoked[0].code}").content.decode()
    assert "echt en niet ingetrokken" in client.get(f"/register/verify/{awarded[0].code}").content.decode()


def test_meetings_past_and_coming_with_attendance_drafts_and_guidance(demo):
    from django.utils import timezone

    from keurmerk.frameworks.models import GuideItem
    from keurmerk.meetings.models import Meeting, PendingDraft, Registration, RegistrationStatus

    meetings = Meeting.objects.filter(cycle__year=DEMO_YEAR)
    now = timezone.now()
    assert meetings.filter(ends_at__lt=now).exists() and meetings.filter(starts_at__gt=now).count() >= 2
    past = meetings.get(ends_at__lt=now)
    assert set(past.registrations.values_list("attended", flat=True)) == {True, False}
    assert past.notes.startswith("Demo")
    assert Registration.objects.filter(status=RegistrationStatus.WAITING).exists()
    assert PendingDraft.objects.filter(organisation__name="Praktijk De Linde", applied_at=None).exists()
    assert GuideItem.objects.filter(
        norm__framework__year=DEMO_YEAR, kind="faq", body__contains="vrijwillig"
    ).exists()
    assert (
        GuideItem.objects.filter(norm__framework__year=DEMO_YEAR, kind="document")
        .exclude(file_path="")
        .exists()
    )
    member = get_user_model().objects.get(email="lid@90000001.demo.keurmerk.nl")
    page = client_for(member).get(reverse("meetings:detail", args=[past.pk]))
    assert page.status_code == 200 and "Demo: wij bespreken elk kwartaal" in page.content.decode()


@pytest.mark.parametrize(
    ("today", "year"),
    [
        ("2026-12-01", 2027),
        ("2027-01-31", 2027),
        ("2027-02-01", 2028),
        ("2027-08-15", 2028),
        ("2027-01-01", 2027),
    ],
)
def test_the_demo_cycle_is_the_one_whose_self_evaluations_are_still_due(today, year):
    import datetime

    from keurmerk.core.demo.cycles import demo_year

    assert demo_year(datetime.date.fromisoformat(today)) == year


def test_on_the_day_it_is_loaded_the_public_sees_current_holders_with_certificates(demo, client):
    """The year before the demo's cycle is completed on the platform: on the load day the register
    lists holders with a certificate code whose check says valid, with their public report, and
    the network with its predicate; and `tick` finds nothing overdue, so every state the log-ins
    print stays as printed."""
    from keurmerk.assessments.services import withdraw_overdue
    from keurmerk.lib.dates import local_today

    register = client.get("/register.json").json()
    entries = register["holders"]
    coded = [e for e in entries if e["certificate_code"]]
    assert len(coded) >= 2, entries
    if local_today().year == DEMO_YEAR - 1:
        assert {e["name"] for e in coded} >= {"Basis GGZ Oost", "GGZ Delta"}
        assert any(e["network_predicate"] for e in entries if e["name"] == "Netwerk Kortdurend Midden")
    for entry in coded[:2]:
        check = client.get(f"/register/verify/{entry['certificate_code']}").content.decode()
        assert "echt en niet ingetrokken" in check
    org = Participation.objects.get(cycle__year=DEMO_YEAR - 1, organisation__name="GGZ Delta").organisation
    assert Report.objects.filter(
        participation__organisation=org, participation__cycle__year=DEMO_YEAR - 1
    ).exists()
    states = dict(Participation.objects.filter(cycle__year=DEMO_YEAR).values_list("pk", "state"))
    assert withdraw_overdue() == 0
    assert dict(Participation.objects.filter(cycle__year=DEMO_YEAR).values_list("pk", "state")) == states
