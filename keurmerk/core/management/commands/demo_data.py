"""Load the demo content idempotently: running it again changes nothing that is already there.

Later modules add their own demo content here (organisations, cycles, self-evaluations, …); the
log-ins are printed last, with each organisation's state once every module has run.
"""

import importlib
import importlib.util

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from keurmerk.frameworks.models import Framework
from keurmerk.frameworks.services import framework_import

# Each module has `load(stdout)`, idempotent; later modules build on earlier ones.
DEMO_MODULES = [
    "keurmerk.core.demo.cycles",
    "keurmerk.core.demo.previous_year",
    "keurmerk.core.demo.complaints",
    "keurmerk.core.demo.selfevaluations",
    "keurmerk.core.demo.assessments",
    "keurmerk.core.demo.credentials",
    "keurmerk.consultations.demo",
    "keurmerk.mirror.demo",
    "keurmerk.core.demo.meetings",
    "keurmerk.core.demo.learning",
]
LOGINS_MODULE = "keurmerk.core.demo.cycles"
FRAMEWORK_FILES = ["keurmerk-2022.yaml", "keurmerk-2024.yaml"]


class Command(BaseCommand):
    help = "Laad de demogegevens (idempotent) en toon de demo-inloggegevens."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production", action="store_true", help="Ook laden als DJANGO_DEBUG uit staat."
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Demogegevens (met bekende wachtwoorden) worden niet geladen als DEBUG uit staat."
            )
        self._frameworks()
        for module in DEMO_MODULES:
            if importlib.util.find_spec(module):
                importlib.import_module(module).load(self.stdout)
        if importlib.util.find_spec(LOGINS_MODULE):
            importlib.import_module(LOGINS_MODULE).print_logins(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demogegevens staan klaar (inloggegevens hierboven)."))

    def _frameworks(self):
        data_dir = settings.BASE_DIR / "keurmerk" / "frameworks" / "data"
        for name in FRAMEWORK_FILES:
            text = (data_dir / name).read_text(encoding="utf-8")
            year = int(name.split("-")[1].split(".")[0])
            if not Framework.objects.filter(year=year).exists():
                framework_import(text=text)
                self.stdout.write(f"Normenkader {year} geladen.")
