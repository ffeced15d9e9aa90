"""Planning a meeting: the administrator's step, with every problem named by its field."""

import pytest
from django.core.exceptions import ValidationError

from keurmerk.audit.models import AuditEvent
from keurmerk.frameworks.models import Criterion
from keurmerk.meetings.models import Meeting

from .conftest import ENDS, STARTS, plan


def test_a_planned_meeting_has_its_criteria_and_an_audit_row(meeting, criteria):
    assert list(meeting.criteria.order_by("norm__position")) == criteria
    assert (meeting.capacity, meeting.online, meeting.address) == (2, True, "")
    event = AuditEvent.objects.get(action="meeting_planned")
    assert event.object_id == str(meeting.pk) and event.data["criteria"] == [c.key for c in criteria]


def test_every_problem_is_named_by_its_field_and_nothing_is_saved(cycle, users):
    with pytest.raises(ValidationError) as caught:
        plan(
            cycle,
            users["administrator"],
            title=" ",
            online=False,
            online_link="",
            address="",
            starts_at=ENDS,
            ends_at=STARTS,
            capacity=0,
        )
    assert set(caught.value.message_dict) == {"title", "address", "ends_at", "capacity"}
    with pytest.raises(ValidationError) as caught:
        plan(cycle, users["administrator"], online_link="")
    assert "link" in caught.value.message_dict["online_link"][0]
    assert not Meeting.objects.exists() and not AuditEvent.objects.filter(action="meeting_planned").exists()


def test_criteria_of_another_framework_are_refused(cycle, users, framework_2024):
    other = Criterion.objects.filter(norm__framework=framework_2024).first()
    with pytest.raises(ValidationError) as caught:
        plan(cycle, users["administrator"], criteria=[other])
    assert "criteria" in caught.value.message_dict
    assert not Meeting.objects.exists()


def test_on_site_keeps_the_address_and_drops_a_link(cycle, users):
    meeting = plan(cycle, users["administrator"], online=False, address="Utrecht, Catharijnesingel 1")
    assert (meeting.address, meeting.online_link) == ("Utrecht, Catharijnesingel 1", "")
