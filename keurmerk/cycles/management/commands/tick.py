"""Every time-driven step of the scheme, idempotent: running it twice, or after a crash, does the same.

Run it from cron (e.g. every 15 minutes) next to the worker.
"""

from django.core.management.base import BaseCommand

from keurmerk.cycles.models import Cycle
from keurmerk.cycles.reminders import send_reminders
from keurmerk.cycles.services import offer_to_holders
from keurmerk.notifications.services import retry_unsent


class Command(BaseCommand):
    help = "Voer de tijdgestuurde stappen uit: aanbieden, herinneringen, opnieuw versturen."

    def handle(self, *args, **options):
        offered = sum(len(offer_to_holders(cycle=cycle)) for cycle in Cycle.objects.all())
        reminders = send_reminders()
        extra = [step() for step in self.extra_steps()]
        retried = retry_unsent()
        self.stdout.write(
            f"aangeboden: {offered}, herinneringen: {reminders}, opnieuw in de wachtrij: {retried}"
            + "".join(f", {name}: {count}" for name, count in extra)
        )

    def extra_steps(self):
        """Time-driven steps of other modules, each returning (label, count)."""
        from keurmerk.assessments.services import withdraw_overdue
        from keurmerk.consultations.services import send_reminders as consultation_reminders
        from keurmerk.meetings.services import send_meeting_reminders

        return [
            lambda: ("ingetrokken", withdraw_overdue()),
            lambda: ("consultatieherinneringen", consultation_reminders()),
            lambda: ("spiegelpeers", refresh_mirror_peers()),
            lambda: ("bijeenkomstherinneringen", send_meeting_reminders()),
        ]


def refresh_mirror_peers():
    """Holder status changes (awards, withdrawals) change the mirror report's peer groups: refresh
    the distributions of last year and this year from the stored indicators (cheap, idempotent)."""
    from django.db import transaction

    from keurmerk.lib.dates import local_today
    from keurmerk.mirror.services import peers_refresh

    year = local_today().year
    with transaction.atomic():
        peers_refresh(years=[year - 1, year])
    return 2
