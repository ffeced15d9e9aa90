"""Print a key list for KEURMERK_CREDENTIAL_KEYS: a new one, or the current list with a new
signing key in front (rotation: the old keys stay, so what they signed still verifies)."""

import json

from django.core.management.base import BaseCommand

from keurmerk.credentials.keys import issuer_keys, new_private_jwk


class Command(BaseCommand):
    help = "Toon een sleutellijst voor KEURMERK_CREDENTIAL_KEYS (met --rotate: nieuwe sleutel vooraan)."

    def add_arguments(self, parser):
        parser.add_argument("--rotate", action="store_true", help="De huidige sleutels achter een nieuwe.")

    def handle(self, *args, rotate=False, **options):
        keys = [new_private_jwk()]
        if rotate:
            keys += [key.key.as_dict(private=True) for key in issuer_keys()]
        self.stdout.write(json.dumps(keys))
