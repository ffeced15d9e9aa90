"""Every time-driven step of the scheme, idempotent: running it twice, or after a crash, does the same.

Run it from cron (e.g. every 15 minutes) next to the worker. It lives in `core`, above the domain
apps, so that it may call each app's steps without any domain app importing a higher one.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from keurmerk.assessments.services import withdraw_overdue
from keurmerk.audit.checkpoints import checkpoint_write
from keurmerk.audit.notices import notify_checkpoint
from keurmerk.consultations.services import send_reminders as consultation_reminders
from keurmerk.cycles.models import Cycle
from keurmerk.cycles.reminders import send_reminders
from keurmerk.cycles.services import offer_to_holders
from keurmerk.lib.dates import local_today
from keurmerk.meetings.services import send_meeting_reminders
from keurmerk.mirror.services import peers_refresh
from keurmerk.notifications.services import recover_stale_tasks, retry_unsent
from keurmerk.organisations.services import subcontracts_ask_unconfirmed


class Command(BaseCommand):
    help = "Voer de tijdgestuurde stappen uit: aanbieden, herinneringen, opnieuw versturen."

    def handle(self, *args, **options):
        offered = sum(len(offer_to_holders(cycle=cycle)) for cycle in Cycle.objects.all())
        reminders = send_reminders()
        extra = [step() for step in self.extra_steps()]
        retried = retry_unsent()
        checkpoints = audit_checkpoint()
        self.stdout.write(
            f"aangeboden: {offered}, herinneringen: {reminders}, opnieuw in de wachtrij: {retried}"
            + "".join(f", {name}: {count}" for name, count in extra)
            + f", controlepunten auditlog: {checkpoints}"
        )

    def extra_steps(self):
        """Time-driven steps of other modules, each returning (label, count)."""
        return [
            lambda: ("taken hervat", recover_stale_tasks()),
            lambda: ("ingetrokken", withdraw_overdue()),
            lambda: ("consultatieherinneringen", consultation_reminders()),
            lambda: ("spiegelpeers", refresh_mirror_peers()),
            lambda: ("bijeenkomstherinneringen", send_meeting_reminders()),
            lambda: ("onbevestigde onderaannemers", subcontracts_ask_unconfirmed()),
        ]


def audit_checkpoint():
    """Last step: the head of the audit chain, with every row this tick wrote, goes into the
    checkpoint file outside the database (and, when configured, by e-mail)."""
    with transaction.atomic():
        checkpoint = checkpoint_write()
        if checkpoint is not None:
            notify_checkpoint(checkpoint=checkpoint)
    return int(checkpoint is not None)


def refresh_mirror_peers():
    """Holder status changes (awards, withdrawals) change the mirror report's peer groups: refresh
    the distributions of last year and this year from the stored indicators (cheap, idempotent)."""
    year = local_today().year
    with transaction.atomic():
        peers_refresh(years=[year - 1, year])
    return 2
