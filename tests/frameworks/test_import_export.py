"""Import, export and round trip of framework files."""

import io

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from keurmerk.frameworks.fileformat import dump_framework_file, parse_framework_file
from keurmerk.frameworks.models import Criterion, Framework, FrameworkStatus, Norm
from keurmerk.frameworks.selectors import framework_to_dict
from keurmerk.frameworks.services import framework_copy, framework_import
from tests.conftest import framework_text


@pytest.mark.parametrize("year", [2022, 2024])
def test_export_of_an_import_gives_the_same_content(db, year):
    framework, created = framework_import(text=framework_text(year))
    assert created
    exported = dump_framework_file(framework_to_dict(framework))
    original = parse_framework_file(framework_text(year)).model_dump()
    again = parse_framework_file(exported).model_dump()
    assert again == original


def test_export_command_writes_yaml_to_stdout(framework_2022):
    out = io.StringIO()
    call_command("framework_export", "2022", stdout=out)
    data = yaml.safe_load(out.getvalue())
    assert data["year"] == 2022
    assert [n["number"] for n in data["norms"]] == ["1", "2", "3", "4", "5", "6"]


def test_export_command_unknown_year(db):
    with pytest.raises(CommandError, match="Er is geen normenkader voor 1999"):
        call_command("framework_export", "1999")


def test_import_replaces_a_concept_of_the_same_year(framework_2024):
    data = yaml.safe_load(framework_text(2024))
    data["norms"][0]["criteria"][0]["text"] = "Nieuwe tekst van het criterium."
    data["norms"].pop()  # drop norm 3
    framework, created = framework_import(text=yaml.safe_dump(data, allow_unicode=True))
    assert not created
    assert framework.pk == framework_2024.pk
    assert Norm.objects.filter(framework=framework).count() == 3
    assert Criterion.objects.get(norm__framework=framework, key="juiste-plek").text == (
        "Nieuwe tekst van het criterium."
    )


def test_import_never_replaces_a_published_framework(framework_2022):
    data = yaml.safe_load(framework_text(2022))
    data["status"] = "concept"
    data["norms"][0]["subject"] = "Iets anders"
    with pytest.raises(ValidationError, match="alleen een concept"):
        framework_import(text=yaml.safe_dump(data, allow_unicode=True))
    assert Norm.objects.get(framework=framework_2022, number="1").subject == "Tijdige zorg en samen beslissen"


def test_import_command_creates_and_reports(db, tmp_path, capsys):
    path = tmp_path / "k.yaml"
    path.write_text(framework_text(2024), encoding="utf-8")
    call_command("framework_import", str(path))
    assert "Normenkader 2024" in capsys.readouterr().out
    assert Framework.objects.get(year=2024).status == FrameworkStatus.CONCEPT


def test_copy_to_new_year_keeps_keys_and_is_a_concept(framework_2022):
    copy = framework_copy(source=framework_2022, year=2023)
    assert copy.status == FrameworkStatus.CONCEPT
    assert copy.name == "Keurmerk Basis GGZ 2023"
    old_keys = set(Criterion.objects.filter(norm__framework=framework_2022).values_list("key", flat=True))
    new_keys = set(Criterion.objects.filter(norm__framework=copy).values_list("key", flat=True))
    assert old_keys == new_keys and len(new_keys) == 31
    assert copy.target_values.get().minutes == 800
    assert Criterion.objects.filter(norm__framework=copy, optional_for_returning=True).count() == 4


def test_copy_refuses_an_existing_year(frameworks):
    with pytest.raises(ValidationError, match="al een normenkader voor 2024"):
        framework_copy(source=frameworks[2022], year=2024)
    assert Framework.objects.count() == 2


def test_import_refuses_to_replace_a_concept_that_a_cycle_uses(framework_2024, users):
    from keurmerk.cycles.services import cycle_create, handbook_dates

    cycle_create(user=users["administrator"], year=2024, framework=framework_2024, dates=handbook_dates(2024))
    with pytest.raises(ValidationError, match="wordt gebruikt door een keurmerkproces"):
        framework_import(text=framework_text(2024))
    assert Criterion.objects.filter(norm__framework=framework_2024).count() == 9
