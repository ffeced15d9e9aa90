from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keurmerk.accounts.access import require_staff
from keurmerk.frameworks.changes import text_diff
from keurmerk.frameworks.models import Criterion, Norm
from keurmerk.frameworks.selectors import framework_with_contents
from keurmerk.lib.exports import export_response
from keurmerk.lib.pdf import pdf_response
from keurmerk.selfevaluations.rules import is_optional

from . import selectors, services
from .access import get_certificate_for_user, get_report_for_user, get_self_evaluation_for_assessor
from .batch import certificate_document, certificate_filename
from .forms import AssignForm, SummaryForm, VerdictForm
from .models import Assessment, SecondAssessment


def certificate_pdf(request, pk):
    participation, certificate = get_certificate_for_user(request, pk)
    response = HttpResponse(
        certificate_document(participation, certificate, request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{certificate_filename(participation)}"'
    return response


def assessment_queue(request):
    require_staff(request)
    return render(request, "assessments/queue.html", {"rows": selectors.queue(), "assign_form": AssignForm()})


def _row(criterion, participation, answer, verdict, before):
    """One criterion of the assessment page: the answer, what changed in a revision, the verdict."""
    text = answer.explanation if answer else ""
    changed = before is not None and before.explanation != text
    return {
        "criterion": criterion,
        "answer": answer,
        "optional": is_optional(criterion, participation),
        "diff": text_diff(before.explanation, text) if changed else None,
        "verdict": verdict,
        "form": _verdict_form(verdict, criterion),
    }


def _summary_form(norm, summary):
    initial = {"text": summary.text if summary else "", "version": summary.version if summary else 0}
    return SummaryForm(prefix=f"s{norm.pk}", initial=initial)


def _rows(self_evaluation, assessment, framework):
    participation = self_evaluation.participation
    answers = {a.criterion_id: a for a in self_evaluation.answers.all()}
    previous = {}
    if self_evaluation.based_on_id:
        previous = {a.criterion_id: a for a in self_evaluation.based_on.answers.all()}
    verdicts = {v.criterion_id: v for v in assessment.verdicts.all()}
    summaries = {s.norm_id: s for s in assessment.summaries.all()}
    return [
        {
            "norm": norm,
            "rows": [
                _row(c, participation, answers.get(c.pk), verdicts.get(c.pk), previous.get(c.pk))
                for c in norm.criteria.all()
            ],
            "summary_form": _summary_form(norm, summaries.get(norm.pk)),
        }
        for norm in framework.norms.all()
    ]


def _verdict_form(verdict, criterion):
    met = {True: "1", False: "0"}.get(verdict.met, "") if verdict else ""
    return VerdictForm(
        prefix=f"v{criterion.pk}",
        initial={
            "met": met,
            "explanation": verdict.explanation if verdict else "",
            "version": verdict.version if verdict else 0,
        },
    )


def assessment_page(request, pk):
    self_evaluation = get_self_evaluation_for_assessor(request, pk)
    assessment = get_object_or_404(Assessment, self_evaluation=self_evaluation)  # made on submission
    framework = framework_with_contents().get(pk=self_evaluation.participation.cycle.framework_id)
    criteria = [c for n in framework.norms.all() for c in n.criteria.all()]
    qualified, open_ = services.outcome(assessment, criteria)
    context = {
        "se": self_evaluation,
        "assessment": assessment,
        "norms": _rows(self_evaluation, assessment, framework),
        "qualified": qualified,
        "open_count": len(open_),
        "sent": assessment.is_sent,
        "assign_form": AssignForm(initial={"assessor": assessment.assessor_id}),
        "second": SecondAssessment.objects.filter(self_evaluation=self_evaluation)
        .select_related("assessor")
        .first(),
    }
    return render(request, "assessments/assessment.html", context)


def _back(pk, anchor=""):
    response = redirect("assessments:assessment", pk)
    response["Location"] += anchor
    return response


@require_POST
def verdict_save(request, pk, criterion_pk):
    self_evaluation = get_self_evaluation_for_assessor(request, pk)
    assessment = services.assessment_for(self_evaluation)
    criterion = get_object_or_404(
        Criterion, pk=criterion_pk, norm__framework=self_evaluation.participation.cycle.framework
    )
    form = VerdictForm(request.POST, prefix=f"v{criterion.pk}")
    status, conflict = 200, None
    if form.is_valid():
        try:
            services.verdict_save(
                assessment=assessment,
                criterion=criterion,
                user=request.user,
                met=form.cleaned_data["met"],
                explanation=form.cleaned_data["explanation"],
                version=form.cleaned_data["version"],
            )
        except services.VerdictConflict as exc:
            status, conflict = 409, exc.current
        except ValidationError as exc:
            status = 422
            form.add_error(None, exc)
    else:
        status = 422
    if request.headers.get("HX-Request"):
        return _verdict_fragment(request, self_evaluation, assessment, criterion, form, status, conflict)
    if status == 200:
        messages.success(request, _("Oordeel opgeslagen."))
    else:
        messages.error(
            request,
            " ".join(form.non_field_errors())
            or _("Iemand anders heeft dit oordeel intussen gewijzigd; bekijk het en probeer opnieuw."),
        )
    return _back(pk, f"#criterium-{criterion.key}")


def _verdict_fragment(request, self_evaluation, assessment, criterion, form, status, conflict):
    """htmx answer: out-of-band version, status and messages only (HX-Reswap none), so what the
    assessor is typing is never replaced. After a conflict the version becomes the stored one: the
    assessor has seen the other verdict, and the next save is a deliberate choice."""
    verdict = assessment.verdicts.filter(criterion=criterion).first()
    version = verdict.version if verdict else 0
    if status == 422:
        version = form.data.get(f"v{criterion.pk}-version", version)
    context = {
        "criterion": criterion,
        "verdict": verdict,
        "version": version,
        "form": form,
        "conflict": conflict,
        "saved": status == 200,
    }
    response = render(request, "assessments/_verdict_saved.html", context, status=status)
    response["HX-Reswap"] = "none"
    return response


@require_POST
def summary_save(request, pk, norm_pk):
    self_evaluation = get_self_evaluation_for_assessor(request, pk)
    assessment = services.assessment_for(self_evaluation)
    norm = get_object_or_404(Norm, pk=norm_pk, framework=self_evaluation.participation.cycle.framework)
    form = SummaryForm(request.POST, prefix=f"s{norm.pk}")
    if form.is_valid():
        try:
            services.summary_save(assessment=assessment, norm=norm, user=request.user, **form.cleaned_data)
            messages.success(request, _("Samenvatting opgeslagen."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return _back(pk, f"#norm-{norm.number}")


def _assign_back(request):
    """Back to the page the form was on, but only on this site: an unchecked `next` would let a
    link on another site bounce staff through us to anywhere (open redirect)."""
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(url)  # redirect() would take a bare word for a view name
    return redirect("assessments:queue")


@require_POST
def assign(request, pk):
    """Assign oneself ("Neem ik") or a member of staff chosen from the list. A choice that is not
    valid (or no choice) changes nothing: it never silently removes the current assessor."""
    self_evaluation = get_self_evaluation_for_assessor(request, pk)
    form = AssignForm(request.POST)
    if request.POST.get("self"):
        assessor = request.user
    elif form.is_valid():
        assessor = form.cleaned_data["assessor"]
    else:
        messages.error(request, " ".join(form.errors["assessor"]))
        return _assign_back(request)
    try:
        services.assessment_assign(
            assessment=services.assessment_for(self_evaluation), user=request.user, assessor=assessor
        )
        messages.success(request, _("Beoordelaar toegewezen."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _assign_back(request)


def send_report(request, pk):
    """GET: the report as the provider will see it and what sending does (it may award the mark
    at once); POST from that page: send it."""
    self_evaluation = get_self_evaluation_for_assessor(request, pk)
    if request.method != "POST":
        assessment = get_object_or_404(Assessment, self_evaluation=self_evaluation)
        context = {"se": self_evaluation, "sent": assessment.is_sent, **services.report_preview(assessment)}
        return render(request, "assessments/send_confirm.html", context)
    try:
        report = services.report_send(assessment=services.assessment_for(self_evaluation), user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(pk)
    messages.success(request, _("De Keurmerkrapportage is verstuurd."))
    return redirect("assessments:report", report.pk)


def report_page(request, pk):
    report = get_report_for_user(request, pk)
    return render(request, "assessments/report.html", {"report": report, "c": report.content})


def report_pdf(request, pk):
    report = get_report_for_user(request, pk)
    filename = f"keurmerkrapportage-{report.participation.cycle.year}-ronde{report.round}.pdf"
    return pdf_response(
        "assessments/report_pdf.html", {"report": report, "c": report.content}, request, filename
    )


EXPORT_HEADERS = [
    "organisatie",
    "kvk",
    "jaar",
    "ronde",
    "uitkomst",
    "verstuurd op",
    "door",
    "status deelname",
]


def export(request, fmt):
    require_staff(request)
    rows = (
        [
            r.participation.organisation.name,
            r.participation.organisation.kvk,
            r.participation.cycle.year,
            r.round,
            "gekwalificeerd" if r.qualified else "niet gekwalificeerd",
            r.sent_at,
            str(r.sent_by),
            r.participation.get_state_display(),
        ]
        for r in selectors.reports_for_staff_export()
    )
    return export_response(headers=EXPORT_HEADERS, rows=rows, filename="beoordelingen", fmt=fmt)
