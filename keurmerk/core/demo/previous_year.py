"""Demo content for the year before the demo's cycle (`cycles.demo_year`): a completed cycle in
which two providers qualified, so that on the day the demo is loaded the public register lists
current holders with their certificate codes and their public reports, a network carries the
predicate Netwerk Keurmerk through them, and the digital check answers for a current certificate.

The cycle runs on the published 2022 framework with the handbook's dates for that year; every
step is taken through the services, inside its phase (`during`), as in the other demo modules.
Idempotent: each step runs only from the state before it.
"""

from django.db import transaction

from keurmerk.core.demo import assessments as assessment_demo
from keurmerk.core.demo import cycles as cycle_demo
from keurmerk.core.demo import selfevaluations as self_evaluation_demo
from keurmerk.cycles.models import Cycle, State
from keurmerk.cycles.services import cycle_create, handbook_dates
from keurmerk.frameworks.models import Framework
from keurmerk.selfevaluations.models import Round

YEAR = cycle_demo.DEMO_YEAR - 1
# Basis GGZ Oost and GGZ Delta: the network's two subcontractors (cycle demo).
HOLDERS = cycle_demo.SUBCONTRACTOR_KVKS


def _cycle(admin):
    cycle = Cycle.objects.filter(year=YEAR).first()
    if cycle is None:
        cycle = cycle_create(
            user=admin, year=YEAR, framework=Framework.objects.get(year=2022), dates=handbook_dates(YEAR)
        )
    return cycle


def _qualify(cycle, row):
    """Sign, fill in and submit the self-evaluation, and the report that awards the mark."""
    participation, member, _created = cycle_demo.enrol(cycle, row)
    if participation.state == State.SIGNED:
        self_evaluation_demo.first_round(participation, member)
        participation.refresh_from_db()
    if participation.state == State.SUBMITTED:
        first = participation.self_evaluations.get(round=Round.FIRST)
        assessment_demo.send_report(first, qualified=True)


@transaction.atomic
def load(stdout):
    admin = cycle_demo.staff_user("administrator")
    if admin is None or cycle_demo.staff_user("assessor") is None:
        return
    cycle = _cycle(admin)
    for row in cycle_demo.ORGANISATIONS:
        if row.kvk in HOLDERS:
            _qualify(cycle, row)
    awarded = cycle.participations.filter(state=State.AWARDED).count()
    stdout.write(f"  Keurmerkproces {YEAR} afgerond: {awarded} keurmerkdragers met certificaat.")
