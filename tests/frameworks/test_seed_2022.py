"""The shipped 2022 framework against the handbook (the seed document): counts and texts."""

import re

import pytest

from keurmerk.frameworks.models import Criterion, Norm, TargetMetric
from tests.conftest import SEED_DIR

HANDBOOK = SEED_DIR / "handboek-keurmerk-basis-ggz-2022.txt"


def normalise(text):
    text = re.sub(r"-\s+(?=[a-z])", "-", text)  # words hyphenated across a line break
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def handbook():
    assert HANDBOOK.exists(), f"The seed document is missing: {HANDBOOK}"
    return normalise(HANDBOOK.read_text(encoding="utf-8"))


def test_counts(framework_2022):
    norms = list(Norm.objects.filter(framework=framework_2022))
    assert [n.number for n in norms] == ["1", "2", "3", "4", "5", "6"]
    counts = [n.criteria.count() for n in norms]
    assert counts == [7, 6, 7, 7, 2, 2]
    assert sum(counts) == 31


def test_norm_texts_and_client_promises_are_verbatim(framework_2022, handbook):
    for norm in Norm.objects.filter(framework=framework_2022):
        assert normalise(f"Norm {norm.number} {norm.subject}") in handbook, norm.number
        assert normalise(norm.title) in handbook, norm.number
        assert norm.client_promise, norm.number
        for paragraph in norm.client_promise:
            assert normalise(paragraph) in handbook, (norm.number, paragraph[:40])


def test_criterion_texts_and_sub_items_are_verbatim(framework_2022, handbook):
    for criterion in Criterion.objects.filter(norm__framework=framework_2022):
        assert normalise(f"{criterion.number}. {criterion.text}") in handbook, criterion.key
        for item in criterion.sub_items:
            assert normalise(item) in handbook, (criterion.key, item)


def test_intro_sentences_and_group_headings(framework_2022, handbook):
    norm3 = Norm.objects.get(framework=framework_2022, number="3")
    assert [g.heading for g in norm3.groups.all()] == [
        "Informatie over organisatiekenmerken",
        "Uitkomstmaten",
        "Informatie over het zorgproces",
    ]
    assert normalise(norm3.criteria_note) in handbook
    norm4 = Norm.objects.get(framework=framework_2022, number="4")
    for group in norm4.groups.all():
        assert normalise(group.intro) in handbook
    assert [c.group.key for c in norm4.criteria.all()] == ["zelfkritisch-leren"] * 4 + [
        "reflectie-eigen-kunnen"
    ] * 3


def test_target_value_of_criterion_2_3(framework_2022):
    target = framework_2022.target_values.get()
    assert (target.minutes, target.metric) == (800, TargetMetric.UNSPECIFIED)
    assert (target.criterion.norm.number, target.criterion.number) == ("2", "3")


def test_norms_5_and_6_are_optional_for_returning_holders(framework_2022):
    optional = Criterion.objects.filter(norm__framework=framework_2022, optional_for_returning=True)
    assert sorted({c.norm.number for c in optional}) == ["5", "6"]
    assert optional.count() == 4
    assert "een deel van norm 4" in framework_2022.exemption_note


def test_answer_fields_for_numbers_and_urls(framework_2022):
    fields = {
        (c.norm.number, c.number): [f["kind"] for f in c.answer_fields]
        for c in Criterion.objects.filter(norm__framework=framework_2022).select_related("norm")
    }
    assert all("url" in fields[("3", str(n))] for n in range(1, 8))
    assert "number" in fields[("3", "3")]
    assert fields[("4", "1")] == ["attachment"]
    assert fields[("4", "6")] == ["number"]


def test_2024_concept_holds_only_described_criteria(framework_2024):
    assert framework_2024.status == "concept"
    assert [lv.key for lv in framework_2024.levels.all()] == ["spreekkamer", "organisatie", "netwerk"]
    norms = list(Norm.objects.filter(framework=framework_2024).select_related("level"))
    assert [(n.number, n.level.key) for n in norms] == [
        ("1", "spreekkamer"),
        ("2a", "organisatie"),
        ("2b", "organisatie"),
        ("3", "netwerk"),
    ]
    criteria = Criterion.objects.filter(norm__framework=framework_2024)
    assert criteria.count() == 9
    assert not criteria.filter(described=False).exists()
    target = framework_2024.target_values.get()
    assert (target.minutes, target.metric, target.criterion.number) == (540, "direct", "3")
    assert all(not n.client_promise for n in norms), "the document gives no client promises"
