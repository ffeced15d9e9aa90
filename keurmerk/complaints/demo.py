"""Demo complaints: one in each state (filed, in processing, information requested, upheld, not
upheld with an objection), some past their deadline. Idempotent."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from keurmerk.cycles.demo import DEMO_YEAR, _organisation
from keurmerk.cycles.models import Cycle, Participation, State

from . import services
from .models import Complaint

DEMO = [
    ("Praktijk Klaproos", "10000011", "90000011", "filed", 2),
    ("Praktijk Zonnebloem", "10000012", "90000012", "in_processing", 4),
    ("Praktijk Vergeet-mij-niet", "10000013", "90000013", "info_requested", 12),
    ("Praktijk Korenbloem", "10000014", "90000014", "upheld", 9),
    ("Praktijk Madelief", "10000015", "90000015", "objection", 20),
]


def _steps(complaint, target, director, member):
    if target == "filed":
        return
    services.complaint_take_in(complaint=complaint, user=director)
    if target == "info_requested":
        services.complaint_request_info(complaint=complaint, user=director,
                                        text="(Demo) Kunt u het verbeterplan sturen waarnaar u verwijst?")  # fmt: skip
    elif target == "upheld":
        services.complaint_decide(complaint=complaint, user=director, upheld=True,
                                  decision="(Demo) De beoordeling hield geen rekening met de verlenging.")  # fmt: skip
    elif target == "objection":
        services.complaint_decide(complaint=complaint, user=director, upheld=False,
                                  decision="(Demo) De procedure is juist gevolgd.")  # fmt: skip
        services.objection_lodge(complaint=complaint, user=member, text="(Demo) Wij maken formeel bezwaar.")


@transaction.atomic
def load(stdout):
    User = get_user_model()
    director = User.objects.filter(email="directeur@demo.keurmerk.nl").first()
    cycle = Cycle.objects.filter(year=DEMO_YEAR).first()
    if director is None or cycle is None:
        return
    existing = Complaint.objects.filter(participation__cycle=cycle).select_related(
        "participation__organisation"
    )
    if existing:
        for complaint in existing:
            org = complaint.participation.organisation
            stdout.write(
                f"  {'provider':<14} lid@{org.agb}.demo.keurmerk.nl  {org.name} (klacht: {complaint.get_status_display()})"
            )
        return
    for name, kvk, agb, target, days_ago in DEMO:
        org, _state, member = _organisation(
            (name, "vrijgevestigd", kvk, agb, "Utrecht", "3511 AA", [2026], None)
        )
        participation, _ = Participation.objects.get_or_create(
            organisation=org, cycle=cycle, defaults={"state": State.WITHDRAWN, "is_returning": True}
        )
        complaint = services.complaint_file(participation=participation, user=member,
                                            text="(Demo) Wij zijn het niet eens met de intrekking van het Keurmerk.")  # fmt: skip
        Complaint.objects.filter(pk=complaint.pk).update(
            filed_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
        complaint.refresh_from_db()
        _steps(complaint, target, director, member)
        complaint.refresh_from_db()
        stdout.write(
            f"  {'provider':<14} lid@{agb}.demo.keurmerk.nl  {name} (klacht: {complaint.get_status_display()})"
        )
