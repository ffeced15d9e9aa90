from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from keurmerk.frameworks.fileformat import FrameworkFileError, parse_framework_file


class Command(BaseCommand):
    help = "Valideer een normenkader-bestand (YAML) en toon elk probleem met zijn plaats."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            data = parse_framework_file(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"Bestand niet gevonden: {file}")
        except FrameworkFileError as exc:
            raise CommandError(
                f"{file} is niet geldig ({len(exc.problems)} problemen):\n" + "\n".join(exc.problems)
            )
        criteria = sum(len(n.criteria) for n in data.norms)
        self.stdout.write(f"{file}: geldig — {data.name}: {len(data.norms)} normen, {criteria} criteria.")
