"""Items 8 and 14 of issue 11 in the admin: Dutch labels (no POSITION, LEVEL, "Accounts" twice),
a criterion's group only from its own norm, and no norm moving to another framework."""

import re

from keurmerk.frameworks.models import Criterion, CriterionGroup, Norm


def _labels(html):
    return [" ".join(t.split()) for t in re.findall(r"<label[^>]*>([^<]*)</label>", html)]


def test_admin_index_names_each_app_once_in_dutch(admin_client):
    html = admin_client.get("/beheer/").text
    apps = re.findall(r"<caption>\s*<a[^>]*>([^<]*)</a>", html)
    assert len(apps) == len(set(apps)), apps
    for english in ("Tasks Database Backend", "Task Results", "MFA", "Model name", "Add link"):
        assert english not in html, english
    assert "Gebruikers" in apps


def test_norm_editor_labels_are_dutch(admin_client, framework_2024):
    norm = framework_2024.norms.filter(criteria__isnull=False).first()
    html = admin_client.get(f"/beheer/frameworks/norm/{norm.pk}/change/").text
    labels = _labels(html)
    assert "Volgorde:" in labels and "Niveau:" in labels
    for english in ("Position", "Level", "Group", "Framework", "Criterion"):
        assert not any(label.startswith(english) for label in labels), english
        assert not re.search(rf">\s*{english}\s*<", html), english


def test_a_criterions_group_comes_from_its_own_norm(admin_client, framework_2024):
    norm = framework_2024.norms.filter(criteria__isnull=False).first()
    own = CriterionGroup.objects.create(norm=norm, key="eigen", heading="Eigen groep", position=1)
    other_norm = framework_2024.norms.exclude(pk=norm.pk).first()
    CriterionGroup.objects.create(
        norm=other_norm, key="ander", heading="Groep van een andere norm", position=1
    )
    html = admin_client.get(f"/beheer/frameworks/norm/{norm.pk}/change/").text
    assert f'value="{own.pk}"' in html and "Eigen groep" in html
    assert "Groep van een andere norm" not in html
    criterion = norm.criteria.first()
    page = admin_client.get(f"/beheer/frameworks/criterion/{criterion.pk}/change/").text
    assert "Eigen groep" in page and "Groep van een andere norm" not in page


def test_a_norm_cannot_move_to_another_framework(admin_client, framework_2022, framework_2024):
    norm = framework_2024.norms.first()
    html = admin_client.get(f"/beheer/frameworks/norm/{norm.pk}/change/").text
    assert 'name="framework"' not in html  # shown, not editable
    criterion = Criterion.objects.filter(norm=norm).first()
    page = admin_client.get(f"/beheer/frameworks/criterion/{criterion.pk}/change/").text
    assert 'name="norm"' not in page
    assert Norm.objects.get(pk=norm.pk).framework == framework_2024
