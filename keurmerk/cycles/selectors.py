"""Reads about cycles and participations that several modules share.

`holder_ids` is THE rule of who holds the mark (keurmerkdrager) in a year; the register, the
exemptions ("held the mark last year"), the network predicate and the mirror report's peer group
all use it:
- a year recorded in `HeldMark` (imported history, or awarded here) counts;
- a participation that signed the agreement holds the mark from 1 January of its year unless
  withdrawn (withdrawal takes effect on the cycle's `withdrawal_effective` date, 1 April);
- a provider whose mark was withdrawn the year before holds it only once it qualifies.
"""

import datetime

from django.db.models import Q

from keurmerk.lib.dates import local_today
from keurmerk.organisations.models import HeldMark, Organisation

from .models import Participation, State

SIGNED_STATES = [
    State.SIGNED, State.SUBMITTED, State.QUALIFIED, State.NOT_QUALIFIED, State.REVISION_SUBMITTED,
    State.AWARDED,
]  # fmt: skip
QUALIFIED_STATES = [State.QUALIFIED, State.AWARDED]


def holder_ids(year, on=None):
    """Ids of the organisations that hold the mark of `year` on date `on` (default: today)."""
    on = on or local_today()
    if on < datetime.date(year, 1, 1):
        return set()
    ids = set(HeldMark.objects.filter(year=year).values_list("organisation_id", flat=True))
    withdrawn_before = Participation.objects.filter(cycle__year=year - 1, state=State.WITHDRAWN).values(
        "organisation_id"
    )
    this_year = Participation.objects.filter(cycle__year=year)
    ids |= set(this_year.filter(state__in=QUALIFIED_STATES).values_list("organisation_id", flat=True))
    ids |= set(
        this_year.filter(state__in=SIGNED_STATES)
        .exclude(organisation_id__in=withdrawn_before)
        .values_list("organisation_id", flat=True)
    )
    # Withdrawn this year: held the mark until the withdrawal took effect.
    ids |= set(
        this_year.filter(state=State.WITHDRAWN, cycle__withdrawal_effective__gt=on)
        .exclude(organisation_id__in=withdrawn_before)
        .values_list("organisation_id", flat=True)
    )
    return ids


def holders(year, on=None):
    return Organisation.objects.filter(pk__in=holder_ids(year, on))


def is_holder(organisation, year, on=None):
    return organisation.pk in holder_ids(year, on)


def network_predicates(networks, year, on=None):
    """{network id: bool}: a network carries the predicate exactly when it has subcontractors and
    all of them hold the mark that year (handbook §1.2)."""
    held = holder_ids(year, on)
    result = {}
    for network in networks:
        subs = [s.subcontractor_id for s in network.subcontracts.all()]
        result[network.pk] = bool(subs) and all(s in held for s in subs)
    return result


def participations_for_staff(cycle, *, state=None, search=None):
    qs = Participation.objects.filter(cycle=cycle).select_related("organisation", "cycle")
    if state:
        qs = qs.filter(state=state)
    if search:
        qs = qs.filter(
            Q(organisation__name__icontains=search)
            | Q(organisation__kvk=search)
            | Q(organisation__agb=search)
        )
    return qs.order_by("organisation__name")
