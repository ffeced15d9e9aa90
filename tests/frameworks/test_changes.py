"""The change overview between two framework versions."""

import yaml

from keurmerk.frameworks.changes import change_overview, text_diff
from keurmerk.frameworks.selectors import framework_with_contents
from keurmerk.frameworks.services import framework_import
from tests.conftest import framework_text


def loaded(framework):
    return framework_with_contents().get(pk=framework.pk)


def by_key(changes):
    return {c.key: c for c in changes}


def test_text_diff_segments():
    assert text_diff("binnen 800 minuten af te ronden", "binnen 540 minuten af te ronden") == [
        ("equal", "binnen"),
        ("delete", "800"),
        ("insert", "540"),
        ("equal", "minuten af te ronden"),
    ]


def test_2024_against_2022(frameworks):
    overview = change_overview(loaded(frameworks[2022]), loaded(frameworks[2024]))
    criteria = by_key(overview["criteria"])

    moved = criteria["behandelduur-uitgangspunt"]
    assert moved.label == "Criterium 1.3"
    assert "renumbered" in moved.kinds and "changed" in moved.kinds
    assert "Was 2.3, nu 1.3." in moved.details
    assert moved.explanation.startswith("Het richtsnoer van 750 minuten")
    skills = criteria["vaardigheden-behandelaren"]
    assert "Was 2.1, nu 2b.5." in skills.details

    assert criteria["juiste-plek"].kinds == ["added"]
    assert criteria["samen-beslissen"].kinds == ["removed"]
    assert criteria["samen-beslissen"].explanation.startswith("De (deel)criteria gericht op")

    norms = by_key(overview["norms"])
    assert "renumbered" in norms["generalistisch-kortdurend-behandelen"].kinds
    assert "level" in norms["reflecteren-leren-verbeteren"].kinds
    assert norms["samenwerken-transparant-zijn"].kinds == ["added"]
    assert norms["tijdige-zorg-samen-beslissen"].kinds == ["removed"]

    assert {c.key for c in overview["levels"]} == {"spreekkamer", "organisatie", "netwerk"}
    target = by_key(overview["targets"])["behandelduur-uitgangspunt"]
    assert target.kinds == ["changed"]
    assert target.details == ["800 min (niet gespecificeerd) → 540 min (directe tijd)"]


def test_a_pure_renumbering_is_not_a_text_change(framework_2022):
    data = yaml.safe_load(framework_text(2022))
    data.update(year=2023, status="concept")
    first = data["norms"][0]["criteria"]
    first[0]["number"], first[1]["number"] = "2", "1"
    first[0], first[1] = first[1], first[0]
    data["norms"][0]["criteria"][2]["text"] = (
        "de klik tussen de cliënt en behandelaar altijd onderwerp van gesprek is"
    )
    newer, _ = framework_import(text=yaml.safe_dump(data, allow_unicode=True))
    overview = change_overview(loaded(framework_2022), loaded(newer))
    criteria = by_key(overview["criteria"])
    assert set(criteria) == {"wachttijd-kort", "wachttijd-tips", "klik-onderwerp-gesprek"}
    assert criteria["wachttijd-kort"].kinds == ["renumbered"]
    assert criteria["klik-onderwerp-gesprek"].kinds == ["changed"]
    assert ("insert", "altijd") in criteria["klik-onderwerp-gesprek"].diffs[0][1]
    assert overview["norms"] == [] and overview["targets"] == [] and overview["levels"] == []


def test_unmatched_explanations_are_kept(framework_2022):
    data = yaml.safe_load(framework_text(2022))
    data.update(
        year=2023, status="concept", changes=[{"key": "algemeen", "explanation": "Algemene toelichting."}]
    )
    newer, _ = framework_import(text=yaml.safe_dump(data, allow_unicode=True))
    overview = change_overview(loaded(framework_2022), loaded(newer))
    assert [e.text for e in overview["other_explanations"]] == ["Algemene toelichting."]
    assert all(not overview[k] for k in ("levels", "norms", "criteria", "targets"))


def test_the_2024_concept_lists_missing_texts_as_to_be_entered_not_removed(frameworks):
    """Item 6 of issue 11: "not yet entered" is not "removed"."""
    overview = change_overview(loaded(frameworks[2022]), loaded(frameworks[2024]))
    removed = {c.key for c in overview["criteria"] if "removed" in c.kinds}
    assert removed == {"samen-beslissen", "tussentijds-evalueren"}  # the two the concept explains
    to_enter = by_key(overview["to_enter"])
    assert to_enter["wachttijd-kort"].to_enter == ["het criterium"]
    assert to_enter["wachttijd-kort"].label == "Criterium 1.1 van 2022"
    norm = to_enter["generalistisch-kortdurend-behandelen"]
    assert "titel" in norm.to_enter and "cliëntbelofte" in norm.to_enter
    norms = by_key(overview["norms"])
    diff_labels = [label for label, _segments in norms["generalistisch-kortdurend-behandelen"].diffs]
    assert "titel" not in diff_labels and "cliëntbelofte" not in diff_labels
    assert "tijdige-zorg-samen-beslissen" in {c.key for c in overview["norms"] if "removed" in c.kinds}


def test_an_adopted_framework_lists_a_missing_criterion_as_removed(framework_2022):
    data = yaml.safe_load(framework_text(2022))
    data.update(year=2023, status="concept")
    del data["norms"][0]["criteria"][0]
    newer, _ = framework_import(text=yaml.safe_dump(data, allow_unicode=True))
    newer.status = "adopted"  # compared as complete, whatever the concept lacks
    overview = change_overview(loaded(framework_2022), newer)
    assert by_key(overview["criteria"])["wachttijd-kort"].kinds == ["removed"]
    assert overview["to_enter"] == []


def test_the_page_shows_the_section_to_be_entered(admin_client, frameworks):
    response = admin_client.get("/normen/2024/wijzigingen/")
    assert response.status_code == 200
    text = response.text
    assert "Nog in te voeren" in text and "Criterium 1.1 van 2022: het criterium" in text
