"""The iCalendar invitation (RFC 5545) of a meeting, made with the `icalendar` library.

The UID is stable per meeting and names the site (`SITE_URL`), so a calendar that imports the
invitation twice, or after a change, keeps one event. The online link is in the invitation only
for registered organisations (the invitation goes only to them).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def meeting_uid(meeting) -> str:
    return f"meeting-{meeting.pk}@{site_host()}"


def meeting_url(meeting) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("meetings:detail", args=[meeting.pk])


def invitation(meeting, *, with_link: bool) -> bytes:
    """The meeting as an .ics file; `with_link` puts the online link in (registered people only)."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SCHEME_OWNER}//Keurmerk//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    location = (meeting.online_link if with_link else "") if meeting.online else meeting.address
    if location:
        event.add("location", location)
    event.add("description", "\n\n".join(p for p in (meeting.description, meeting_url(meeting)) if p))
    event.add("url", meeting_url(meeting))
    calendar.add_component(event)
    return calendar.to_ical()
