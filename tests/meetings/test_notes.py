"""Notes of a meeting: text and attachments (checked by content), shared with the attendees, who
are told once; an absent organisation is not."""

import pytest
from django.core.exceptions import ValidationError
from icalendar import Calendar

from keurmerk.meetings import ical
from keurmerk.meetings.models import MeetingFile
from keurmerk.meetings.services import attendance_record, notes_save, registration_create
from keurmerk.notifications.models import Notification

from .conftest import BEFORE

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_notes_are_shared_with_attendees_once(meeting, users, org_a, org_b):
    present = registration_create(meeting=meeting, organisation=org_a, user=users["member"], now=BEFORE)
    absent = registration_create(meeting=meeting, organisation=org_b, user=users["outsider"], now=BEFORE)
    attendance_record(meeting=meeting, user=users["assessor"], attended={present.pk: True, absent.pk: False})
    notes_save(meeting=meeting, user=users["assessor"], notes="Verslag", files=[(PDF, "verslag.pdf")])
    notes_save(meeting=meeting, user=users["assessor"], notes="Verslag, aangevuld")
    told = Notification.objects.filter(kind="meeting_notes")
    assert list(told.values_list("user__email", flat=True)) == ["lid@amstel.test"]
    assert MeetingFile.objects.get().content_type == "application/pdf"
    meeting.refresh_from_db()
    assert meeting.notes == "Verslag, aangevuld" and meeting.notes_updated_at is not None


def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_is_saved(meeting, users):
    with pytest.raises(ValidationError, match="geen toegestaan bestand"):
        notes_save(
            meeting=meeting, user=users["assessor"], notes="Verslag", files=[(b"MZ\x90\x00", "verslag.pdf")]
        )
    meeting.refresh_from_db()
    assert meeting.notes == "" and not MeetingFile.objects.exists()


def test_the_invitation_has_a_stable_uid_and_the_link_only_when_asked(meeting, settings):
    settings.SITE_URL = "https://keurmerk.example.nl"
    public = Calendar.from_ical(ical.invitation(meeting, with_link=False)).walk("VEVENT")[0]
    private = Calendar.from_ical(ical.invitation(meeting, with_link=True)).walk("VEVENT")[0]
    assert str(public["uid"]) == str(private["uid"]) == f"meeting-{meeting.pk}@keurmerk.example.nl"
    assert "location" not in public and str(private["location"]) == "https://meet.example.org/kibg-dialoog"
    assert str(public["url"]) == f"https://keurmerk.example.nl/bijeenkomsten/{meeting.pk}/"
    assert public.decoded("dtstart") == meeting.starts_at
