"""Pages of the second, independent assessor: assigning (chosen or drawn), the second assessor's
verdicts, the calibration conversation and the agreement figures per cycle."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keurmerk.accounts.models import Role
from keurmerk.cycles.access import get_cycle_for_staff
from keurmerk.frameworks.models import Criterion
from keurmerk.selfevaluations.rules import is_optional

from . import selectors, services
from .access import get_calibration_for_user, get_second_assessment_for_user, get_self_evaluation_for_assessor
from .forms import SecondAssignForm, SecondDrawForm, calibration_form, second_verdicts_form
from .models import Assessment


def _cycle_context(request, cycle, **forms):
    candidates = services.second_candidates(cycle)
    return {
        "cycle": cycle,
        "rows": selectors.second_assessments_of_cycle(cycle),
        "candidates": candidates,
        "may_assign": request.user.role == Role.ADMINISTRATOR,
        "assign_form": forms.get("assign_form") or SecondAssignForm(candidates=candidates),
        "draw_form": forms.get("draw_form") or SecondDrawForm(),
    }


def cycle_page(request, year):
    cycle = get_cycle_for_staff(request, year)
    return render(request, "assessments/second_cycle.html", _cycle_context(request, cycle))


@require_POST
def assign(request, year):
    cycle = get_cycle_for_staff(request, year, write=True)
    form = SecondAssignForm(request.POST, candidates=services.second_candidates(cycle))
    if form.is_valid():
        try:
            services.second_assessor_assign(
                self_evaluations=list(form.cleaned_data["self_evaluations"]),
                assessor=form.cleaned_data["assessor"],
                user=request.user,
            )
            messages.success(request, _("Tweede beoordelaar toegewezen."))
            return redirect("assessments:second_cycle", cycle.year)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(
        request, "assessments/second_cycle.html", _cycle_context(request, cycle, assign_form=form), status=422
    )


def draw(request, year):
    """GET: what the draw will do; POST from that page: draw and assign."""
    cycle = get_cycle_for_staff(request, year, write=True)
    form = SecondDrawForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        return render(
            request,
            "assessments/second_cycle.html",
            _cycle_context(request, cycle, draw_form=form),
            status=422,
        )
    if request.method != "POST":
        candidates = services.second_candidates(cycle, exclude_assessor=form.cleaned_data["assessor"])
        size = services.draws.size_for(count=len(candidates), share=form.share())
        context = {"cycle": cycle, "form": form, "candidates": len(candidates), "size": size}
        return render(request, "assessments/second_draw_confirm.html", context)
    try:
        services.second_assessment_draw(
            cycle=cycle, share=form.share(), assessor=form.cleaned_data["assessor"], user=request.user
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return render(
            request,
            "assessments/second_cycle.html",
            _cycle_context(request, cycle, draw_form=form),
            status=422,
        )
    messages.success(request, _("De trekking is vastgelegd en de tweede beoordelaar toegewezen."))
    return redirect("assessments:second_cycle", cycle.year)


def _criteria(second):
    framework_id = second.self_evaluation.participation.cycle.framework_id
    return list(
        Criterion.objects.filter(norm__framework_id=framework_id)
        .select_related("norm")
        .order_by("norm__position", "position")
    )


def _second_context(second, form):
    participation = second.self_evaluation.participation
    answers = {a.criterion_id: a for a in second.self_evaluation.answers.all()}
    verdicts = {v.criterion_id: v for v in second.verdicts.all()}
    rows = [
        {
            "criterion": c,
            "answer": answers.get(c.pk),
            "optional": is_optional(c, participation),
            "verdict": verdicts.get(c.pk),
            "met": form[f"m{c.pk}"],
            "explanation": form[f"e{c.pk}"],
        }
        for c in _criteria(second)
    ]
    return {"second": second, "se": second.self_evaluation, "rows": rows, "form": form}


def second_page(request, pk):
    second = get_second_assessment_for_user(request, pk)
    verdicts = {v.criterion_id: v for v in second.verdicts.all()}
    form = second_verdicts_form(_criteria(second), verdicts)
    return render(request, "assessments/second_assessment.html", _second_context(second, form))


@require_POST
def second_save(request, pk):
    second = get_second_assessment_for_user(request, pk, write=True)
    criteria = _criteria(second)
    form = second_verdicts_form(criteria, {}, request.POST)
    if form.is_valid():
        posted = [c for c in criteria if f"m{c.pk}" in request.POST or f"e{c.pk}" in request.POST]
        verdicts = {c: (form.cleaned_data[f"m{c.pk}"], form.cleaned_data[f"e{c.pk}"]) for c in posted}
        try:
            services.second_verdicts_save(second=second, user=request.user, verdicts=verdicts)
            messages.success(request, _("Oordelen opgeslagen."))
            return redirect("assessments:second", pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(request, "assessments/second_assessment.html", _second_context(second, form), status=422)


@require_POST
def second_finish(request, pk):
    second = get_second_assessment_for_user(request, pk, write=True)
    try:
        services.second_assessment_finish(second=second, user=request.user)
        messages.success(request, _("De tweede beoordeling is afgerond."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("assessments:second", pk)


@require_POST
def first_finish(request, pk):
    self_evaluation = get_self_evaluation_for_assessor(request, pk)
    assessment = get_object_or_404(
        Assessment, self_evaluation=self_evaluation, self_evaluation__second_assessment__isnull=False
    )
    try:
        services.first_assessment_finish(assessment=assessment, user=request.user)
        messages.success(request, _("De eerste beoordeling is afgerond."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("assessments:assessment", pk)


def calibration(request, pk):
    """The differences per criterion for the calibration conversation; POST records its outcome."""
    second = get_calibration_for_user(request, pk, write=request.method == "POST")
    rows = services.differences(second)
    form = calibration_form(rows, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        choices = {row["criterion"].pk: form.cleaned_data[f"c{row['criterion'].pk}"] for row in rows}
        try:
            services.calibration_record(
                second=second, user=request.user, choices=choices, note=form.cleaned_data["note"]
            )
            messages.success(request, _("De uitkomst van het kalibratiegesprek is vastgelegd."))
            return redirect("assessments:calibration", pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    for row in rows:
        row["field"] = form[f"c{row['criterion'].pk}"]
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "assessments/calibration.html",
        {"second": second, "se": second.self_evaluation, "rows": rows, "form": form},
        status=status,
    )


def agreement(request, year):
    cycle = get_cycle_for_staff(request, year)
    return render(
        request, "assessments/agreement.html", {"cycle": cycle, **selectors.agreement_figures(cycle)}
    )
