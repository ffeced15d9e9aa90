"""Permission matrix: every URL of the meetings module × every role → the expected status, and for
every post its effect present exactly when allowed. The member's organisation (org_a) attends the
meeting; the outsider's (org_b) does not. Another organisation's registration answers 404."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from keurmerk.audit.models import AuditEvent
from keurmerk.meetings.models import Meeting, MeetingFile, PendingDraft, Registration, RegistrationStatus
from keurmerk.meetings.services import notes_save, registration_create
from tests.conftest import ROLES, amsterdam, client_for, get_matrix

from .conftest import BEFORE, DURING_MEETING, plan

LOGIN = 302
PUBLIC = dict.fromkeys(ROLES, 200)
STAFF = {
    "anonymous": LOGIN,
    "member": 403,
    "outsider": 403,
    "insurer": 403,
    "assessor": 200,
    "director": 200,
    "administrator": 200,
}
PLANNER = {**STAFF, "assessor": 403, "director": 403}
PROVIDERS = {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "member": 200, "outsider": 200}
MEMBER_ONLY = {**PROVIDERS, "outsider": 404}
ATTENDEE = {**PROVIDERS, "outsider": 403}
FILE_READERS = {**STAFF, "member": 200, "outsider": 404}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def objects(meeting, cycle, users, org_a, criteria):
    later = plan(
        cycle,
        users["administrator"],
        starts_at=amsterdam(2026, 12, 8, 14),
        ends_at=amsterdam(2026, 12, 8, 16),
    )
    third = plan(
        cycle,
        users["administrator"],
        starts_at=amsterdam(2026, 12, 9, 14),
        ends_at=amsterdam(2026, 12, 9, 16),
    )
    attending = registration_create(meeting=meeting, organisation=org_a, user=users["member"], now=BEFORE)
    to_cancel = registration_create(meeting=third, organisation=org_a, user=users["member"], now=BEFORE)
    notes_save(meeting=meeting, user=users["assessor"], notes="Verslag", files=[(PDF, "verslag.pdf")])
    return {
        "m": meeting.pk,
        "later": later.pk,
        "reg": attending.pk,
        "cancel": to_cancel.pk,
        "f": MeetingFile.objects.get().pk,
        "c": criteria[0].pk,
        "org_a": org_a.pk,
    }


@pytest.fixture(autouse=True)
def during(objects):
    with time_machine.travel(DURING_MEETING, tick=True):
        yield


GETS = [
    ("/bijeenkomsten/bestand/{f}/", FILE_READERS),
    ("/bijeenkomsten/staf/", STAFF),
    ("/bijeenkomsten/staf/plannen/", PLANNER),
    ("/bijeenkomsten/staf/export.csv", STAFF),
    ("/bijeenkomsten/staf/export.xlsx", STAFF),
    ("/bijeenkomsten/staf/{m}/", STAFF),
    ("/bijeenkomsten/staf/{m}/wijzigen/", PLANNER),
]


@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(objects, users, role):
    get_matrix(role, users, GETS, objects)


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_and_the_link_only_for_the_registered_and_staff(objects, users, role):
    client = client_for(users[role])
    for url in [
        "/bijeenkomsten/",
        f"/bijeenkomsten/{objects['m']}/",
        f"/bijeenkomsten/{objects['m']}/agenda.ics",
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(f"/bijeenkomsten/{objects['m']}/").text
    ics = client.get(f"/bijeenkomsten/{objects['m']}/agenda.ics").content.decode()
    sees_link = role in ("member", "assessor", "director", "administrator")
    assert ("meet.example.org/kibg-dialoog" in page) == sees_link
    assert ("meet.example.org/kibg-dialoog" in ics) == sees_link
    assert ("Verslag" in page and "verslag.pdf" in page) == sees_link


def _plan_data(objects):
    return {
        "cycle": Meeting.objects.get(pk=objects["m"]).cycle_id,
        "title": "Webinar norm 1",
        "kind": "webinar",
        "online": "1",
        "online_link": "https://meet.example.org/w",
        "day": "2026-12-15",
        "start": "10:00",
        "end": "11:00",
        "capacity": "40",
        "criteria": [objects["c"]],
    }


def _attendance_csv():
    return SimpleUploadedFile("lijst.csv", b"agb;aanwezig\n87654321;nee\n", content_type="text/csv")


def _registered(objects, role, users):
    if role not in ("member", "outsider"):
        return Registration.objects.filter(meeting_id=objects["later"]).exists()
    organisation = users[role].memberships.get().organisation
    return Registration.objects.filter(meeting_id=objects["later"], organisation=organisation).exists()


# url, data (a function of the objects), who may, and the effect the step has when it is allowed
POSTS = [
    ("/bijeenkomsten/{later}/aanmelden/", lambda o: {"places": "1"}, PROVIDERS, _registered),
    (
        "/bijeenkomsten/aanmelding/{cancel}/afmelden/",
        lambda o: {},
        MEMBER_ONLY,
        lambda o, r, u: Registration.objects.get(pk=o["cancel"]).status == RegistrationStatus.CANCELLED,
    ),
    (
        "/bijeenkomsten/{m}/concept/{c}/",
        lambda o: {"version": "0", "explanation": "Ons concept"},
        ATTENDEE,
        lambda o, r, u: PendingDraft.objects.filter(explanation="Ons concept").exists(),
    ),
    (
        "/bijeenkomsten/staf/plannen/",
        _plan_data,
        PLANNER,
        lambda o, r, u: Meeting.objects.filter(title="Webinar norm 1").exists(),
    ),
    (
        "/bijeenkomsten/staf/{m}/aanwezigheid/",
        lambda o: {"present": [o["reg"]]},
        STAFF,
        lambda o, r, u: Registration.objects.get(pk=o["reg"]).attended is True,
    ),
    (
        "/bijeenkomsten/staf/{m}/verslag/",
        lambda o: {"notes": "Nieuw verslag"},
        STAFF,
        lambda o, r, u: Meeting.objects.get(pk=o["m"]).notes == "Nieuw verslag",
    ),
]


def _state():
    return (
        list(Registration.objects.order_by("pk").values_list("pk", "status", "attended")),
        PendingDraft.objects.count(),
        Meeting.objects.count(),
        list(Meeting.objects.values_list("notes", flat=True)),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
def test_post_matrix(objects, users, role):
    client = client_for(users[role])
    before = _state()
    for template, data, may, effect in POSTS:
        url = template.format(**objects)
        response = client.post(url, data(objects))
        allowed = may[role] == 200
        assert response.status_code == (302 if allowed else may[role]), (
            f"{role} POST {url}: {response.status_code}"
        )
        assert effect(objects, role, users) == allowed, (
            f"{role} POST {url}: effect {'missing' if allowed else 'present'}"
        )
    if not any(may[role] == 200 for _url, _data, may, _effect in POSTS):
        assert _state() == before


@pytest.mark.parametrize("role", ["assessor", "director", "administrator"])
def test_attendance_upload_is_for_staff(objects, users, role):
    response = client_for(users[role]).post(
        f"/bijeenkomsten/staf/{objects['m']}/presentielijst/", {"file": _attendance_csv()}
    )
    assert response.status_code == 302 and Registration.objects.get(pk=objects["reg"]).attended is False


@pytest.mark.parametrize("role", ["anonymous", "member", "outsider", "insurer"])
def test_attendance_upload_is_refused_to_others(objects, users, role):
    response = client_for(users[role]).post(
        f"/bijeenkomsten/staf/{objects['m']}/presentielijst/", {"file": _attendance_csv()}
    )
    assert response.status_code == (302 if role == "anonymous" else 403)
    assert Registration.objects.get(pk=objects["reg"]).attended is None


def test_a_wrong_attendance_list_shows_each_row_and_records_nothing(objects, users):
    upload = SimpleUploadedFile("lijst.csv", b"agb;aanwezig\n87654321;wel\n", content_type="text/csv")
    response = client_for(users["assessor"]).post(
        f"/bijeenkomsten/staf/{objects['m']}/presentielijst/", {"file": upload}
    )
    assert response.status_code == 400 and "rij 2, kolom aanwezig" in response.text
    assert Registration.objects.get(pk=objects["reg"]).attended is None


def test_an_absent_organisation_no_longer_drafts_nor_reads_the_notes(objects, users):
    Registration.objects.filter(pk=objects["reg"]).update(attended=False)
    client = client_for(users["member"])
    assert (
        client.post(f"/bijeenkomsten/{objects['m']}/concept/{objects['c']}/", {"version": "0"}).status_code
        == 403
    )
    assert client.get(f"/bijeenkomsten/bestand/{objects['f']}/").status_code == 404


def test_planning_with_errors_names_the_fields(objects, users):
    data = {**_plan_data(objects), "end": "09:00", "online_link": ""}
    response = client_for(users["administrator"]).post("/bijeenkomsten/staf/plannen/", data)
    assert response.status_code == 400
    assert "De bijeenkomst moet eindigen na het begin." in response.text and "Vul de link" in response.text
    assert not Meeting.objects.filter(title="Webinar norm 1").exists()


def test_the_export_lists_each_registration(objects, users):
    response = client_for(users["director"]).get("/bijeenkomsten/staf/export.csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "organisatie;AGB-code;jaar;bijeenkomst;soort;datum;status;personen;aanwezig"
    assert len(lines) == 3 and lines[1].startswith("Praktijk Amstel;87654321;2027;")
