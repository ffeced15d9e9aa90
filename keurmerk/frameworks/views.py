from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from keurmerk.lib.pdf import pdf_response

from .access import get_framework_for_user, get_norm_for_user
from .changes import change_overview
from .fileformat import dump_framework_file
from .hooks import comments_behind_changes, consultation_scores
from .selectors import criterion_sections, framework_to_dict, frameworks_visible_to, previous_framework


def framework_list(request):
    frameworks = frameworks_visible_to(request.user)
    return render(request, "frameworks/framework_list.html", {"frameworks": frameworks})


def _framework_context(framework):
    norms = [(norm, criterion_sections(norm)) for norm in framework.norms.all()]
    return {"framework": framework, "norms": norms}


def _is_staff(user):
    return user.is_authenticated and user.is_scheme_staff


def framework_detail(request, year):
    """The framework; for staff each norm carries the consultation's scores per aspect beside it."""
    framework = get_framework_for_user(request, year)
    scores = consultation_scores(framework) if _is_staff(request.user) else {}
    for norm in framework.norms.all():
        norm.consultation_scores = scores.get(norm.key)
    return render(request, "frameworks/framework_detail.html", _framework_context(framework))


def framework_pdf(request, year):
    framework = get_framework_for_user(request, year)
    return pdf_response(
        "frameworks/framework_pdf.html", _framework_context(framework), request, f"keurmerk-{year}.pdf"
    )


def framework_yaml(request, year):
    framework = get_framework_for_user(request, year)
    response = HttpResponse(
        dump_framework_file(framework_to_dict(framework)), content_type="application/yaml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="keurmerk-{year}.yaml"'
    return response


def norm_detail(request, year, number):
    framework, norm = get_norm_for_user(request, year, number)
    context = {"framework": framework, "norm": norm, "sections": criterion_sections(norm)}
    return render(request, "frameworks/norm_detail.html", context)


def _changes_context(request, year):
    framework = get_framework_for_user(request, year)
    previous = previous_framework(framework)
    changes = change_overview(previous, framework) if previous else None
    sections = []
    if changes:
        _attach_comments(changes, comments_behind_changes(framework))
        sections = [
            (changes["levels"], _("Niveaus")),
            (changes["norms"], _("Normen")),
            (changes["criteria"], _("Kwalificatiecriteria")),
            (changes["targets"], _("Streefwaarden")),
        ]
    return {
        "framework": framework,
        "previous": previous,
        "changes": changes,
        "sections": sections,
        "show_comments": _is_staff(request.user),
    }


def _attach_comments(changes, behind):
    """Per change of a norm or criterion, the consultation comments that led to it. Staff read
    them; other visitors see only how many there are (the respondents' words stay internal)."""
    for key in ("norms", "criteria"):
        for change in changes[key]:
            change.comments = behind.get((change.subject, change.key), [])


def change_overview_page(request, year):
    return render(request, "frameworks/changes.html", _changes_context(request, year))


def change_overview_pdf(request, year):
    context = _changes_context(request, year)
    return pdf_response("frameworks/changes_pdf.html", context, request, f"wijzigingen-{year}.pdf")
