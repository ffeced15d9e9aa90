from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from keurmerk.core.demo.cycles import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Toon de actuele tweestapscode van de demo-stafaccounts (alleen met DEBUG aan)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Alleen voor de demo (DEBUG aan).")
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, next(yield_hotp_counters_from_time())))
        self.stdout.write(f"Actuele code voor de demo-stafaccounts: {code}")
