"""Reads for assessors and for the public final reports."""

from django.utils import timezone

from keurmerk.lib.dates import end_of_day

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
        )  # fmt: skip
        .order_by("submitted_at")
    )
    rows = []
    for se in items:
        assessment = getattr(se, "assessment", None)
        sent = assessment is not None and hasattr(assessment, "report")
        due = report_due(se)
        rows.append({"self_evaluation": se, "assessment": assessment, "sent": sent, "due": due,
                     "overdue": not sent and now >= end_of_day(due)})  # fmt: skip
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
        )  # fmt: skip
        .order_by("-sent_at")
        .first()
    )


def reports_for_staff_export():
    return Report.objects.select_related(
        "participation__organisation", "participation__cycle", "sent_by"
    ).order_by("-sent_at")
