"""`manage.py api_token_create EMAIL [--name NAME] [--expires YYYY-MM-DD]`: make an API token for
a user; the token is printed alone on the last line (and never stored, only its hash)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from keurmerk.accounts.models import User
from keurmerk.api.services import TokenError, api_token_create
from keurmerk.lib.dates import end_of_day


class Command(BaseCommand):
    help = "Maak een API-token voor een gebruiker; het token staat alleen op de laatste regel."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="Beheer (opdrachtregel)")
        parser.add_argument("--expires", help="laatste geldige dag, JJJJ-MM-DD")

    def handle(self, *args, email, name, expires, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Geen gebruiker met e-mailadres {email}.")
        try:
            expires_at = end_of_day(datetime.date.fromisoformat(expires)) if expires else None
        except ValueError:
            raise CommandError(f"--expires: ‘{expires}’ is geen datum als 2027-12-31.")
        try:
            row, token = api_token_create(user=user, name=name, expires_at=expires_at)
        except TokenError as error:
            raise CommandError(str(error))
        self.stderr.write(f"Token ‘{row.name}’ voor {user.email} ({user.get_role_display()}); bewaar het nu.")
        self.stdout.write(token)
