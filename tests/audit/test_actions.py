"""One vocabulary of audit actions: every row's action is an `Action`, with one naming style and a
Dutch label; `record` refuses a code outside it."""

import re

import pytest
from django.db import transaction

from keurmerk.audit import services as audit
from keurmerk.audit.actions import LEGACY_VALUES, Action
from keurmerk.audit.models import AuditEvent

MEMBER_STYLE = re.compile(r"^[A-Z]+(_[A-Z]+)+$")  # <NOUN>_<PAST_PARTICIPLE>
VALUE_STYLE = re.compile(r"^[a-z]+(_[a-z]+)+$")  # <noun>_<past participle>


def test_every_member_follows_the_style_and_has_a_dutch_label():
    for action in Action:
        assert MEMBER_STYLE.match(action.name), action.name
        assert action.label and action.label != action.value, action.name


def test_every_value_outside_the_frozen_legacy_set_follows_the_style():
    assert LEGACY_VALUES <= set(Action.values)  # the legacy set names stored codes that exist
    for value in set(Action.values) - LEGACY_VALUES:
        assert VALUE_STYLE.match(value), value


def test_record_refuses_a_code_outside_the_vocabulary(participation, users):
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError), transaction.atomic():
        audit.record(actor=users["administrator"], action="iets_gedaan", obj=participation)
    assert AuditEvent.objects.count() == before


def test_a_row_shows_the_dutch_labels_of_its_action_and_states(participation, users):
    with transaction.atomic():
        event = audit.record(
            actor=users["administrator"],
            action=Action.STATE_OVERRIDDEN,
            obj=participation,
            participation=participation,
            from_state="applied",
            to_state="signed",
        )
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.action == "state_overridden"  # the stored code is the frozen value
    assert event.action_label == "Status overschreven"
    assert (event.from_state_label, event.to_state_label) == ("Aangemeld", "Overeenkomst getekend")


def test_every_declared_step_writes_an_action_of_the_vocabulary():
    from keurmerk.complaints.states import COMPLAINT, OBJECTION
    from keurmerk.consultations.states import ROUND
    from keurmerk.cycles.states import PARTICIPATION
    from keurmerk.frameworks.states import FRAMEWORK
    from keurmerk.selfevaluations.states import SELF_EVALUATION

    for process in (PARTICIPATION, COMPLAINT, OBJECTION, ROUND, FRAMEWORK, SELF_EVALUATION):
        for step in process.all_steps():
            assert Action(step.action).label, (process.name, step.name)
