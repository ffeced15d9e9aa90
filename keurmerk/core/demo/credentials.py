"""Demo content for the digital certificates: beside the awarded holders (whose credentials say
"not revoked"), one holder whose mark was awarded and then withdrawn, so that the public can see
both answers of the verification page and a set bit in the status list.

Praktijk Lindehof goes the way of an awarded holder (self-evaluation, a qualified first report, the
certificate) and is then withdrawn by the director through the same service as every withdrawal.
That happens in the year before the demo's cycle (the `previous_year` demo): a withdrawal decided
after that year's 1 April takes effect at once, so the status list shows the bit on the day the
demo is loaded (one decided before 1 April would leave the mark, and the bit, until then).
Idempotent: each step runs only from the state before it.
"""

from keurmerk.assessments.services import participation_withdraw
from keurmerk.core.demo import assessments as assessment_demo
from keurmerk.core.demo import cycles as cycle_demo
from keurmerk.core.demo import selfevaluations as self_evaluation_demo
from keurmerk.core.demo.cycles import DEMO_YEAR, DemoOrganisation
from keurmerk.cycles.models import Cycle, State
from keurmerk.selfevaluations.models import Round

REVOKED = DemoOrganisation(
    "Praktijk Lindehof",
    "vrijgevestigd",
    "10000031",
    "90000031",
    "Zwolle",
    "8011 AA",
    cycle_demo.ON_PLATFORM_BEFORE,
    State.WITHDRAWN,
)
WITHDRAWAL_REASON = (
    "(Demo) Het Keurmerk is na toekenning ingetrokken; het certificaat staat in de statuslijst als "
    "ingetrokken, zodat de controlepagina ook dit antwoord laat zien."
)


def load(stdout):
    cycle = Cycle.objects.filter(year=DEMO_YEAR - 1).first()
    director = cycle_demo.staff_user("director")
    if cycle is None or director is None:
        return
    participation, member, _created = cycle_demo.enrol(cycle, REVOKED)
    if participation.state == State.SIGNED:
        self_evaluation_demo.first_round(participation, member)
        participation.refresh_from_db()
    if participation.state == State.SUBMITTED:
        first = participation.self_evaluations.get(round=Round.FIRST)
        assessment_demo.send_report(first, qualified=True)
        participation.refresh_from_db()
    if participation.state == State.AWARDED:
        participation_withdraw(participation=participation, actor=director, reason=WITHDRAWAL_REASON)
        stdout.write(f"  Ingetrokken certificaat: {participation.organisation.name}.")
