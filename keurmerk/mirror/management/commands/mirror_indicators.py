import json

from django.core.management.base import BaseCommand

from keurmerk.mirror.formatting import format_number
from keurmerk.mirror.selectors import indicators_json
from keurmerk.mirror.services import mirror_recompute_year


class Command(BaseCommand):
    help = (
        "Bereken alle indicatoren en de vergelijking van een jaar opnieuw uit de aangeleverde bestanden "
        "en toon ze (met --json als JSON, onafgerond)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="JSON: providers, peers en ranks"
        )

    def handle(self, *args, year, as_json=False, **options):
        mirror_recompute_year(year=year)
        document = indicators_json(year)
        if as_json:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{year}: {len(document['providers'])} aanbieders met indicatoren.")
        for key, peer in document["peers"].items():
            figures = " ".join(f"{name}={format_number(peer[name])}" for name in ("p25", "median", "p75"))
            self.stdout.write(f"  {key:<34} n={peer['n']:<5} {figures}")
