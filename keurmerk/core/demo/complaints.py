"""Demo complaints: one in each state (filed, in processing, information requested, upheld, not
upheld) and objections in each state (lodged, upheld, rejected), some past their deadline.
Idempotent: an organisation that has a complaint is left alone.

Each complaining provider signed the agreement and was withdrawn for not submitting in time (what
`tick` does), through the services; the complaint and objection steps are the director's and the
member's services. Only the filing date is moved back afterwards, so that the working-day deadlines
show as they would days later (the complaint services take no `now`).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from keurmerk.complaints import services
from keurmerk.complaints.models import Complaint
from keurmerk.core.demo import cycles as cycle_demo
from keurmerk.core.demo.cycles import DEMO_YEAR, DemoOrganisation
from keurmerk.cycles.models import Cycle, State

# (name, kvk, agb, where the complaint ends, filed days ago)
DEMO = [
    ("Praktijk Klaproos", "10000011", "90000011", "filed", 2),
    ("Praktijk Zonnebloem", "10000012", "90000012", "in_processing", 4),
    ("Praktijk Vergeet-mij-niet", "10000013", "90000013", "info_requested", 12),
    ("Praktijk Korenbloem", "10000014", "90000014", "upheld", 9),
    ("Praktijk Madelief", "10000015", "90000015", "objection_lodged", 20),
    ("Praktijk Duizendblad", "10000016", "90000016", "objection_rejected", 30),
    ("Praktijk Boterbloem", "10000017", "90000017", "objection_upheld", 35),
]
COMPLAINT_TEXT = "(Demo) Wij zijn het niet eens met de intrekking van het Keurmerk."


def _objection(complaint, target, director, member):
    services.complaint_decide(
        complaint=complaint, user=director, upheld=False, decision="(Demo) De procedure is juist gevolgd."
    )
    objection = services.objection_lodge(
        complaint=complaint, user=member, text="(Demo) Wij maken formeel bezwaar."
    )
    if target == "objection_upheld":
        services.objection_decide(
            objection=objection,
            user=director,
            upheld=True,
            decision="(Demo) De verlenging is ten onrechte niet meegewogen; het "
            "Keurmerk wordt alsnog toegekend.",
        )
    elif target == "objection_rejected":
        services.objection_decide(
            objection=objection,
            user=director,
            upheld=False,
            decision="(Demo) Het bezwaar brengt geen nieuwe feiten; de intrekking blijft.",
        )


def _steps(complaint, target, director, member):
    if target == "filed":
        return
    services.complaint_take_in(complaint=complaint, user=director)
    if target == "info_requested":
        services.complaint_request_info(
            complaint=complaint,
            user=director,
            text="(Demo) Kunt u het verbeterplan sturen waarnaar u verwijst?",
        )
    elif target == "upheld":
        services.complaint_decide(
            complaint=complaint,
            user=director,
            upheld=True,
            decision="(Demo) De beoordeling hield geen rekening met de verlenging.",
        )
    elif target.startswith("objection"):
        _objection(complaint, target, director, member)


def _complain(cycle, row, target, days_ago, director):
    participation, member, _created = cycle_demo.enrol(cycle, row)
    if participation.state == State.SIGNED:
        participation = cycle_demo.withdraw_late(participation)
    if participation.complaints.exists():
        return
    complaint = services.complaint_file(
        participation=participation,
        user=member,
        text=COMPLAINT_TEXT,
        now=timezone.now() - datetime.timedelta(days=days_ago),
    )
    _steps(complaint, target, director, member)


@transaction.atomic
def load(stdout):
    director = cycle_demo.staff_user("director")
    cycle = Cycle.objects.filter(year=DEMO_YEAR).first()
    if director is None or cycle is None:
        return
    for name, kvk, agb, target, days_ago in DEMO:
        row = DemoOrganisation(
            name, "vrijgevestigd", kvk, agb, "Utrecht", "3511 AA", (DEMO_YEAR - 1,), State.WITHDRAWN
        )
        _complain(cycle, row, target, days_ago, director)
    complaints = Complaint.objects.filter(participation__cycle=cycle).select_related(
        "participation__organisation", "objection"
    )
    for complaint in complaints.order_by("participation__organisation__kvk"):
        objection = getattr(complaint, "objection", None)
        status = complaint.get_status_display() + (f"; {objection.get_status_display()}" if objection else "")
        stdout.write(f"  Klacht {complaint.participation.organisation.name}: {status}")
