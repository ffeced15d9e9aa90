"""The day before a meeting `tick` reminds the registered organisations' members, once."""

import io

import time_machine
from django.core.management import call_command

from keurmerk.meetings.models import Registration
from keurmerk.meetings.services import registration_create, send_meeting_reminders
from keurmerk.notifications.models import Notification
from tests.conftest import amsterdam

from .conftest import BEFORE


def test_reminded_the_day_before_once_and_not_the_waiting(meeting, users, org_a, org_b):
    Registration.objects.all().delete()
    registration_create(meeting=meeting, organisation=org_a, user=users["member"], places=2, now=BEFORE)
    registration_create(meeting=meeting, organisation=org_b, user=users["outsider"], now=BEFORE)  # waits
    assert send_meeting_reminders(now=amsterdam(2026, 11, 15, 23, 0)) == 0  # two days before
    with time_machine.travel(amsterdam(2026, 11, 16, 9, 0), tick=False):
        out = io.StringIO()
        call_command("tick", stdout=out)
        assert "bijeenkomstherinneringen: 1" in out.getvalue()
        assert send_meeting_reminders() == 0  # idempotent
    reminders = Notification.objects.filter(kind="meeting_reminder")
    assert list(reminders.values_list("user__email", flat=True)) == ["lid@amstel.test"]
    assert "morgen" in reminders.get().body.lower()
