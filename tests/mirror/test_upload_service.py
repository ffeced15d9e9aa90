"""mirror_upload: reading CSV and XLSX the Dutch way, refusing bad or identifying files whole, and
replacing the previous upload atomically."""

import pytest

from keurmerk.audit import services as audit
from keurmerk.audit.models import AuditEvent
from keurmerk.mirror import store
from keurmerk.mirror.formats import UploadRefused
from keurmerk.mirror.models import IndicatorValue, Upload
from keurmerk.mirror.services import mirror_upload

from .conftest import TRAJECTORY_HEADER, csv_bytes, trajectory, upload, values, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD = [
    trajectory("t1", "c1", "2024-01-10", "2024-03-01", 500, 2, "kort", "", "60,5", "50"),
    trajectory("t2", "c2", "01-02-2024", "30-06-2024", 100, 4, "Middel", "umami"),
]


def refused(organisation, data, kind="trajectories"):
    with pytest.raises(UploadRefused) as excinfo:
        mirror_upload(organisation=organisation, kind=kind, data=data, filename="f.csv", user=None)
    return excinfo.value


def test_semicolon_decimal_comma_bom_and_both_date_formats(org_a, users):
    done = upload(org_a, GOOD, sep=";", bom=True, user=users["member"])
    figures = values(org_a, 2024)
    assert figures["n_closed"] == 2
    assert figures["delta_t_mean"] == pytest.approx(10.5)
    assert figures["profile_mix.middel"] == 50.0  # list values are case-insensitive
    assert done.rows_read == 2
    assert done.summary["per_year"] == [[2024, 2]]
    assert AuditEvent.objects.filter(action="mirror_upload", organisation=org_a).count() == 1


def test_xlsx_first_sheet_with_real_dates(org_a):
    import datetime

    rows = [["t1", "c1", datetime.datetime(2024, 1, 10), "05-03-2024", 500, 2, "kort", None, 60.5, 50]]
    data = xlsx_bytes(TRAJECTORY_HEADER, rows)
    mirror_upload(organisation=org_a, kind="trajectories", data=data, filename="f.xlsx", user=None)
    assert values(org_a, 2024)["delta_t_mean"] == pytest.approx(10.5)


def test_header_names_are_case_insensitive_and_extra_columns_listed(org_a):
    header = [h.upper() for h in TRAJECTORY_HEADER] + ["Opmerking", "regio"]
    rows = [row + ["x", "Utrecht"] for row in GOOD]
    done = upload(org_a, rows, header=header)
    assert done.summary["ignored_columns"] == ["opmerking", "regio"]


def test_harmless_columns_that_contain_an_identifier_word_are_ignored_not_refused(org_a):
    """`name` in `rom_nameting` (ROM post-measurement) or `aanname` is no name column."""
    header = TRAJECTORY_HEADER + ["rom_nameting", "aanname"]
    done = upload(org_a, [row + ["ja", "x"] for row in GOOD], header=header)
    assert done.summary["ignored_columns"] == ["rom_nameting", "aanname"]
    assert values(org_a, 2024)["n_closed"] == 2


def test_a_decimal_comma_in_a_comma_file_is_refused_not_shifted(org_a):
    """`60,5` unquoted in a `,` file spills into an eleventh cell: refused with the row named, and the
    data already there stays."""
    upload(org_a, GOOD)
    text = ",".join(TRAJECTORY_HEADER) + "\nt9,c9,2024-01-10,2024-03-01,500,2,kort,,60,5,50\n"
    error = refused(org_a, text.encode())
    assert error.problems == [
        "rij 2: deze rij heeft meer waarden (11) dan er kolommen zijn (10). Staat het scheidingsteken ook "
        'in een waarde? Zet die waarde dan tussen aanhalingstekens, bijvoorbeeld "2020;2021".'
    ]
    assert values(org_a, 2024)["n_closed"] == 2 and Upload.objects.count() == 1


