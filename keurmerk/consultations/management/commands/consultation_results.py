"""Print the figures of a consultation round; with --json exactly the documented keys, unrounded.

Definitions of the means: docs/consultation-results.md.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from keurmerk.consultations.models import ConsultationRound
from keurmerk.consultations.results import ASPECTS
from keurmerk.consultations.selectors import round_results
from keurmerk.lib.numbers import format_decimal_nl, format_percentage_nl


class Command(BaseCommand):
    help = "Toon de uitkomsten van een consultatieronde (met --json: ongeafronde gemiddelden als JSON)."

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int, help="Het nummer (id) van de consultatieronde.")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Als JSON, met ongeafronde gemiddelden."
        )

    def handle(self, *args, round_id, as_json=False, **options):
        consultation_round = ConsultationRound.objects.select_related("framework").filter(pk=round_id).first()
        if consultation_round is None:
            raise CommandError(f"Consultatieronde {round_id} bestaat niet.")
        results = round_results(consultation_round, with_comments=False)
        if as_json:
            self.stdout.write(json.dumps(results.as_json(), ensure_ascii=False, indent=2))
        else:
            self._table(results)

    def _table(self, results):
        self.stdout.write(f"{results.round} ({results.round.get_state_display()})")
        self.stdout.write(
            f"Genodigden {results.invited}, reacties {results.responses}, "
            f"respons {format_percentage_nl(results.response_rate)}"
        )
        self.stdout.write("\t".join(["Norm", *ASPECTS, "gemiddelde"]))
        for row in results.view.rows:
            cells = [format_decimal_nl(v) for v in [*row.cells, row.mean]]
            self.stdout.write("\t".join([row.norm.number, *cells]))
        footer = [format_decimal_nl(v) for v in [*results.view.columns, results.view.overall]]
        self.stdout.write("\t".join(["Gemiddelde", *footer]))
