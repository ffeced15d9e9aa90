"""Status rules: concept → in consultation → adopted (date) → published, and frozen after publishing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from keurmerk.frameworks.models import (
    ChangeExplanation,
    Criterion,
    Framework,
    FrameworkFrozenError,
    FrameworkStatus,
    GuideItem,
    Norm,
)
from keurmerk.frameworks.services import framework_transition

S = FrameworkStatus
ADOPTED_ON = datetime.date(2023, 6, 13)


def walk(framework, *statuses):
    for status in statuses:
        framework = framework_transition(
            framework=framework, to_status=status, adopted_on=ADOPTED_ON if status == S.ADOPTED else None
        )
    return framework


def test_the_whole_way_to_published(framework_2024):
    framework = walk(framework_2024, S.CONSULTATION, S.ADOPTED, S.PUBLISHED)
    framework.refresh_from_db()
    assert framework.status == S.PUBLISHED
    assert framework.adopted_on == ADOPTED_ON
    assert framework.published_at is not None


def test_every_step_writes_an_audit_row_with_its_actor(framework_2024, admin_user):
    from keurmerk.audit.models import AuditEvent

    framework_transition(framework=framework_2024, to_status=S.CONSULTATION, user=admin_user, reason="Ronde")
    framework_transition(
        framework=framework_2024, to_status=S.ADOPTED, adopted_on=ADOPTED_ON, user=admin_user
    )
    framework_transition(framework=framework_2024, to_status=S.PUBLISHED, user=admin_user)
    rows = AuditEvent.objects.filter(action="framework.status", object_id=str(framework_2024.pk)).order_by(
        "pk"
    )
    assert [(r.actor, r.from_state, r.to_state) for r in rows] == [
        (admin_user, "concept", "consultation"),
        (admin_user, "consultation", "adopted"),
        (admin_user, "adopted", "published"),
    ]
    assert rows[0].reason == "Ronde" and rows[1].data == {"adopted_on": "2023-06-13"}


def test_a_refused_step_writes_no_audit_row(framework_2022, admin_user):
    from keurmerk.audit.models import AuditEvent

    with pytest.raises(ValidationError):
        framework_transition(framework=framework_2022, to_status=S.ADOPTED, user=admin_user)
    assert not AuditEvent.objects.filter(action="framework.status").exists()


@pytest.mark.parametrize(
    "path, refused",
    [
        ([], S.ADOPTED),
        ([], S.PUBLISHED),
        ([S.CONSULTATION], S.PUBLISHED),
        ([S.CONSULTATION, S.ADOPTED], S.CONSULTATION),
        ([S.CONSULTATION, S.ADOPTED], S.CONCEPT),
    ],
)
def test_forbidden_transitions_change_nothing(framework_2024, path, refused):
    framework = walk(framework_2024, *path)
    before = Framework.objects.get(pk=framework.pk).status
    with pytest.raises(ValidationError, match="kan een normenkader niet naar"):
        framework_transition(framework=framework, to_status=refused, adopted_on=ADOPTED_ON)
    assert Framework.objects.get(pk=framework.pk).status == before


def test_consultation_can_go_back_to_concept(framework_2024):
    framework = walk(framework_2024, S.CONSULTATION, S.CONCEPT)
    assert Framework.objects.get(pk=framework.pk).status == S.CONCEPT


def test_adoption_needs_a_date(framework_2024):
    walk(framework_2024, S.CONSULTATION)
    with pytest.raises(ValidationError, match="datum van vaststelling"):
        framework_transition(framework=framework_2024, to_status=S.ADOPTED)
    assert Framework.objects.get(pk=framework_2024.pk).status == S.CONSULTATION


def test_published_refuses_every_transition(framework_2022):
    with pytest.raises(FrameworkFrozenError):
        framework_transition(framework=framework_2022, to_status=S.CONCEPT)


def test_published_framework_model_refuses_changes(framework_2022):
    framework = Framework.objects.get(pk=framework_2022.pk)
    framework.name = "Anders"
    with pytest.raises(FrameworkFrozenError):
        framework.save()
    with pytest.raises(FrameworkFrozenError):
        framework.delete()
    assert Framework.objects.get(pk=framework.pk).name == "Keurmerk Basis GGZ 2022"


def test_published_parts_refuse_save_delete_and_bulk_writes(framework_2022):
    criterion = Criterion.objects.filter(norm__framework=framework_2022).first()
    original = criterion.text
    criterion.text = "Gewijzigd"
    with pytest.raises(FrameworkFrozenError):
        criterion.save()
    with pytest.raises(FrameworkFrozenError):
        criterion.delete()
    with pytest.raises(FrameworkFrozenError):
        Criterion.objects.filter(norm__framework=framework_2022).update(text="x")
    with pytest.raises(FrameworkFrozenError):
        Norm.objects.filter(framework=framework_2022).delete()
    norm = Norm.objects.filter(framework=framework_2022).first()
    with pytest.raises(FrameworkFrozenError):
        GuideItem.objects.create(norm=norm, kind="faq", title="Vraag", body="Antwoord")
    with pytest.raises(FrameworkFrozenError):
        ChangeExplanation.objects.create(framework=framework_2022, key="x", text="y")
    assert Criterion.objects.get(pk=criterion.pk).text == original
    assert Norm.objects.filter(framework=framework_2022).count() == 6


def test_concept_parts_can_be_edited(framework_2024):
    criterion = Criterion.objects.filter(norm__framework=framework_2024).first()
    criterion.guidance = "Voldaan als de aanbieder beschrijft hoe …"
    criterion.save()
    assert Criterion.objects.get(pk=criterion.pk).guidance.startswith("Voldaan")
