from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from keurmerk.mirror.formats import UploadRefused
from keurmerk.mirror.models import Kind
from keurmerk.mirror.services import mirror_upload
from keurmerk.organisations.models import Organisation


class Command(BaseCommand):
    help = "Lever een bestand met behandeltrajecten of CQi-vragenlijsten aan voor een organisatie (AGB-code)."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="AGB-code van de organisatie (8 cijfers)")
        parser.add_argument("--kind", required=True, choices=[k.value for k in Kind])
        parser.add_argument("file", type=Path)

    def handle(self, *args, organisation, kind, file, **options):
        found = Organisation.objects.filter(agb=organisation).first()
        if found is None:
            raise CommandError(f"Geen organisatie met AGB-code {organisation}.")
        if not file.is_file():
            raise CommandError(f"Bestand niet gevonden: {file}")
        try:
            upload = mirror_upload(
                organisation=found, kind=kind, data=file.read_bytes(), filename=file.name, user=None
            )
        except UploadRefused as refused:
            lines = [
                f"Het bestand is geweigerd ({refused.total} problemen; niets opgeslagen):",
                *refused.problems,
            ]
            raise CommandError("\n".join(lines))
        self._report(found, upload)

    def _report(self, organisation, upload):
        summary = upload.summary
        self.stdout.write(f"{organisation.name} ({organisation.agb}): {upload.rows_read} rijen gelezen.")
        for year, count in summary["per_year"]:
            self.stdout.write(f"  {year}: {count}")
        if summary["ignored_columns"]:
            self.stdout.write("Genegeerde kolommen: " + ", ".join(summary["ignored_columns"]))
        self.stdout.write(f"Gewijzigde indicatoren: {len(summary['changed'])}")
