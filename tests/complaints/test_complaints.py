"""The complaints procedure: filing, deadlines in working days, taking in, asking for information,
deciding (upheld revises the decision), objection; overdue steps stand out; access per role."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from keurmerk.audit.models import AuditEvent
from keurmerk.complaints.models import Complaint, ComplaintStatus, ObjectionStatus
from keurmerk.complaints.services import (
    complaint_answer,
    complaint_decide,
    complaint_file,
    complaint_request_info,
    complaint_take_in,
    objection_decide,
    objection_lodge,
)
from keurmerk.cycles.calendar import holder_ids
from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.services import TransitionError
from tests.conftest import ROLES, amsterdam, client_for

FILED = amsterdam(2026, 4, 22, 10)  # Wednesday before Koningsdag (Monday 27 April 2026)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def withdrawn(participation):
    Participation.objects.filter(pk=participation.pk).update(state=State.WITHDRAWN)
    participation.refresh_from_db()
    return participation


@pytest.fixture
def complaint(withdrawn, users):
    with time_machine.travel(FILED, tick=False):
        return complaint_file(participation=withdrawn, user=users["member"], text="Wij zijn het niet eens.")


def test_deadlines_skip_weekends_and_koningsdag(complaint):
    assert complaint.take_in_due == datetime.date(2026, 4, 30)  # Thu 23, Fri 24, Tue 28, Wed 29, Thu 30
    assert complaint.decision_due == datetime.date(2026, 5, 7)  # ten working days; 5 May 2026 is no holiday


def test_a_given_moment_of_filing_sets_the_deadlines(withdrawn, users):
    """`now` (for imports and the demo): the same deadlines as filing at that moment."""
    complaint = complaint_file(
        participation=withdrawn, user=users["member"], text="Te laat gezien.", now=FILED
    )
    complaint.refresh_from_db()
    assert complaint.filed_at == FILED
    assert (complaint.take_in_due, complaint.decision_due) == (
        datetime.date(2026, 4, 30),
        datetime.date(2026, 5, 7),
    )


def test_only_a_withdrawn_provider_can_complain_once(participation, users):
    with pytest.raises(TransitionError, match="intrekken of niet toekennen"):
        complaint_file(participation=participation, user=users["member"], text="x")
    Participation.objects.filter(pk=participation.pk).update(state=State.WITHDRAWN)
    participation.refresh_from_db()
    complaint_file(participation=participation, user=users["member"], text="Eerste klacht")
    with pytest.raises(TransitionError, match="loopt al een klacht"):
        complaint_file(participation=participation, user=users["member"], text="Tweede")
    assert Complaint.objects.count() == 1


def test_attachments_are_checked_by_content(withdrawn, users):
    fake = SimpleUploadedFile("brief.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(Exception, match="geen toegestaan bestand"):
        complaint_file(participation=withdrawn, user=users["member"], text="x", files=[fake])
    assert not Complaint.objects.exists()
    png_named_pdf = SimpleUploadedFile("scan.pdf", PNG, content_type="application/pdf")
    complaint = complaint_file(participation=withdrawn, user=users["member"], text="x", files=[png_named_pdf])
    attachment = complaint.attachments.get()
    assert attachment.content_type == "image/png" and attachment.path.endswith(".png")
    url = f"/klachten/{complaint.pk}/bijlage/{attachment.pk}/"
    assert client_for(users["member"]).get(url).status_code == 200
    assert client_for(users["director"]).get(url).status_code == 200
    assert client_for(users["outsider"]).get(url).status_code == 404


def test_upheld_complaint_revises_the_decision(complaint, users):
    complaint_take_in(complaint=complaint, user=users["administrator"])
    complaint_request_info(complaint=complaint, user=users["director"], text="Stuur het verbeterplan.")
    complaint_answer(complaint=complaint, user=users["member"], text="Bijgevoegd.")
    complaint_decide(
        complaint=complaint, user=users["director"], upheld=True, decision="Procedure niet gevolgd."
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.UPHELD
    participation = complaint.participation
    participation.refresh_from_db()
    assert participation.state == State.AWARDED and participation.certificate.revoked_at is None
    assert participation.organisation_id in holder_ids(2027, on=datetime.date(2027, 6, 1))
    actions = list(AuditEvent.objects.filter(participation=participation).values_list("action", flat=True))
    assert actions[-6:] == [
        "complaint_filed",
        "complaint_taken_in",
        "complaint_info_requested",
        "complaint_info_given",
        "complaint_decided",
        "awarded",
    ]


def test_not_upheld_then_objection(complaint, users):
    complaint_take_in(complaint=complaint, user=users["director"])
    with pytest.raises(TransitionError, match="Motiveer"):
        complaint_decide(complaint=complaint, user=users["director"], upheld=False, decision=" ")
    complaint_decide(
        complaint=complaint, user=users["director"], upheld=False, decision="Terecht ingetrokken."
    )
    objection = objection_lodge(complaint=complaint, user=users["member"], text="Wij maken bezwaar.")
    with pytest.raises(TransitionError, match="al bezwaar"):
        objection_lodge(complaint=complaint, user=users["member"], text="Nog een keer.")
    objection_decide(objection=objection, user=users["director"], upheld=False, decision="Blijft ongegrond.")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.REJECTED
    assert Participation.objects.get(pk=complaint.participation_id).state == State.WITHDRAWN


def test_steps_in_the_wrong_order_are_refused(complaint, users):
    with pytest.raises(TransitionError):
        complaint_request_info(complaint=complaint, user=users["director"], text="?")
    with pytest.raises(TransitionError):
        objection_lodge(complaint=complaint, user=users["member"], text="x")
    with pytest.raises(TransitionError):
        complaint_answer(complaint=complaint, user=users["member"], text="x")
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.FILED


def test_overdue_steps_stand_out(complaint, users):
    staff = client_for(users["director"])
    with time_machine.travel(amsterdam(2026, 4, 30, 23, 59), tick=False):
        assert "verlopen</strong>" not in staff.get("/klachten/").text
    with time_machine.travel(amsterdam(2026, 5, 1, 9), tick=False):
        assert staff.get("/klachten/").text.count("verlopen</strong>") == 1
        overdue = staff.get("/staf/").text.split('id="overdue-heading"')[1].split("</section>")[0]
        assert "1 termijn verlopen" in overdue and "Klachten in behandeling te nemen" in overdue
    with time_machine.travel(amsterdam(2026, 5, 11, 9), tick=False):
        complaint_take_in(complaint=complaint, user=users["director"])
        assert staff.get("/klachten/").text.count("verlopen</strong>") == 1  # the decision is now late


def test_pages_per_role(complaint, users):
    url = f"/klachten/{complaint.pk}/"
    expected = {
        "anonymous": 302,
        "member": 200,
        "outsider": 404,
        "insurer": 403,
        "assessor": 200,
        "director": 200,
        "administrator": 200,
    }
    for role in ROLES:
        assert client_for(users[role]).get(url).status_code == expected[role], role
    list_expected = {**expected, "outsider": 200, "insurer": 302}
    for role in ROLES:
        assert client_for(users[role]).get("/klachten/").status_code == list_expected[role], role
    for role, status in {"anonymous": 302, "member": 403, "assessor": 200, "director": 200}.items():
        assert client_for(users[role]).get("/klachten/export.xlsx").status_code == status, role


def test_only_the_director_decides(complaint, users):
    complaint_take_in(complaint=complaint, user=users["administrator"])
    data = {"upheld": "1", "decision": "Gegrond."}
    for role, status in {"member": 403, "assessor": 403, "administrator": 403, "outsider": 403}.items():
        assert (
            client_for(users[role]).post(f"/klachten/{complaint.pk}/besluit/", data).status_code == status
        ), role
    assert Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.IN_PROCESSING
    response = client_for(users["director"]).post(f"/klachten/{complaint.pk}/besluit/", data)
    assert (
        response.status_code == 302
        and Complaint.objects.get(pk=complaint.pk).status == ComplaintStatus.UPHELD
    )


def test_member_files_through_the_page(withdrawn, users):
    client = client_for(users["member"])
    assert f"/klachten/indienen/{withdrawn.pk}/" in client.get("/klachten/").text
    response = client.post(f"/klachten/indienen/{withdrawn.pk}/", {"text": "Onterecht ingetrokken."})
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/klachten/{complaint.pk}/"
    assert (
        client_for(users["outsider"]).post(f"/klachten/indienen/{withdrawn.pk}/", {"text": "x"}).status_code
        == 404
    )
