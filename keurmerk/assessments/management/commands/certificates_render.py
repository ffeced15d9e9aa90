from django.core.management.base import BaseCommand

from keurmerk.assessments.batch import year_certificates_zip


class Command(BaseCommand):
    help = "Maak alle keurmerkcertificaten van een jaar (PDF) in één ZIP, in parallelle processen."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--workers", type=int, default=None, help="processen (standaard: één per kern)")

    def handle(self, *args, year, workers, **options):
        path, count = year_certificates_zip(year=year, workers=workers)
        self.stdout.write(f"{count} certificaten van {year} in {path}")
