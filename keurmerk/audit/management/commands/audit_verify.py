from django.core.management.base import BaseCommand, CommandError

from keurmerk.audit.verification import verify


class Command(BaseCommand):
    help = "Controleer de hash-keten van het auditlog en noem de eerste gewijzigde regel."

    def handle(self, *args, **options):
        ok, detail = verify()
        if ok:
            self.stdout.write(f"Auditlog ongeschonden: {detail} regels gecontroleerd.")
            return
        if detail is None:
            raise CommandError("Het auditlog is ingekort: de laatste regel ontbreekt.")
        raise CommandError(
            f"Auditlog gewijzigd vanaf regel {detail.pk} ({detail.action}, {detail.at:%Y-%m-%d %H:%M})."
        )
