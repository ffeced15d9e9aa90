from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from keurmerk.frameworks.fileformat import FrameworkFileError
from keurmerk.frameworks.services import framework_import


class Command(BaseCommand):
    help = "Importeer een normenkader (YAML): nieuw, of ter vervanging van een concept van hetzelfde jaar."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            framework, created = framework_import(text=file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"Bestand niet gevonden: {file}")
        except FrameworkFileError as exc:
            raise CommandError(
                f"{file} is niet geïmporteerd ({len(exc.problems)} problemen):\n" + "\n".join(exc.problems)
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages))
        verb = "aangemaakt" if created else "vervangen"
        self.stdout.write(f"Normenkader {framework.year} ({framework.name}) {verb}.")
