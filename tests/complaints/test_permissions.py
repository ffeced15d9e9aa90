"""Permission matrix: every URL of the complaints module × every role → the expected status.

A complaint of another organisation answers 404; a step for another role 403; anonymous visitors
are sent to the sign-in page (302). Every post carries valid data, so a refusal is proven by the
step's effect being absent and an allowed role by it being present. Also the staff export."""

import csv
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from keurmerk.audit.models import AuditEvent
from keurmerk.complaints.models import (
    Complaint,
    ComplaintMessage,
    ComplaintStatus,
    Objection,
    ObjectionStatus,
)
from keurmerk.complaints.services import complaint_file, complaint_take_in
from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.services import cycle_create, handbook_dates
from tests.conftest import ROLES, amsterdam, client_for, get_matrix

LOGIN = 302
STAFF = {
    "anonymous": LOGIN,
    "member": 403,
    "outsider": 403,
    "insurer": 403,
    "assessor": 200,
    "director": 200,
    "administrator": 200,
}
READERS = {**STAFF, "member": 200, "outsider": 404}
MEMBER_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "member": 200, "outsider": 404}
OFFICE = {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "director": 200, "administrator": 200}
DIRECTOR_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "director": 200}
LIST = {**READERS, "outsider": 200, "insurer": 302}  # the insurer is sent to the start page
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _withdrawn(participation):
    Participation.objects.filter(pk=participation.pk).update(state=State.WITHDRAWN)
    participation.refresh_from_db()
    return participation


def _complaint(participation, member, status, text):
    return Complaint.objects.create(
        participation=participation, filed_by=member, filed_at=timezone.now(), text=text, status=status
    )


@pytest.fixture
def objects(participation, framework_2022, users):
    """org_a's complaints, one in the state each step needs. The open ones are about last year's
    withdrawal (one open complaint per decision); this year's withdrawal is free to complain about."""
    member = users["member"]
    last_year = cycle_create(
        user=users["administrator"], year=2026, framework=framework_2022, dates=handbook_dates(2026)
    )
    old = _withdrawn(Participation.objects.create(organisation=participation.organisation, cycle=last_year))
    now = _withdrawn(participation)
    filed = complaint_file(
        participation=old,
        user=member,
        text="Ingediend",
        files=[SimpleUploadedFile("scan.png", PNG, content_type="image/png")],
    )
    not_upheld = _complaint(now, member, ComplaintStatus.NOT_UPHELD, "Ongegrond")
    objected = _complaint(now, member, ComplaintStatus.NOT_UPHELD, "Met bezwaar")
    Objection.objects.create(complaint=objected, lodged_by=member, lodged_at=timezone.now(), text="Bezwaar")
    return {
        "p": now.pk,
        "filed": filed.pk,
        "f": filed.attachments.get().pk,
        "processing": _complaint(old, member, ComplaintStatus.IN_PROCESSING, "Vraag").pk,
        "deciding": _complaint(old, member, ComplaintStatus.IN_PROCESSING, "Beslissen").pk,
        "info": _complaint(old, member, ComplaintStatus.INFO_REQUESTED, "Antwoord").pk,
        "not_upheld": not_upheld.pk,
        "objected": objected.pk,
    }


GETS = [
    ("/klachten/", LIST),
    ("/klachten/export.csv", STAFF),
    ("/klachten/export.xlsx", STAFF),
    ("/klachten/indienen/{p}/", MEMBER_ONLY),
    ("/klachten/{filed}/", READERS),
    ("/klachten/{filed}/bijlage/{f}/", READERS),
]


@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(objects, users, role):
    for url, response in get_matrix(role, users, GETS, objects).items():
        if role != "anonymous" and response.status_code == 302:  # an insurer has no complaints
            assert (role, url, response["Location"]) == ("insurer", "/klachten/", "/start/")


def _status(pk):
    return Complaint.objects.get(pk=pk).status


