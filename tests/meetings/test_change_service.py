"""Changing a meeting: never below the places taken; more places go to the waiting list in order;
the registered get the new invitation."""

import pytest
from django.core.exceptions import ValidationError

from keurmerk.audit.models import AuditEvent
from keurmerk.meetings.models import RegistrationStatus
from keurmerk.meetings.services import meeting_change, registration_create
from keurmerk.notifications.models import Notification
from tests.conftest import amsterdam, client_for

from .conftest import BEFORE


def _values(meeting, **extra):
    values = {
        f: getattr(meeting, f)
        for f in [
            "title",
            "kind",
            "description",
            "online",
            "online_link",
            "address",
            "starts_at",
            "ends_at",
            "capacity",
        ]
    }
    return {**values, **extra}


def test_more_places_promote_the_waiting_and_the_registered_get_the_new_invitation(
    meeting, users, org_a, org_b, criteria
):
    first = registration_create(
        meeting=meeting, organisation=org_a, user=users["member"], places=2, now=BEFORE
    )
    waiting = registration_create(meeting=meeting, organisation=org_b, user=users["outsider"], now=BEFORE)
    later = amsterdam(2026, 11, 18, 14)
    meeting_change(
        meeting=meeting,
        user=users["administrator"],
        criteria=criteria,
        **_values(meeting, capacity=3, starts_at=later, ends_at=later.replace(hour=16)),
    )
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED
    changed = Notification.objects.get(kind="meeting_changed")
    assert changed.user == users["member"] and "18-11-2026 14:00" in changed.body
    assert changed.attachment_name.endswith(".ics") and first.pk
    assert AuditEvent.objects.filter(action="meeting_changed").count() == 1


def test_the_capacity_never_drops_below_the_places_taken(meeting, users, org_a, criteria):
    registration_create(meeting=meeting, organisation=org_a, user=users["member"], places=2, now=BEFORE)
    with pytest.raises(ValidationError) as caught:
        meeting_change(
            meeting=meeting, user=users["administrator"], criteria=criteria, **_values(meeting, capacity=1)
        )
    assert "minstens 2" in caught.value.message_dict["capacity"][0]
    meeting.refresh_from_db()
    assert meeting.capacity == 2


def test_the_change_page_keeps_the_cycle_and_saves(meeting, users, criteria, framework_2024):
    client = client_for(users["administrator"])
    assert client.get(f"/bijeenkomsten/staf/{meeting.pk}/wijzigen/").status_code == 200
    data = {
        "cycle": "999",
        "title": "Nieuwe titel",
        "kind": "dialogue",
        "online": "0",
        "address": "Utrecht",
        "day": "2026-11-17",
        "start": "14:00",
        "end": "16:00",
        "capacity": "5",
        "criteria": [criteria[0].pk],
    }
    response = client.post(f"/bijeenkomsten/staf/{meeting.pk}/wijzigen/", data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.online, meeting.address, meeting.capacity) == (
        "Nieuwe titel",
        False,
        "Utrecht",
        5,
    )
    assert list(meeting.criteria.all()) == [criteria[0]]
    for role in ["assessor", "director", "member"]:
        assert (
            client_for(users[role]).post(f"/bijeenkomsten/staf/{meeting.pk}/wijzigen/", data).status_code
            == 403
        )
