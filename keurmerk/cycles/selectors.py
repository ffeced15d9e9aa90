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
from keurmerk.organisations.selectors import confirmed_subcontractor_ids, holds_network_predicate

from .models import Participation, State

SIGNED_STATES = [
    State.SIGNED,
    State.SUBMITTED,
    State.QUALIFIED,
    State.NOT_QUALIFIED,
    State.REVISION_SUBMITTED,
    State.AWARDED,
]
QUALIFIED_STATES = [State.QUALIFIED, State.AWARDED]


def withdrawn_in(year):
    """Organisation ids (a subquery) whose mark of `year` was withdrawn. The year after, such a
    provider holds the mark only once it qualifies, from 1 April (handbook Fase 4)."""
    return Participation.objects.filter(cycle__year=year, state=State.WITHDRAWN).values("organisation_id")


def holder_ids(year, on=None):
    """Ids of the organisations that hold the mark of `year` on date `on` (default: today)."""
    on = on or local_today()
    if on < datetime.date(year, 1, 1):
        return set()
    ids = set(HeldMark.objects.filter(year=year).values_list("organisation_id", flat=True))
    withdrawn_before = withdrawn_in(year - 1)
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
    """{network id: bool}: a network carries the predicate exactly when it has confirmed
    subcontractors and all of them hold the mark that year (handbook §1.2)."""
    held = holder_ids(year, on)
    subs = confirmed_subcontractor_ids(network.pk for network in networks)
    return {network.pk: holds_network_predicate(subs.get(network.pk, []), held) for network in networks}


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


def current_cycle(today=None):
    """The cycle that is running: the earliest one whose final report is not yet past."""
    today = today or local_today()
    from .models import Cycle

    return (
        Cycle.objects.filter(final_report_due__gte=today).select_related("framework").order_by("year").first()
        or Cycle.objects.select_related("framework").order_by("-year").first()
    )


def application_cycle(now=None):
    """The cycle whose application window is open now, if any."""
    from keurmerk.lib.dates import is_open

    from .models import Cycle

    for cycle in Cycle.objects.select_related("framework").order_by("year"):
        if is_open(cycle.application_opens, cycle.application_closes, now=now):
            return cycle
    return None


def upcoming_application_cycle(today=None):
    from .models import Cycle

    today = today or local_today()
    return Cycle.objects.filter(application_opens__gt=today).order_by("application_opens").first()


def calendar(cycle):
    """The cycle's phases as (label, first day, last day or None), in handbook order."""
    from django.utils.translation import gettext as _

    return [
        (_("Normen openbaar"), cycle.norms_public, None),
        (_("Aanmelding en ondertekening"), cycle.application_opens, cycle.application_closes),
        (_("Zelfevaluatie invullen en indienen"), cycle.selfevaluation_opens, cycle.selfevaluation_closes),
        (_("Keurmerkrapportage uiterlijk"), cycle.first_report_due, None),
        (_("Aanpassing zelfevaluatie (eenmalig)"), cycle.revision_opens, cycle.revision_closes),
        (_("Eindrapportage uiterlijk"), cycle.final_report_due, None),
        (_("Intrekking bij niet kwalificeren per"), cycle.withdrawal_effective, None),
    ]


def next_step(participation, now=None):
    """(what to do, deadline or None, url name or None) for the provider's home page."""
    from django.utils.translation import gettext as _

    from .services import Phase, extended_until

    cycle, state = participation.cycle, participation.state
    if state in (State.OFFERED, State.APPLIED):
        deadline = extended_until(participation, Phase.APPLICATION) or cycle.application_closes
        return _("Onderteken de overeenkomst"), max(deadline, cycle.application_closes), "cycles:agreement"
    if state == State.SIGNED:
        deadline = extended_until(participation, Phase.SELFEVALUATION) or cycle.selfevaluation_closes
        if local_today(now) < cycle.selfevaluation_opens:
            return _("Bereid u voor op de zelfevaluatie"), cycle.selfevaluation_opens, "cycles:preparation"
        return (
            _("Vul de zelfevaluatie in en dien haar in"),
            max(deadline, cycle.selfevaluation_closes),
            "selfevaluations:participation",
        )
    if state == State.SUBMITTED:
        return _("Uw zelfevaluatie wordt beoordeeld"), cycle.first_report_due, None
    if state == State.NOT_QUALIFIED:
        deadline = extended_until(participation, Phase.REVISION) or cycle.revision_closes
        return (
            _("Pas uw zelfevaluatie aan en dien haar opnieuw in"),
            max(deadline, cycle.revision_closes),
            "selfevaluations:participation",
        )
    if state == State.REVISION_SUBMITTED:
        return _("Uw aangepaste zelfevaluatie wordt beoordeeld"), cycle.final_report_due, None
    if state in (State.QUALIFIED, State.AWARDED):
        return _("U heeft zich gekwalificeerd voor het Keurmerk"), None, None
    return _("Het Keurmerk is ingetrokken"), None, None


def participations_of_user(user):
    return (
        Participation.objects.filter(organisation__memberships__user=user)
        .select_related("organisation", "cycle", "cycle__framework")
        .prefetch_related("extensions", "reports")
        .order_by("-cycle__year", "organisation__name")
    )


def state_counts(cycle):
    from django.db.models import Count

    rows = Participation.objects.filter(cycle=cycle).values("state").annotate(n=Count("pk"))
    counts = {row["state"]: row["n"] for row in rows}
    return [(value, label, counts.get(value, 0)) for value, label in State.choices]
