"""Validation of framework files: every problem listed with its location, nothing written."""

import pytest
import yaml
from django.core.management import CommandError, call_command

from keurmerk.frameworks.fileformat import FrameworkFileError, parse_framework_file
from keurmerk.frameworks.models import Criterion, Framework
from keurmerk.frameworks.services import framework_import
from tests.conftest import FRAMEWORK_DATA, framework_text


def broken_2022(mutate):
    data = yaml.safe_load(framework_text(2022))
    mutate(data)
    return yaml.safe_dump(data, allow_unicode=True)


def problems_of(text):
    with pytest.raises(FrameworkFileError) as exc:
        parse_framework_file(text)
    return exc.value.problems


def test_shipped_files_are_valid():
    assert len(parse_framework_file(framework_text(2022)).norms) == 6
    assert len(parse_framework_file(framework_text(2024)).norms) == 4


def test_missing_criterion_text_is_named_by_location():
    text = broken_2022(lambda d: d["norms"][2]["criteria"][4].pop("text"))
    assert "norms[2].criteria[4].text: ontbreekt" in problems_of(text)


def test_every_problem_is_listed_not_only_the_first():
    def mutate(d):
        d["norms"][0]["criteria"][0].pop("text")
        d["norms"][1]["number"] = "two!"
        d["norms"][3]["criteria"][1]["answer_fields"] = [{"kind": "video", "label": "x"}]
        d["unknown_field"] = 1

    problems = problems_of(broken_2022(mutate))
    assert "norms[0].criteria[0].text: ontbreekt" in problems
    assert "norms[1].number: heeft niet de juiste vorm" in problems
    assert "norms[3].criteria[1].answer_fields[0].kind: is geen toegestane waarde" in problems
    assert "unknown_field: onbekend veld" in problems
    assert len(problems) == 4


def test_cross_references_are_checked():
    def mutate(d):
        d["norms"][1]["criteria"][0]["key"] = d["norms"][0]["criteria"][0]["key"]
        d["norms"][2]["criteria"][0]["group"] = "no-such-group"
        d["exemptions"]["criteria"].append("no-such-criterion")
        d["target_values"][0]["criterion"] = "nope"
        d["norms"][0]["level"] = "spreekkamer"

    problems = problems_of(broken_2022(mutate))
    assert "criteria: sleutel 'wachttijd-kort' komt meer dan eens voor" in problems
    assert "norms[2].criteria[0].group: groep 'no-such-group' staat niet onder groups" in problems
    assert "exemptions.criteria[4]: criterium 'no-such-criterion' bestaat niet" in problems
    assert "target_values[0].criterion: criterium 'nope' bestaat niet" in problems
    assert "norms[0].level: niveau 'spreekkamer' staat niet onder levels" in problems


def test_duplicate_numbers_within_a_norm_are_refused():
    text = broken_2022(lambda d: d["norms"][0]["criteria"][1].update(number="1"))
    assert "norms[0].criteria: nummer '1' komt meer dan eens voor" in problems_of(text)


def test_yaml_syntax_error_names_line():
    problems = problems_of("year: 2022\nnorms: [\n  - a: b\n")
    assert problems[0].startswith("regel ")


def test_not_a_mapping():
    assert problems_of("- just\n- a list\n") == [
        "(bestand): verwacht een YAML-mapping met year, name, norms, …"
    ]


def test_broken_file_writes_nothing(db):
    text = broken_2022(lambda d: d["norms"][5]["criteria"][1].pop("text"))
    with pytest.raises(FrameworkFileError):
        framework_import(text=text)
    assert Framework.objects.count() == 0
    assert Criterion.objects.count() == 0


def test_validate_command_lists_problems(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(broken_2022(lambda d: d["norms"][2]["criteria"][4].pop("text")), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("framework_validate", str(path))
    assert "norms[2].criteria[4].text: ontbreekt" in str(exc.value)


def test_validate_command_accepts_valid_file(capsys):
    call_command("framework_validate", str(FRAMEWORK_DATA / "keurmerk-2022.yaml"))
    assert "geldig" in capsys.readouterr().out


def test_import_command_refuses_broken_file_and_writes_nothing(db, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(broken_2022(lambda d: d["norms"].clear()), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("framework_import", str(path))
    assert "norms: mag niet leeg zijn" in str(exc.value)
    assert Framework.objects.count() == 0
