from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from keurmerk.lib.tabular import TableError
from keurmerk.organisations.importing import import_organisations


class Command(BaseCommand):
    help = "Importeer bestaande keurmerkdragers (CSV of XLSX); niets wordt geïmporteerd als een rij fout is."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            result = import_organisations(data=file.read_bytes())
        except FileNotFoundError:
            raise CommandError(f"Bestand niet gevonden: {file}")
        except TableError as exc:
            raise CommandError(
                f"Niets geïmporteerd ({len(exc.problems)} problemen):\n" + "\n".join(exc.problems)
            )
        self.stdout.write(
            f"{len(result.created)} nieuw, {len(result.unchanged)} al bekend, "
            f"{result.years_added} keurmerkjaren toegevoegd."
        )