def test_summary_lists_changed_indicators(org_a):
    upload(org_a, GOOD)
    again = upload(org_a, GOOD[:1])
    changed = {(c["year"], c["key"]) for c in again.summary["changed"]}
    assert (2024, "n_closed") in changed
    assert (2024, "profile_mix.middel") in changed  # gone: was 50, now null
    assert {"year": 2024, "key": "n_closed", "old": 2.0, "new": 1.0} in again.summary["changed"]
    same = upload(org_a, GOOD[:1])
    assert same.summary["changed"] == []


def test_valid_bsn_as_client_id_refuses_the_whole_file(org_a):
    rows = GOOD + [trajectory("t3", "111222333", "2024-01-01", "2024-02-01")]  # passes the 11-test
    error = refused(org_a, csv_bytes(TRAJECTORY_HEADER, rows))
    assert error.problems == [
        "rij 4, kolom client_id: dit is een geldig BSN (het voldoet aan de elfproef); het hele bestand is "
        "geweigerd. Lever alleen gepseudonimiseerde cliëntnummers aan"
    ]
    assert not IndicatorValue.objects.exists() and not Upload.objects.exists()
    assert store.all_files("trajectories") == []


def test_nine_digits_failing_the_eleven_test_are_accepted(org_a):
    upload(org_a, [trajectory("t1", "123456789", "2024-01-01", "2024-02-01")])  # 11-test fails
    assert values(org_a, 2024)["n_closed"] == 1


@pytest.mark.parametrize(
    "column",
    [
        "naam",
        "BSN",
        "Geboortedatum",
        "e-mail",
        "telefoonnummer",
        "client_name",
        "Adres",
        "birth_date",
        "address",
        "phone",
        "email",
        "ClientNaam",
        "date_of_birth",
        "E-mailadres",
    ],
)
def test_identifier_columns_refuse_the_file(org_a, column):
    header = TRAJECTORY_HEADER + [column]
    error = refused(org_a, csv_bytes(header, [row + ["x"] for row in GOOD]))
    assert error.problems[0].startswith(f"rij 1, kolom {column.lower()}: kolommen met direct identificerende")
    assert not Upload.objects.exists()


def test_every_kind_of_invalid_value_is_listed_by_row_and_column(org_a):
    rows = [
        trajectory("t1", "c1", "2024-02-30", "2024-03-01", "-5", "2,5", "lang", "X", "abc", "-1"),
        trajectory("t2", "", "", "2023-01-01", "", "", ""),
        trajectory("t1", "c3", "2024-05-01", "2024-04-01", "10", "1"),
    ]
    error = refused(org_a, csv_bytes(TRAJECTORY_HEADER, rows, sep=";"))
    assert error.problems == [
        "rij 2, kolom start_date: ‘2024-02-30’ is geen geldige datum; gebruik JJJJ-MM-DD of DD-MM-JJJJ",
        "rij 2, kolom direct_minutes: mag niet negatief zijn",
        "rij 2, kolom sessions: moet een geheel getal zijn",
        "rij 2, kolom profile: ‘lang’ is geen toegestane waarde; kies uit kort, middel, intensief, chronisch",
        "rij 2, kolom label: ‘X’ is geen toegestane waarde; kies uit UMAMI, ELEO",
        "rij 2, kolom rom_pre_t: ‘abc’ is geen getal",
        "rij 2, kolom rom_post_t: mag niet negatief zijn",
        "rij 3, kolom client_id: dit veld is verplicht maar leeg",
        "rij 3, kolom start_date: dit veld is verplicht maar leeg",
        "rij 3, kolom direct_minutes: dit veld is verplicht maar leeg",
        "rij 3, kolom sessions: dit veld is verplicht maar leeg",
        "rij 4, kolom traject_id: ‘t1’ komt ook voor in rij 2; elke waarde mag maar één keer voorkomen",
        "rij 4, kolom end_date: de einddatum ligt vóór de startdatum",
    ]
    assert error.total == 13


def test_cqi_ranges(org_a):
    rows = [["r1", "2024-01-01", "11", "0", "5,5"], ["r2", "2024-01-01", "10", "1", "5"]]
    error = refused(
        org_a,
        csv_bytes(["respondent_id", "date", "rapportcijfer", "bejegening", "gezondheid"], rows, sep=";"),
        "cqi",
    )
    assert error.problems == [
        "rij 2, kolom rapportcijfer: moet tussen 0 en 10 liggen",
        "rij 2, kolom bejegening: moet tussen 1 en 5 liggen",
        "rij 2, kolom gezondheid: moet tussen 1 en 5 liggen",
    ]


