"""Reminders before every deadline (14 and 3 days before) to participations that have not done the
step yet. Idempotent: each reminder has a dedupe key, so running `tick` twice sends nothing twice."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keurmerk.lib.dates import days_until, format_day

from .calendar import deadline as deadline_of
from .models import Cycle, Participation, Phase, State
from .notices import notify_members

# phase → (states that still have to do the step, what to do); the deadline comes from the calendar
STEPS = {
    Phase.APPLICATION: (
        [State.OFFERED, State.APPLIED],
        gettext_lazy("de overeenkomst ondertekenen"),
    ),
    Phase.SELFEVALUATION: (
        [State.SIGNED],
        gettext_lazy("de zelfevaluatie indienen"),
    ),
    Phase.REVISION: (
        [State.NOT_QUALIFIED],
        gettext_lazy("de aangepaste zelfevaluatie indienen"),
    ),
}
REMINDER_DAYS = (14, 3)


def _bucket(days_left):
    """Which reminder is due: the 3-day one from 3 days out, the 14-day one from 14 days out."""
    if 0 <= days_left <= 3:
        return 3
    if 3 < days_left <= 14:
        return 14
    return None


def _subject(days_left, action):
    """The subject states the real number of days left: the bucket only decides which reminder is
    due (and keeps it from being sent twice), a reminder sent on day 10 must not say "14 dagen"."""
    if days_left == 0:
        return _("Herinnering: vandaag is de laatste dag om %(action)s") % {"action": action}
    if days_left == 1:
        return _("Herinnering: nog 1 dag om %(action)s") % {"action": action}
    return _("Herinnering: nog %(days)s dagen om %(action)s") % {"days": days_left, "action": action}


def send_reminders(now=None):
    sent = 0
    for cycle in Cycle.objects.all():
        for phase, (states, action) in STEPS.items():
            participations = (
                Participation.objects.filter(cycle=cycle, state__in=states)
                .prefetch_related("extensions")
                .select_related("organisation", "cycle")
            )
            for participation in participations:
                deadline = deadline_of(participation, phase)
                days_left = days_until(deadline, now)
                bucket = _bucket(days_left)
                if bucket is None:
                    continue
                notify_members(
                    participation,
                    kind="reminder",
                    dedupe=f"reminder:{participation.pk}:{phase}:{deadline.isoformat()}:{bucket}",
                    subject=_subject(days_left, action),
                    body=_("Uiterlijk %(date)s moet u %(action)s voor het Keurmerk %(year)s.")
                    % {"date": format_day(deadline), "action": action, "year": cycle.year},
                    url=reverse("cycles:home"),
                )
                sent += 1
    return sent
