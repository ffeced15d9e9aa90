"""The Keurmerkwijzer screens of our own (not Django admin): administrators keep the guidance of a
norm (documents, links, FAQ) and the toetsingskader per criterion, also after publication; anyone
who may read the framework downloads its documents."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keurmerk.lib.uploads import private_path

from . import services
from .access import (
    get_criterion_for_guide_editor,
    get_guide_file_for_user,
    get_guide_item_for_editor,
    get_norm_for_guide_editor,
)
from .forms import GuidanceForm, GuideItemForm
from .selectors import criterion_sections


def _editor_url(norm):
    return reverse("frameworks:guide_edit", args=[norm.framework.year, norm.number])


def _editor_page(request, framework, norm, add_form, status=200):
    sections = [
        (group, [(c, GuidanceForm(initial={"guidance": c.guidance}, prefix=f"c{c.pk}")) for c in criteria])
        for group, criteria in criterion_sections(norm)
    ]
    context = {"framework": framework, "norm": norm, "add_form": add_form, "sections": sections}
    return render(request, "frameworks/guide_edit.html", context, status=status)


def guide_edit(request, year, number):
    framework, norm = get_norm_for_guide_editor(request, year, number)
    return _editor_page(request, framework, norm, GuideItemForm())


def _save_item(request, form, norm, item=None):
    """The service's outcome on the form: True when saved."""
    if not form.is_valid():
        return False
    try:
        services.guide_item_save(norm=norm, user=request.user, item=item, **form.cleaned_for_service())
    except ValidationError as exc:
        _add_errors(form, exc)
        return False
    return True


def _add_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@require_POST
def guide_add(request, year, number):
    framework, norm = get_norm_for_guide_editor(request, year, number)
    form = GuideItemForm(request.POST, request.FILES)
    if _save_item(request, form, norm):
        messages.success(request, _("Het onderdeel is aan de Keurmerkwijzer toegevoegd."))
        return redirect(_editor_url(norm))
    return _editor_page(request, framework, norm, form, status=400)


def guide_item(request, pk):
    item = get_guide_item_for_editor(request, pk)
    initial = {"kind": item.kind, "title": item.title, "url": item.url, "body": item.body}
    form = GuideItemForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and _save_item(request, form, item.norm, item):
        messages.success(request, _("Het onderdeel is bijgewerkt."))
        return redirect(_editor_url(item.norm))
    status = 400 if request.method == "POST" else 200
    return render(request, "frameworks/guide_item.html", {"item": item, "form": form}, status=status)


@require_POST
def guide_item_delete(request, pk):
    item = get_guide_item_for_editor(request, pk)
    norm = item.norm
    services.guide_item_remove(item=item, user=request.user)
    messages.success(request, _("Het onderdeel is uit de Keurmerkwijzer verwijderd."))
    return redirect(_editor_url(norm))


@require_POST
def guidance_save(request, pk):
    criterion = get_criterion_for_guide_editor(request, pk)
    form = GuidanceForm(request.POST, prefix=f"c{criterion.pk}")
    try:
        if not form.is_valid():
            raise ValidationError(" ".join(e for errors in form.errors.values() for e in errors))
        services.criterion_guidance_save(
            criterion=criterion, user=request.user, guidance=form.cleaned_data["guidance"]
        )
    except ValidationError as exc:
        messages.error(
            request,
            _("Toetsingskader bij criterium %(n)s niet opgeslagen: %(problem)s")
            % {"n": str(criterion), "problem": " ".join(exc.messages)},
        )
    else:
        messages.success(
            request, _("Het toetsingskader bij criterium %(n)s is opgeslagen.") % {"n": str(criterion)}
        )
    return redirect(f"{_editor_url(criterion.norm)}#criterium-{criterion.key}")


def guide_file(request, pk):
    item = get_guide_file_for_user(request, pk)
    try:
        path = private_path(item.file_path)
    except ValueError:
        raise Http404("Document niet gevonden") from None
    if not path.exists():
        raise Http404("Document niet gevonden")
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=item.file_name, content_type=item.file_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
