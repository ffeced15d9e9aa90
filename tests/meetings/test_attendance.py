"""Attendance: tick boxes or a CSV/XLSX list with a clear error per row; nothing half-recorded."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from keurmerk.audit.models import AuditEvent
from keurmerk.meetings.models import Registration
from keurmerk.meetings.services import attendance_import, attendance_record, registration_create

from .conftest import BEFORE


@pytest.fixture
def registrations(meeting, users, org_a, org_b):
    a = registration_create(meeting=meeting, organisation=org_a, user=users["member"], now=BEFORE)
    b = registration_create(meeting=meeting, organisation=org_b, user=users["outsider"], now=BEFORE)
    return a, b


def _attended():
    return dict(Registration.objects.values_list("organisation__agb", "attended"))


def test_ticking_records_present_and_absent(meeting, users, registrations):
    a, b = registrations
    changed = attendance_record(meeting=meeting, user=users["assessor"], attended={a.pk: True, b.pk: False})
    assert changed == 2 and _attended() == {"87654321": True, "98765432": False}
    assert AuditEvent.objects.get(action="meeting_attendance_recorded").data == {
        "present": [a.pk],
        "absent": [b.pk],
    }


def test_a_waiting_organisation_cannot_be_marked_present(meeting, users, org_a, org_b, registrations):
    from keurmerk.meetings.models import RegistrationStatus

    Registration.objects.filter(pk=registrations[1].pk).update(status=RegistrationStatus.WAITING)
    with pytest.raises(ValidationError):
        attendance_record(meeting=meeting, user=users["assessor"], attended={registrations[1].pk: True})
    assert _attended() == {"87654321": None, "98765432": None}


def test_a_csv_list_with_a_semicolon_and_a_bom(meeting, users, registrations):
    content = "\ufeffagb;organisatie;aanwezig\n87654321;Praktijk Amstel;ja\n98765432;Instelling Berkel;nee\n"
    assert attendance_import(meeting=meeting, user=users["assessor"], content=content.encode()) == 2
    assert _attended() == {"87654321": True, "98765432": False}


def test_an_xlsx_list_by_kvk(meeting, users, registrations):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["KvK", "Aanwezig"])
    sheet.append(["12345678", "Ja"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    attendance_import(meeting=meeting, user=users["assessor"], content=buffer.getvalue())
    assert _attended() == {"87654321": True, "98765432": None}


def test_every_wrong_row_is_named_and_nothing_is_recorded(meeting, users, registrations):
    content = "agb,aanwezig\n87654321,ja\n11111111,ja\n98765432,misschien\n,ja\n"
    with pytest.raises(ValidationError) as caught:
        attendance_import(meeting=meeting, user=users["assessor"], content=content.encode())
    assert caught.value.messages == [
        "rij 3: geen aangemelde organisatie met AGB-code 11111111 voor deze bijeenkomst.",
        "rij 4, kolom aanwezig: ‘misschien’ is geen ja of nee.",
        "rij 5: vul de AGB-code of het KvK-nummer van de organisatie in.",
    ]
    assert _attended() == {"87654321": None, "98765432": None}
    assert not AuditEvent.objects.filter(action="meeting_attendance_recorded").exists()


def test_missing_columns_and_an_empty_file(meeting, users, registrations):
    with pytest.raises(ValidationError, match="kolommen"):
        attendance_import(meeting=meeting, user=users["assessor"], content=b"naam\nAmstel\n")
    with pytest.raises(ValidationError, match="leeg"):
        attendance_import(meeting=meeting, user=users["assessor"], content=b"")
