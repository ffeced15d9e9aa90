"""Item 2 of issue 11: the complaint lists show the objection's state, staff filter on running and
overdue complaints, and the answer to the director's question can carry an attachment."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from keurmerk.complaints.models import ComplaintAttachment, ComplaintMessage, ComplaintStatus
from keurmerk.complaints.services import (
    complaint_decide,
    complaint_file,
    complaint_request_info,
    complaint_take_in,
    objection_lodge,
)
from keurmerk.cycles.models import Participation, State
from tests.conftest import ROLES, amsterdam, client_for

pytestmark = pytest.mark.django_db
FILED = amsterdam(2026, 4, 22, 10)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def withdrawn(participation):
    Participation.objects.filter(pk=participation.pk).update(state=State.WITHDRAWN)
    participation.refresh_from_db()
    return participation


@pytest.fixture
def complaint(withdrawn, users):
    with time_machine.travel(FILED, tick=False):
        return complaint_file(participation=withdrawn, user=users["member"], text="Niet eens.")


@pytest.fixture
def objected(complaint, users):
    with time_machine.travel(amsterdam(2026, 4, 23, 10), tick=False):
        complaint_take_in(complaint=complaint, user=users["director"])
        complaint_decide(complaint=complaint, user=users["director"], upheld=False, decision="Terecht.")
        objection_lodge(complaint=complaint, user=users["member"], text="Bezwaar.")
    return complaint


def _row(html, name):
    return html.split(f">{name}</a>")[1].split("</tr>")[0]


def test_a_pending_objection_shows_in_both_lists(objected, users, org_a):
    staff_html = client_for(users["director"]).get("/klachten/").text
    row = _row(staff_html, org_a.name)
    assert "Ongegrond" in row and "Bezwaar aangetekend" in row
    member_html = client_for(users["member"]).get("/klachten/").text
    assert "bezwaar: bezwaar aangetekend" in member_html


def test_staff_filter_open_and_overdue(objected, users, org_b, cycle):
    other = Participation.objects.create(organisation=org_b, cycle=cycle, state=State.WITHDRAWN)
    with time_machine.travel(amsterdam(2026, 6, 1, 10), tick=False):
        late = complaint_file(participation=other, user=users["outsider"], text="Laat.")
    client = client_for(users["director"])
    with time_machine.travel(amsterdam(2026, 6, 15, 10), tick=False):
        everything = client.get("/klachten/").text
        running = client.get("/klachten/?show=open").text
        overdue = client.get("/klachten/?show=verlopen").text
    assert org_b.name in everything and objected.participation.organisation.name in everything
    # the objection is still awaiting a decision, so the decided complaint is running too
    assert org_b.name in running and objected.participation.organisation.name in running
    assert org_b.name in overdue and objected.participation.organisation.name not in overdue
    assert late.status == ComplaintStatus.FILED


def test_the_filter_names_a_wrong_choice_and_shows_all(objected, users):
    response = client_for(users["director"]).get("/klachten/?show=iets")
    assert response.status_code == 200 and objected.participation.organisation.name in response.text


@pytest.fixture
def asked(complaint, users):
    complaint_take_in(complaint=complaint, user=users["director"])
    complaint_request_info(complaint=complaint, user=users["director"], text="Stuur het plan.")
    return complaint


@pytest.mark.parametrize("role", ROLES)
def test_only_the_member_answers_with_an_attachment(asked, users, role, private_media):
    upload = SimpleUploadedFile("plan.png", PNG, content_type="image/png")
    response = client_for(users[role]).post(
        f"/klachten/{asked.pk}/antwoord/", {"text": "Bijgevoegd.", "files": upload}
    )
    expected = {
        "anonymous": 302,
        "member": 302,
        "outsider": 404,
        "insurer": 403,
        "assessor": 403,
        "director": 403,
        "administrator": 403,
    }[role]
    assert response.status_code == expected, role
    answered = role == "member"
    assert ComplaintMessage.objects.filter(is_request=False).exists() == answered
    assert ComplaintAttachment.objects.filter(message__isnull=False).exists() == answered
    if answered:
        attachment = ComplaintAttachment.objects.get()
        assert attachment.message.text == "Bijgevoegd." and attachment.complaint_id == asked.pk
        page = client_for(users["director"]).get(f"/klachten/{asked.pk}/").text
        assert f"/klachten/{asked.pk}/bijlage/{attachment.pk}/" in page
        download = client_for(users["director"]).get(f"/klachten/{asked.pk}/bijlage/{attachment.pk}/")
        assert download.status_code == 200


def test_a_bad_attachment_refuses_the_whole_answer(asked, users, private_media):
    fake = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client_for(users["member"]).post(
        f"/klachten/{asked.pk}/antwoord/", {"text": "Bijgevoegd.", "files": fake}, follow=True
    )
    assert "plan.pdf" in response.text
    assert not ComplaintMessage.objects.filter(is_request=False).exists()
    assert not ComplaintAttachment.objects.exists()
    asked.refresh_from_db()
    assert asked.status == ComplaintStatus.INFO_REQUESTED
