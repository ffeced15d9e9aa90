"""The cycle calendar as iCalendar (RFC 5545), built with the icalendar library."""

import datetime

from django.conf import settings
from icalendar import Calendar, Event

from .calendar import timeline


def cycle_ics(cycle) -> bytes:
    cal = Calendar()
    cal.add("prodid", f"-//{settings.SCHEME_OWNER}//Keurmerk {cycle.year}//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Keurmerk {cycle.year}")
    for index, (label, first, last) in enumerate(timeline(cycle)):
        event = Event()
        event.add("uid", f"keurmerk-{cycle.year}-{index}@{settings.SITE_URL.split('//')[-1]}")
        event.add("summary", f"Keurmerk {cycle.year}: {label}")
        event.add("dtstart", first)
        event.add("dtend", (last or first) + datetime.timedelta(days=1))
        event.add("dtstamp", datetime.datetime(cycle.year - 1, 1, 1, tzinfo=datetime.UTC))
        cal.add_component(event)
    return cal.to_ical()
