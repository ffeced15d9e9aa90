from django.core.management.base import BaseCommand, CommandError

from keurmerk.frameworks.fileformat import dump_framework_file
from keurmerk.frameworks.models import Framework
from keurmerk.frameworks.selectors import framework_to_dict


class Command(BaseCommand):
    help = "Schrijf het normenkader van een jaar als YAML naar standaarduitvoer."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)

    def handle(self, *args, year, **options):
        framework = Framework.objects.filter(year=year).first()
        if framework is None:
            raise CommandError(f"Er is geen normenkader voor {year}.")
        self.stdout.write(dump_framework_file(framework_to_dict(framework)), ending="")
