"""Reads for assessors and for the public final reports."""

from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keurmerk.lib.agreement import MIN_PAIRS, Agreement, NoKappa, agreement
from keurmerk.lib.dates import end_of_day
from keurmerk.lib.numbers import format_decimal_nl, format_percentage_nl

from .models import Report


def report_due(self_evaluation):
    cycle = self_evaluation.participation.cycle
    return cycle.first_report_due if self_evaluation.round == 1 else cycle.final_report_due


def queue(now=None):
    """Submitted self-evaluations with their report due date, assessor and overdue marking."""
    from keurmerk.selfevaluations.models import SelfEvaluation

    now = now or timezone.now()
    items = (
        SelfEvaluation.objects.filter(status="submitted")
        .select_related(
            "participation__organisation",
            "participation__cycle",
            "assessment__assessor",
            "assessment__report",
        )
        .order_by("submitted_at")
    )
    rows = []
    for se in items:
        assessment = getattr(se, "assessment", None)
        sent = assessment is not None and hasattr(assessment, "report")
        due = report_due(se)
        rows.append(
            {
                "self_evaluation": se,
                "assessment": assessment,
                "sent": sent,
                "due": due,
                "overdue": not sent and now >= end_of_day(due),
            }
        )
    rows.sort(key=lambda r: (r["sent"], r["due"]))
    return rows


def public_report_for(organisation_id, year):
    """The holder's final report of the year: the last qualified report (public once awarded)."""
    return (
        Report.objects.filter(
            participation__organisation_id=organisation_id,
            participation__cycle__year=year,
            qualified=True,
            participation__state="awarded",
        )
        .order_by("-sent_at")
        .first()
    )


def reports_for_staff_export():
    return Report.objects.select_related(
        "participation__organisation", "participation__cycle", "sent_by"
    ).order_by("-sent_at")


# -- second assessments and agreement ------------------------------------------------------------


def second_assessments_of_cycle(cycle):
    """The cycle's double-assessed self-evaluations with both assessors (the overview page)."""
    from .models import SecondAssessment

    return list(
        SecondAssessment.objects.filter(self_evaluation__participation__cycle=cycle)
        .select_related(
            "assessor",
            "draw",
            "self_evaluation__participation__organisation",
            "self_evaluation__assessment__assessor",
            "self_evaluation__assessment__report",
        )
        .order_by("self_evaluation__participation__organisation__name")
    )


NO_KAPPA_TEXT = {
    NoKappa.TOO_FEW: _("minder dan %(n)s paren: geen kappa, zo weinig paren zeggen nog niets"),
    NoKappa.ONE_CATEGORY: _("beide gaven steeds hetzelfde ene oordeel: kappa is dan niet gedefinieerd"),
}


def shown(figures: Agreement) -> dict:
    """What a page shows of the figures: share of equal verdicts, kappa (two decimals) or why not."""
    return {
        "pairs": figures.pairs,
        "equal": figures.equal,
        "share": format_percentage_nl(figures.share),
        "kappa": None if figures.kappa is None else format_decimal_nl(figures.kappa, 2),
        "why": NO_KAPPA_TEXT[figures.no_kappa] % {"n": MIN_PAIRS} if figures.no_kappa else "",
    }


def _pairs_by_criterion(cycle):
    """{criterion id: [(first, second), …]} over the self-evaluations that both have finished; the
    first verdicts as they were when the first assessor finished; optional criteria (no verdict) left out."""
    from .models import SecondAssessment

    finished = SecondAssessment.objects.filter(
        self_evaluation__participation__cycle=cycle,
        finished_at__isnull=False,
        first_finished_at__isnull=False,
    ).prefetch_related("verdicts")
    pairs: dict[int, list] = defaultdict(list)
    for second in finished:
        for verdict in second.verdicts.all():
            first = second.first_verdicts.get(str(verdict.criterion_id))
            if first is not None and verdict.met is not None:
                pairs[verdict.criterion_id].append((first, verdict.met))
    return pairs, len(finished)


def agreement_of_cycle(cycle):
    """Agreement of the two assessors in `cycle` (`lib.agreement`), as figures: the number of
    double-assessed self-evaluations both have finished, the whole cycle's `Agreement`, and per
    norm (in order) its `Agreement` with that of each criterion. The page and the API read it."""
    from keurmerk.frameworks.models import Norm

    pairs, count = _pairs_by_criterion(cycle)
    norms = []
    for norm in (
        Norm.objects.filter(framework_id=cycle.framework_id).prefetch_related("criteria").order_by("position")
    ):
        criteria = [(c, agreement(pairs.get(c.pk, []))) for c in norm.criteria.all()]
        norm_pairs = [pair for c in norm.criteria.all() for pair in pairs.get(c.pk, [])]
        norms.append((norm, agreement(norm_pairs), criteria))
    everything = [pair for rows in pairs.values() for pair in rows]
    return count, agreement(everything), norms


def agreement_figures(cycle):
    """Agreement of the two assessors per cycle, per norm and per criterion, as a page shows it."""
    count, overall, norms = agreement_of_cycle(cycle)
    return {
        "self_evaluations": count,
        "overall": shown(overall),
        "norms": [
            {"norm": norm, **shown(figures), "criteria": [{"criterion": c, **shown(f)} for c, f in criteria]}
            for norm, figures, criteria in norms
        ],
    }