def test_only_the_first_50_problems_are_listed(org_a):
    rows = [trajectory(f"t{i}", f"c{i}", "gisteren", "") for i in range(60)]
    error = refused(org_a, csv_bytes(TRAJECTORY_HEADER, rows))
    assert len(error.problems) == 50 and error.total == 60
    assert error.problems[0].startswith("rij 2, kolom start_date: ‘gisteren’")
    assert error.problems[-1].startswith("rij 51, ")


def test_blank_lines_keep_spreadsheet_row_numbers(org_a):
    data = (
        csv_bytes(TRAJECTORY_HEADER, GOOD)
        + b"\n\n"
        + csv_bytes(TRAJECTORY_HEADER, [trajectory("t9", "c9", "x", "")])[
            len(",".join(TRAJECTORY_HEADER)) + 1 :
        ]
    )
    error = refused(org_a, data)
    assert error.problems == [
        "rij 6, kolom start_date: ‘x’ is geen geldige datum; gebruik JJJJ-MM-DD of DD-MM-JJJJ"
    ]


def test_missing_required_column_and_empty_file(org_a):
    header = [h for h in TRAJECTORY_HEADER if h != "sessions"]
    error = refused(org_a, csv_bytes(header, [row[:5] + row[6:] for row in GOOD]))
    assert error.problems == ["rij 1, kolom sessions: deze verplichte kolom ontbreekt"]
    assert refused(org_a, csv_bytes(TRAJECTORY_HEADER, [])).problems == [
        "Het bestand bevat geen gegevens, alleen een kopregel."
    ]
    assert refused(org_a, b"").problems == ["Het bestand is leeg."]


def test_failing_upload_leaves_the_old_data_and_indicators_intact(org_a):
    upload(org_a, GOOD)
    path = store.data_file("trajectories", org_a.pk)
    before_file, before_values = path.read_bytes(), values(org_a, 2024)
    refused(org_a, csv_bytes(TRAJECTORY_HEADER, [trajectory("t1", "111222333", "2024-01-01", "")]))
    assert path.read_bytes() == before_file
    assert values(org_a, 2024) == before_values
    assert Upload.objects.count() == 1
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no temporary files left


def test_failure_inside_the_transaction_restores_the_previous_file(org_a, monkeypatch):
    upload(org_a, GOOD)
    path = store.data_file("trajectories", org_a.pk)
    before_file, before_values = path.read_bytes(), values(org_a, 2024)

    def broken(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        upload(org_a, GOOD[:1])
    assert path.read_bytes() == before_file
    assert values(org_a, 2024) == before_values
    assert Upload.objects.count() == 1
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_replacing_keeps_other_providers_apart(org_a, org_b):
    upload(org_a, GOOD)
    upload(org_b, GOOD[:1])
    assert values(org_a, 2024)["n_closed"] == 2
    assert values(org_b, 2024)["n_closed"] == 1
    assert len(store.all_files("trajectories")) == 2


def test_short_rows_are_padded_with_empty_cells(org_a):
    data = (",".join(TRAJECTORY_HEADER) + "\nt1,c1,2024-01-01,2024-02-01,10,1\n").encode()
    mirror_upload(organisation=org_a, kind="trajectories", data=data, filename="f.csv", user=None)
    assert values(org_a, 2024)["n_closed"] == 1


def broken_xlsx():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "geen werkmap")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00t\x00r", "Het bestand is geen UTF-8-tekst."),
        (
            ",".join(TRAJECTORY_HEADER).encode() + b'\n"' + b"x" * 200_000,
            "Het bestand kan niet worden gelezen.",
        ),
        (broken_xlsx(), "Het bestand kan niet worden gelezen."),
    ],
)
def test_unreadable_files_are_refused_with_a_message(org_a, data, message):
    assert refused(org_a, data).problems[0].startswith(message)
