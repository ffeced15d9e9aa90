"""Import of existing holders at go-live: all rows checked first, nothing half-imported, idempotent."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from keurmerk.lib.tabular import TableError
from keurmerk.organisations.importing import import_organisations
from keurmerk.organisations.models import HeldMark, Organisation

GOOD = (
    "name;type;kvk;agb;postcode;place;website;contact_email;held_mark_years\n"
    'Praktijk Een;vrijgevestigd;11111111;21111111;1234ab;Utrecht;https://een.nl;info@een.nl;"2020;2021"\n'
    "Instelling Twee;instelling;22222222;32222222;5678 CD;Zwolle;;;2021\n"
)


def test_import_creates_organisations_and_history(db):
    result = import_organisations(data=GOOD.encode())
    assert len(result.created) == 2 and result.years_added == 3
    een = Organisation.objects.get(kvk="11111111")
    assert een.locations.get().postcode == "1234 AB"
    assert sorted(HeldMark.objects.filter(organisation=een).values_list("year", flat=True)) == [2020, 2021]


def test_unquoted_years_in_a_semicolon_file_are_refused_not_cut_off(db):
    """`2020;2021` unquoted in a `;` file spills into a tenth cell: refused with the row named."""
    text = GOOD.replace('"2020;2021"', "2020;2021")
    with pytest.raises(TableError) as excinfo:
        import_organisations(data=text.encode())
    assert excinfo.value.problems == [
        "rij 2: deze rij heeft meer waarden (10) dan er kolommen zijn (9). Staat het scheidingsteken ook "
        'in een waarde? Zet die waarde dan tussen aanhalingstekens, bijvoorbeeld "2020;2021".'
    ]
    assert not Organisation.objects.exists() and not HeldMark.objects.exists()


def test_held_years_with_semicolons_in_a_comma_file(db):
    text = 'name,type,kvk,agb,postcode,place,held_mark_years\nPraktijk,vrijgevestigd,11111111,21111111,1234 AB,Utrecht,"2020;2021"\n'
    import_organisations(data=text.encode())
    assert sorted(HeldMark.objects.values_list("year", flat=True)) == [2020, 2021]


def test_importing_the_same_file_twice_changes_nothing(db):
    import_organisations(data=GOOD.encode())
    before = (Organisation.objects.count(), HeldMark.objects.count())
    result = import_organisations(data=GOOD.encode())
    assert (len(result.created), len(result.unchanged), result.years_added) == (0, 2, 0)
    assert (Organisation.objects.count(), HeldMark.objects.count()) == before


def test_bad_rows_are_listed_and_nothing_is_imported(db):
    bad = (
        "name;type;kvk;agb;postcode;place;website;contact_email;held_mark_years\n"
        "Goed;vrijgevestigd;11111111;21111111;1234 AB;Utrecht;;;\n"
        ";kliniek;123;21111111;99;;ftp://x;geen-mail;twintig\n"
    )
    with pytest.raises(TableError) as exc:
        import_organisations(data=bad.encode())
    problems = exc.value.problems
    assert "rij 3, kolom name: ontbreekt" in problems
    assert "rij 3, kolom type: ‘kliniek’ is geen soort; kies vrijgevestigd, instelling of netwerk" in problems
    assert "rij 3, kolom kvk: ‘123’ is geen 8-cijferig nummer" in problems
    assert "rij 3, kolom agb: 21111111 staat ook in rij 2" in problems
    assert "rij 3, kolom postcode: ‘99’ is geen Nederlandse postcode (zoals 1234 AB)" in problems
    assert "rij 3, kolom website: ‘ftp://x’ is niet geldig" in problems
    assert "rij 3, kolom contact_email: ‘geen-mail’ is niet geldig" in problems
    assert (
        "rij 3, kolom held_mark_years: gebruik jaartallen gescheiden door een spatie, zoals 2020 2021"
        in problems
    )
    assert Organisation.objects.count() == 0


def test_missing_column(db):
    with pytest.raises(TableError, match="kolom ‘agb’ ontbreekt"):
        import_organisations(data=b"name;type;kvk;postcode;place\nA;netwerk;11111111;1234 AB;X\n")


def test_xlsx_with_bom_free_header(db):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Type", "KvK", "AGB", "Postcode", "Place", "held_mark_years"])
    sheet.append(["Praktijk Excel", "netwerk", 33333333, 43333333, "1000 AA", "Amsterdam", 2021])
    buffer = io.BytesIO()
    workbook.save(buffer)
    import_organisations(data=buffer.getvalue())
    org = Organisation.objects.get(kvk="33333333")
    assert (org.type, org.agb) == ("netwerk", "43333333")
    assert list(org.held_marks.values_list("year", flat=True)) == [2021]


def test_command(db, tmp_path, capsys):
    path = tmp_path / "houders.csv"
    path.write_bytes(("\ufeff" + GOOD).encode())
    call_command("organisations_import", str(path))
    assert "2 nieuw" in capsys.readouterr().out
    path.write_text("name;type\n;x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Niets geïmporteerd"):
        call_command("organisations_import", str(path))


def test_the_same_import_in_the_admin(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert admin_client.get("/beheer/organisations/organisation/").status_code == 200
    upload = SimpleUploadedFile("houders.csv", GOOD.encode(), content_type="text/csv")
    response = admin_client.post("/beheer/organisations/organisation/importeren/", {"file": upload})
    assert response.status_code == 200 and "2 nieuwe organisaties" in response.text
    assert Organisation.objects.filter(kvk__in=["11111111", "22222222"]).count() == 2
