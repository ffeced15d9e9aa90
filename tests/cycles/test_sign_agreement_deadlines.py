"""Deadlines in Europe/Amsterdam through the real signing step: a phase that ends on a day accepts
until 23:59:59 local time that day and refuses from 00:00:00 the next, in winter time (CET, UTC+1)
and summer time (CEST, UTC+2) alike.

The clock is moved with time-machine only; the service and the page read `timezone.now()` themselves
(no `now=` is passed), so this is the path a provider takes."""

import datetime

import pytest
import time_machine

from keurmerk.audit.models import AuditEvent
from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.services import (
    TransitionError,
    cycle_create,
    handbook_dates,
    participation_grant_extension,
    participation_sign_agreement,
)
from keurmerk.notifications.models import Notification
from tests.conftest import amsterdam, client_for

WINTER, SUMMER = datetime.timedelta(hours=1), datetime.timedelta(hours=2)
# (last day of the application window, Amsterdam's UTC offset on that day)
DEADLINES = [
    pytest.param(datetime.date(2027, 1, 31), WINTER, id="31-january-winter"),
    # three days after summer time starts (Sunday 28 March 2027, 02:00 → 03:00)
    pytest.param(datetime.date(2027, 3, 31), SUMMER, id="31-march-summer"),
    pytest.param(datetime.date(2027, 6, 30), SUMMER, id="30-june-summer"),
    # the handbook's own date: winter time again since Sunday 25 October 2026
    pytest.param(datetime.date(2026, 10, 31), WINTER, id="31-october-winter"),
]
# extensions of the 2027 cycle's window (which ends 31 October 2026) to a day in winter or summer time
EXTENDED_UNTIL = DEADLINES[:3]


def last_second(day):
    return amsterdam(day.year, day.month, day.day, 23, 59, 59)


def first_second_after(day):
    after = day + datetime.timedelta(days=1)
    return amsterdam(after.year, after.month, after.day, 0, 0, 0)


@pytest.fixture
def window_closing(framework_2022, users, org_a):
    """A participation in a cycle whose application window the administrator set to end on `day`
    (later phases moved after it, as the cycle form allows)."""

    def make(day):
        dates = handbook_dates(day.year + 1)
        dates.update(application_opens=day - datetime.timedelta(days=60), application_closes=day)
        later = [
            "selfevaluation_opens",
            "selfevaluation_closes",
            "first_report_due",
            "revision_opens",
            "revision_closes",
            "final_report_due",
        ]
        for offset, field in enumerate(later, start=1):
            dates[field] = day + datetime.timedelta(days=10 * offset)
        dates["withdrawal_effective"] = dates["final_report_due"]
        cycle = cycle_create(
            user=users["administrator"], year=day.year + 1, framework=framework_2022, dates=dates
        )
        return Participation.objects.create(organisation=org_a, cycle=cycle, state=State.APPLIED)

    return make


def sign(participation, user):
    return participation_sign_agreement(
        participation=participation, user=user, signer_name="A. Jansen", signer_role="Praktijkhouder"
    )


def assert_not_signed(participation):
    p = Participation.objects.get(pk=participation.pk)
    assert (p.state, p.signed_at, p.agreement_fingerprint) == (State.APPLIED, None, "")
    assert not AuditEvent.objects.filter(participation=participation).exists()
    assert not Notification.objects.filter(kind="agreement_signed").exists()


@pytest.mark.parametrize("day, offset", DEADLINES)
def test_the_chosen_days_are_in_the_season_they_claim(day, offset):
    assert last_second(day).utcoffset() == offset
    assert first_second_after(day).utcoffset() == offset


@pytest.mark.parametrize("day, offset", DEADLINES)
def test_signing_at_235959_local_on_the_last_day_is_accepted(window_closing, users, day, offset):
    participation = window_closing(day)
    moment = last_second(day)
    with time_machine.travel(moment, tick=False):
        sign(participation, users["member"])
    p = Participation.objects.get(pk=participation.pk)
    assert p.state == State.SIGNED and p.signed_at == moment
    utc = datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=datetime.UTC) - offset
    assert p.signed_at == utc  # 22:59:59 UTC in winter, 21:59:59 UTC in summer
    assert AuditEvent.objects.filter(participation=participation, action="agreement_signed").count() == 1


@pytest.mark.parametrize("day, offset", DEADLINES)
def test_signing_at_000000_the_next_day_is_refused(window_closing, users, day, offset):
    participation = window_closing(day)
    with time_machine.travel(first_second_after(day), tick=False):
        with pytest.raises(TransitionError, match="aanmeldperiode is gesloten"):
            sign(participation, users["member"])
    assert_not_signed(participation)


@pytest.mark.parametrize("day, offset", EXTENDED_UNTIL)
def test_an_extension_ends_at_midnight_amsterdam_too(participation, users, day, offset):
    """An extension until a day in winter or summer time ends at that day's local midnight."""
    with time_machine.travel(amsterdam(2026, 11, 2, 9), tick=False):
        participation_grant_extension(
            participation=participation,
            user=users["administrator"],
            phase="application",
            until=day,
            reason="Overmacht",
        )
    with time_machine.travel(first_second_after(day), tick=False):
        with pytest.raises(TransitionError, match="aanmeldperiode is gesloten"):
            sign(participation, users["member"])
    assert Participation.objects.get(pk=participation.pk).state == State.APPLIED
    assert not AuditEvent.objects.filter(participation=participation, action="agreement_signed").exists()
    with time_machine.travel(last_second(day), tick=False):
        sign(participation, users["member"])
    assert Participation.objects.get(pk=participation.pk).state == State.SIGNED


@pytest.mark.parametrize(
    "day", [datetime.date(2027, 1, 31), datetime.date(2027, 6, 30)], ids=["winter", "summer"]
)
def test_the_signing_page_accepts_the_last_second_and_refuses_midnight(window_closing, users, day):
    participation = window_closing(day)
    url = f"/deelname/{participation.pk}/overeenkomst/ondertekenen/"
    form = {"signer_name": "Anna Amstel", "signer_role": "Praktijkhouder", "confirm": "on"}
    with time_machine.travel(first_second_after(day), tick=False):
        response = client_for(users["member"]).post(url, form)  # signed in then: sessions expire
    assert response.status_code == 400 and "aanmeldperiode is gesloten" in response.text
    assert_not_signed(participation)
    with time_machine.travel(last_second(day), tick=False):  # back in time: the last second counts
        response = client_for(users["member"]).post(url, form)
    assert response.status_code == 302
    p = Participation.objects.get(pk=participation.pk)
    assert (p.state, p.signed_at) == (State.SIGNED, last_second(day))
