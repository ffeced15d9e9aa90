"""Registering, the waiting list and cancelling: a freed place goes to the first on the list, who
is told; the registered get the invitation (.ics) with the online link."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from icalendar import Calendar

from keurmerk.audit.models import AuditEvent
from keurmerk.meetings.models import Registration, RegistrationStatus
from keurmerk.meetings.services import registration_cancel, registration_create
from keurmerk.notifications.models import Notification
from keurmerk.notifications.services import deliver
from tests.conftest import make_organisation, make_user

from .conftest import BEFORE, DURING_MEETING


def _member_of(name, kvk, agb):
    from keurmerk.organisations.models import Membership

    organisation = make_organisation(name, kvk, agb)
    user = make_user(f"lid@{kvk}.test", "provider")
    Membership.objects.create(user=user, organisation=organisation)
    return organisation, user


def test_registering_takes_places_and_sends_the_invitation(
    meeting, users, org_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_create(
            meeting=meeting,
            organisation=org_a,
            user=users["member"],
            places=2,
            names="Anna\nBert",
            now=BEFORE,
        )
    assert registration.status == RegistrationStatus.REGISTERED and registration.places == 2
    notice = Notification.objects.get(user=users["member"], kind="meeting_registration")
    assert notice.attachment_name == f"bijeenkomst-{meeting.pk}.ics"
    event = Calendar.from_ical(bytes(notice.attachment)).walk("VEVENT")[0]
    assert str(event["uid"]) == f"meeting-{meeting.pk}@127.0.0.1"
    assert str(event["location"]) == "https://meet.example.org/kibg-dialoog"
    assert deliver(notice.pk)
    assert mail.outbox[-1].attachments[0][2] == "text/calendar"
    assert AuditEvent.objects.get(action="meeting_registered").to_state == RegistrationStatus.REGISTERED


def test_a_full_meeting_puts_the_next_on_the_waiting_list_and_a_cancellation_promotes_it(
    meeting, users, org_a, org_b, django_capture_on_commit_callbacks
):
    org_c, member_c = _member_of("Praktijk Castor", "34567890", "11223344")
    first = registration_create(
        meeting=meeting, organisation=org_a, user=users["member"], places=2, now=BEFORE
    )
    waiting = registration_create(meeting=meeting, organisation=org_b, user=users["outsider"], now=BEFORE)
    later = registration_create(meeting=meeting, organisation=org_c, user=member_c, now=BEFORE)
    assert [waiting.status, later.status] == [RegistrationStatus.WAITING] * 2
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=first, user=users["member"], now=BEFORE)
    statuses = dict(Registration.objects.values_list("organisation__name", "status"))
    assert statuses == {
        "Praktijk Amstel": "cancelled",
        "Instelling Berkel": "registered",
        "Praktijk Castor": "registered",
    }
    told = (
        Notification.objects.filter(user=users["outsider"], kind="meeting_registration").order_by("pk").last()
    )
    assert "plaats vrijgekomen" in told.body and told.attachment_name.endswith(".ics")


def test_a_waiting_registration_that_does_not_fit_keeps_its_turn(meeting, users, org_a, org_b):
    org_c, member_c = _member_of("Praktijk Castor", "34567890", "11223344")
    first = registration_create(
        meeting=meeting, organisation=org_a, user=users["member"], places=1, now=BEFORE
    )
    registration_create(meeting=meeting, organisation=org_c, user=member_c, places=1, now=BEFORE)
    big = registration_create(
        meeting=meeting, organisation=org_b, user=users["outsider"], places=2, now=BEFORE
    )
    registration_cancel(registration=first, user=users["member"], now=BEFORE)
    big.refresh_from_db()
    assert big.status == RegistrationStatus.WAITING  # one place free, two needed: it waits, first in line


def test_twice_after_the_end_and_too_many_places_are_refused(meeting, users, org_a):
    registration_create(meeting=meeting, organisation=org_a, user=users["member"], now=BEFORE)
    with pytest.raises(ValidationError, match="al aangemeld"):
        registration_create(meeting=meeting, organisation=org_a, user=users["member"], now=BEFORE)
    with pytest.raises(ValidationError, match="voorbij"):
        registration_create(meeting=meeting, organisation=org_a, user=users["member"], now=meeting.ends_at)
    assert Registration.objects.count() == 1


def test_too_many_places_names_the_field(meeting, users, org_a):
    with pytest.raises(ValidationError) as caught:
        registration_create(meeting=meeting, organisation=org_a, user=users["member"], places=11, now=BEFORE)
    assert "places" in caught.value.message_dict and not Registration.objects.exists()


def test_cancelling_after_the_start_is_refused_and_again_after_cancelling_registers_anew(
    meeting, users, org_a
):
    registration = registration_create(meeting=meeting, organisation=org_a, user=users["member"], now=BEFORE)
    with pytest.raises(ValidationError, match="begonnen"):
        registration_cancel(registration=registration, user=users["member"], now=DURING_MEETING)
    registration_cancel(registration=registration, user=users["member"], now=BEFORE)
    again = registration_create(meeting=meeting, organisation=org_a, user=users["member"], now=BEFORE)
    assert again.pk != registration.pk and again.status == RegistrationStatus.REGISTERED
