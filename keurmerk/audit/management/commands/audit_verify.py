from django.core.management.base import BaseCommand, CommandError

from keurmerk.audit.verification import verify


class Command(BaseCommand):
    help = (
        "Controleer de hash-keten van het auditlog en de controlepunten buiten de database; "
        "noem de eerste gewijzigde of ontbrekende regel."
    )

    def handle(self, *args, **options):
        report = verify()
        if report.ok:
            self.stdout.write(
                f"Auditlog ongeschonden: {report.rows} regels en {report.checkpoints} controlepunten "
                "gecontroleerd."
            )
            return
        # The first finding (lowest row) first: that is where the log stopped being what was written.
        raise CommandError("\n".join(problem.message for problem in report.problems))
