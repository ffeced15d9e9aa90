"""Importing invitees from CSV or XLSX: every bad row listed, nothing imported unless the file is
clean, already invited addresses skipped, an invitation with a personal link for each new invitee."""

import io

import pytest
import time_machine
from openpyxl import Workbook

from keurmerk.audit.models import AuditEvent
from keurmerk.consultations.imports import parse_invitees
from keurmerk.consultations.models import Invitee
from keurmerk.consultations.services import ConsultationError, invitees_import, round_close
from keurmerk.lib.tabular import TableError
from keurmerk.notifications.models import Notification

from .conftest import amsterdam

GOOD = (
    "organisatie;type;e-mail\n"
    "Praktijk De Linde;keurmerkdrager;Info@DeLinde.example.org\n"
    "Zorgverzekeraar Noord;Zorgverzekeraar;inkoop@noord.example.org\n"
    "Vereniging X;brancheorganisatie;secretariaat@x.example.org\n"
    "Kenniscentrum Y;kennisinstituut;info@y.example.org\n"
    "Cliëntenraad Z;overig;raad@z.example.org\n"
).encode()


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_clean_csv_is_read_with_normalised_values():
    rows = parse_invitees(GOOD)
    assert [(r.organisation, r.type, r.email) for r in rows[:2]] == [
        ("Praktijk De Linde", "keurmerkdrager", "info@delinde.example.org"),
        ("Zorgverzekeraar Noord", "zorgverzekeraar", "inkoop@noord.example.org"),
    ]
    assert len(rows) == 5


def test_xlsx_with_other_header_names_and_a_bom_csv_are_read():
    data = xlsx([["Organisatie", "Soort", "E-mailadres"], ["Praktijk A", "keurmerkdrager", "a@example.org"]])
    assert parse_invitees(data)[0].email == "a@example.org"
    assert len(parse_invitees(b"\xef\xbb\xbforganisation,type,email\nB,overig,b@example.org\n")) == 1


def test_every_bad_row_is_listed_with_row_and_column():
    data = (
        b"organisatie;type;e-mail\n"
        b"Praktijk A;keurmerkdrager;a@example.org\n"
        b";keurmerkdrager;b@example.org\n"
        b"Praktijk C;ziekenhuis;c@example.org\n"
        b"Praktijk D;overig;geen-adres\n"
        b"Praktijk E;overig;A@example.org\n"
        b"Praktijk F;;\n"
    )
    with pytest.raises(TableError) as error:
        parse_invitees(data)
    assert error.value.problems == [
        "rij 3, kolom organisatie: vul de naam van de organisatie in",
        "rij 4, kolom type: ‘ziekenhuis’ is geen bekend type; kies uit keurmerkdrager, zorgverzekeraar, "
        "brancheorganisatie, kennisinstituut, overig",
        "rij 5, kolom e-mail: ‘geen-adres’ is geen geldig e-mailadres",
        "rij 6, kolom e-mail: A@example.org staat ook al in rij 2",
        "rij 7, kolom type: vul het type in",
        "rij 7, kolom e-mail: vul een e-mailadres in",
    ]


def test_row_numbers_follow_the_spreadsheet_when_rows_are_empty():
    data = xlsx(
        [
            ["organisatie", "type", "e-mail"],
            ["A", "overig", "a@example.org"],
            [None, None, None],
            ["B", "onbekend", "b@example.org"],
        ]
    )
    with pytest.raises(TableError) as error:
        parse_invitees(data)
    assert error.value.problems[0].startswith("rij 4, kolom type:")


def test_missing_columns_and_empty_files():
    with pytest.raises(TableError) as error:
        parse_invitees(b"organisatie;naam\nA;B\n")
    assert error.value.problems == ["rij 1: kolom ‘type’ ontbreekt", "rij 1: kolom ‘e-mail’ ontbreekt"]
    with pytest.raises(TableError, match="geen genodigden"):
        parse_invitees(b"organisatie;type;e-mail\n")
    with pytest.raises(TableError, match="leeg"):
        parse_invitees(b"")


def test_import_creates_invitees_with_unguessable_tokens_and_queues_invitations(consultation_round, users):
    result = invitees_import(consultation_round=consultation_round, data=GOOD, user=users["administrator"])
    assert len(result.added) == 5 and result.skipped == []
    tokens = set(Invitee.objects.values_list("token", flat=True))
    assert len(tokens) == 5 and all(len(t) == 43 for t in tokens)
    invitations = Notification.objects.filter(kind="consultation_invitation")
    assert invitations.count() == 5
    linde = Invitee.objects.get(email="info@delinde.example.org")
    mail = invitations.get(email=linde.email)
    assert mail.url == f"/consultatie/{linde.token}/"
    assert "Keurmerk Kortdurende Generalistische GGZ 2024" in mail.subject
    assert "24 april 2023 tot en met 30 mei 2023" in mail.body
    assert AuditEvent.objects.get(action="consultation.invitees_added").data == {"added": 5, "skipped": 0}


def test_a_bad_file_imports_nothing(consultation_round, users):
    bad = GOOD + b"Praktijk Fout;keurmerkdrager;fout\n"
    with pytest.raises(TableError):
        invitees_import(consultation_round=consultation_round, data=bad, user=users["administrator"])
    assert not Invitee.objects.exists() and not Notification.objects.exists()


def test_importing_again_while_running_skips_who_is_already_invited(consultation_round, users):
    invitees_import(consultation_round=consultation_round, data=GOOD, user=users["administrator"])
    more = GOOD + b"Nieuwe Praktijk;keurmerkdrager;nieuw@example.org\n"
    with time_machine.travel(amsterdam(2023, 5, 20, 10), tick=False):
        result = invitees_import(
            consultation_round=consultation_round, data=more, user=users["administrator"]
        )
    assert [i.email for i in result.added] == ["nieuw@example.org"] and len(result.skipped) == 5
    assert Invitee.objects.count() == 6
    assert Notification.objects.filter(kind="consultation_invitation").count() == 6


def test_no_invitees_after_the_round_closed(consultation_round, users):
    round_close(consultation_round=consultation_round, user=users["administrator"])
    with pytest.raises(ConsultationError, match="gesloten"):
        invitees_import(consultation_round=consultation_round, data=GOOD, user=users["administrator"])
    assert not Invitee.objects.exists()
