"""The organisation import checks every cell's length and characters per row, like every form."""

import pytest

from keurmerk.lib.tabular import TableError
from keurmerk.organisations.importing import import_organisations
from keurmerk.organisations.models import HeldMark, Location, Organisation

HEADER = "name;type;kvk;agb;postcode;place;website;contact_email;held_mark_years\n"
GOOD_ROW = "Goed;vrijgevestigd;11111111;21111111;1234 AB;Utrecht;;;2020\n"


def _refused(text):
    with pytest.raises(TableError) as excinfo:
        import_organisations(data=text.encode())
    assert not Organisation.objects.exists() and not Location.objects.exists()
    assert not HeldMark.objects.exists()
    return excinfo.value.problems


def test_overlong_name_and_place_are_named_by_row(db):
    row = f"{'N' * 201};vrijgevestigd;22222222;32222222;1234 AB;{'P' * 101};;;\n"
    problems = _refused(HEADER + GOOD_ROW + row)
    assert "rij 3, kolom name: is 201 tekens lang; het maximum is 200" in problems
    assert "rij 3, kolom place: is 101 tekens lang; het maximum is 100" in problems


def test_overlong_website_and_email_are_named(db):
    row = f"Twee;instelling;22222222;32222222;1234 AB;Zwolle;https://{'a' * 200}.nl;{'b' * 250}@x.nl;\n"
    problems = _refused(HEADER + row)
    assert any(p.startswith("rij 2, kolom website: is ") for p in problems)
    assert any(p.startswith("rij 2, kolom contact_email: is ") for p in problems)


@pytest.mark.parametrize("bad", ["Praktijk\x00Een", "Praktijk\x07", "Praktijk\u2028Een"])
def test_control_characters_and_line_breaks_are_refused(db, bad):
    row = f"{bad};vrijgevestigd;22222222;32222222;1234 AB;Utrecht;;;\n"
    problems = _refused(HEADER + row)
    assert problems == ["rij 2, kolom name: bevat een regeleinde of stuurteken; gebruik één regel tekst"]


def test_a_quoted_line_break_in_a_name_is_refused(db):
    row = '"Praktijk\nEen";vrijgevestigd;22222222;32222222;1234 AB;Utrecht;;;\n'
    problems = _refused(HEADER + row)
    assert problems == ["rij 2, kolom name: bevat een regeleinde of stuurteken; gebruik één regel tekst"]


def test_nul_in_kvk_is_refused_before_the_database_is_asked(db):
    problems = _refused(HEADER + "Een;vrijgevestigd;1111\x001111;21111111;1234 AB;Utrecht;;;\n")
    assert problems == ["rij 2, kolom kvk: bevat een regeleinde of stuurteken; gebruik één regel tekst"]


def test_a_very_long_value_is_cut_in_the_message(db):
    problems = _refused(HEADER + f"Een;{'x' * 300};11111111;21111111;1234 AB;Utrecht;;;\n")
    assert problems == ["rij 2, kolom type: is 300 tekens lang; het maximum is 20"]
    problems = _refused(HEADER + f"Een;{'x' * 19};11111111;21111111;1234 AB;Utrecht;;;\n")
    assert len(problems[0]) < 200


def test_the_longest_allowed_values_are_imported(db):
    row = f"{'N' * 200};vrijgevestigd;22222222;32222222;1234 AB;{'P' * 100};;;\n"
    import_organisations(data=(HEADER + row).encode())
    assert Organisation.objects.get().name == "N" * 200
