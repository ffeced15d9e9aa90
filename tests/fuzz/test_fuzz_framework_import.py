"""Hypothesis fuzzing of the framework import (`manage.py framework_import`, the demo's loader):
the real 2024 file with one value replaced by a hostile one, a key dropped, or the text cut short.
The import either succeeds or refuses with its own error that names the place (FrameworkFileError,
or a ValidationError for a framework that may not be replaced); nothing else is raised, and a
refusal leaves every table as it was. Runs on SQLite and on PostgreSQL (DATABASE_URL), where an
over-long text would otherwise be a DataError."""

import copy

import pytest
import yaml
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from keurmerk.frameworks.fileformat import FrameworkFileError
from keurmerk.frameworks.services import framework_import

from .harness import FUZZ_SETTINGS, hostile_text, row_counts

SOURCE = (django_settings.BASE_DIR / "keurmerk" / "frameworks" / "data" / "keurmerk-2024.yaml").read_text(
    encoding="utf-8"
)
ORIGINAL = yaml.safe_load(SOURCE)
hostile_value = st.one_of(
    hostile_text,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.none(),
    st.booleans(),
    st.lists(hostile_text, max_size=3),
    st.dictionaries(hostile_text, hostile_text, max_size=2),
)


def _paths(node, prefix=()):
    """Every path to a value in the parsed file: ("norms", 0, "criteria", 1, "text"), …"""
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return [prefix]
    found = [prefix] if prefix else []
    for key, child in items:
        found += _paths(child, (*prefix, key))
    return found


PATHS = _paths(ORIGINAL)


def _mutated(path, action, value):
    data = copy.deepcopy(ORIGINAL)
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if action == "drop" and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


texts = st.one_of(
    st.builds(_mutated, st.sampled_from(PATHS), st.sampled_from(["replace", "drop"]), hostile_value),
    st.builds(lambda cut: SOURCE[:cut], st.integers(min_value=0, max_value=len(SOURCE))),
    hostile_text,
)


def _import_or_refusal(text):
    """The import's answer: None when it succeeded, else its (Dutch) problems."""
    try:
        with transaction.atomic():
            framework_import(text=text)
    except FrameworkFileError as error:
        assert error.problems and all(isinstance(p, str) and p for p in error.problems)
        return error.problems
    except ValidationError as error:
        return error.messages
    return None


@pytest.mark.django_db
def test_the_framework_import_refuses_hostile_files_cleanly(frameworks):
    """`frameworks` holds the 2022 and 2024 files as imported, so a mutated 2024 file replaces a
    concept (or is refused); a file for another year is new."""

    @settings(FUZZ_SETTINGS, max_examples=30)
    @given(text=texts)
    def run(text):
        before = row_counts()
        if _import_or_refusal(text) is not None:
            assert row_counts() == before, "half-saved on a refusal"

    run()


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (
            ("norms", 0, "criteria", 0, "key"),
            "x" * 500,
            "norms[0].criteria[0].key: is te lang: ten hoogste 80 tekens",
        ),
        (("name",), "n" * 5000, "name: is te lang: ten hoogste 200 tekens"),  # was a DataError on PostgreSQL
        (("name",), "Keurmerk\n2024", "name: moet op één regel staan"),
        (("levels", 0, "description"), "a\x00b", "levels[0].description: bevat een stuurteken"),
        (("norms", 0, "client_promise"), ["a\x01"], "norms[0].client_promise: bevat een stuurteken"),
        (("year",), "tweeduizend", "year: moet een geheel getal zijn"),
    ],
)
def test_a_problem_names_its_place(frameworks, path, value, problem):
    """Hand-made cases beside the fuzzing: each refused in Dutch, naming the place, nothing saved."""
    before = row_counts()
    problems = _import_or_refusal(_mutated(path, "replace", value))
    assert problems and any(p.startswith(problem) for p in problems), problems
    assert row_counts() == before