DECISION = {"upheld": "0", "decision": "Terecht besloten."}
# url, valid data, who may, and the effect the step has when it is allowed
POSTS = [
    (
        "/klachten/indienen/{p}/",
        {"text": "Nieuwe klacht"},
        MEMBER_ONLY,
        lambda o: Complaint.objects.filter(participation_id=o["p"], text="Nieuwe klacht").exists(),
    ),
    (
        "/klachten/{filed}/in-behandeling/",
        {},
        OFFICE,
        lambda o: _status(o["filed"]) == ComplaintStatus.IN_PROCESSING,
    ),
    (
        "/klachten/{processing}/vraag/",
        {"text": "Stuur het plan."},
        DIRECTOR_ONLY,
        lambda o: _status(o["processing"]) == ComplaintStatus.INFO_REQUESTED,
    ),
    (
        "/klachten/{info}/antwoord/",
        {"text": "Hierbij."},
        MEMBER_ONLY,
        lambda o: _status(o["info"]) == ComplaintStatus.IN_PROCESSING,
    ),
    (
        "/klachten/{deciding}/besluit/",
        DECISION,
        DIRECTOR_ONLY,
        lambda o: _status(o["deciding"]) == ComplaintStatus.NOT_UPHELD,
    ),
    (
        "/klachten/{not_upheld}/bezwaar/",
        {"text": "Wij maken bezwaar."},
        MEMBER_ONLY,
        lambda o: Objection.objects.filter(complaint_id=o["not_upheld"]).exists(),
    ),
    (
        "/klachten/{objected}/bezwaar/besluit/",
        DECISION,
        DIRECTOR_ONLY,
        lambda o: Objection.objects.get(complaint_id=o["objected"]).status == ObjectionStatus.REJECTED,
    ),
]


def _state():
    return (
        list(Complaint.objects.order_by("pk").values_list("pk", "status", "decision")),
        ComplaintMessage.objects.count(),
        list(Objection.objects.order_by("pk").values_list("pk", "status")),
        list(Participation.objects.order_by("pk").values_list("state", flat=True)),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
def test_post_matrix(objects, users, role):
    client = client_for(users[role])
    before = _state()
    for template, data, may, effect in POSTS:
        url = template.format(**objects)
        response = client.post(url, data)
        allowed = may[role] == 200
        assert response.status_code == (302 if allowed else may[role]), (
            f"{role} POST {url}: {response.status_code}"
        )
        assert effect(objects) == allowed, f"{role} POST {url}: effect {'missing' if allowed else 'present'}"
    if not any(may[role] == 200 for _url, _data, may, _effect in POSTS):
        assert _state() == before


@pytest.mark.parametrize("role", ["outsider", "insurer", "assessor"])
def test_refused_steps_leave_messages_and_decisions_untouched(objects, users, role):
    """The complaints of org_a keep their text, messages and decision whoever else tries."""
    client = client_for(users[role])
    before = _state()
    for template, data, _may, _effect in POSTS:
        client.post(template.format(**objects), data)
    assert _state() == before


def test_get_on_a_post_url_is_not_allowed(objects, users):
    director = client_for(users["director"])
    for template, _data, _may, _effect in POSTS[1:]:
        assert director.get(template.format(**objects)).status_code == 405, template


def test_deciding_an_objection_that_was_never_lodged_is_not_found(objects, users):
    response = client_for(users["director"]).post(
        f"/klachten/{objects['not_upheld']}/bezwaar/besluit/", DECISION
    )
    assert (
        response.status_code == 404
        and not Objection.objects.filter(complaint_id=objects["not_upheld"]).exists()
    )


def test_an_attachment_of_another_complaint_is_not_found(objects, users):
    url = f"/klachten/{objects['processing']}/bijlage/{objects['f']}/"
    assert client_for(users["member"]).get(url).status_code == 404
    assert client_for(users["director"]).get(url).status_code == 404


COMPLAINT_HEADERS = [
    "organisatie",
    "jaar",
    "ingediend",
    "status",
    "in behandeling uiterlijk",
    "in behandeling genomen",
    "besluit uiterlijk",
    "besloten",
    "bezwaar",
]


def test_export_csv_has_the_header_and_the_complaint(participation, users):
    with time_machine.travel(amsterdam(2026, 4, 22, 10), tick=False):
        complaint = complaint_file(
            participation=_withdrawn(participation), user=users["member"], text="Onterecht"
        )
    with time_machine.travel(amsterdam(2026, 4, 23, 9), tick=False):
        complaint_take_in(complaint=complaint, user=users["administrator"])
    response = client_for(users["director"]).get("/klachten/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="klachten.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == COMPLAINT_HEADERS
    [row] = rows[1:]
    # Moments in Amsterdam time (10:00 CEST is 08:00 UTC), never in UTC.
    assert row[:3] == ["Praktijk Amstel", "2027", "2026-04-22 10:00"]
    # five and ten working days after Wednesday 22 April 2026, skipping Koningsdag (27 April)
    assert row[3:] == ["In behandeling", "2026-04-30", "2026-04-23 09:00", "2026-05-07", "", ""]


def test_an_unknown_export_format_answers_404(users):
    assert client_for(users["director"]).get("/klachten/export.pdf").status_code == 404
    assert client_for(users["assessor"]).get("/staf/beoordelen/export.ods").status_code == 404
