"""Who may read which framework. Every framework view goes through these helpers."""

from django.http import Http404

from .selectors import framework_with_contents, frameworks_visible_to


def get_framework_for_user(request, year):
    """The framework of `year` with its contents, or 404 if it does not exist or is not visible."""
    framework = framework_with_contents(frameworks_visible_to(request.user).filter(year=year)).first()
    if framework is None:
        raise Http404("Normenkader niet gevonden")
    return framework


def get_norm_for_user(request, year, number):
    framework = get_framework_for_user(request, year)
    for norm in framework.norms.all():
        if norm.number == number:
            return framework, norm
    raise Http404("Norm niet gevonden")


def _require_administrator(request):
    from keurmerk.accounts.access import require_staff
    from keurmerk.accounts.models import Role

    return require_staff(request, Role.ADMINISTRATOR)


def get_norm_for_guide_editor(request, year: int, number: str):
    """Editing a norm's Keurmerkwijzer is for administrators, also once the framework is published."""
    _require_administrator(request)
    return get_norm_for_user(request, year, number)


def get_guide_item_for_editor(request, pk: int):
    from .models import GuideItem

    _require_administrator(request)
    item = GuideItem.objects.select_related("norm__framework").filter(pk=pk).first()
    if item is None:
        raise Http404("Onderdeel niet gevonden")
    return item


def get_criterion_for_guide_editor(request, pk: int):
    from .models import Criterion

    _require_administrator(request)
    criterion = Criterion.objects.select_related("norm__framework").filter(pk=pk).first()
    if criterion is None:
        raise Http404("Criterium niet gevonden")
    return criterion


def get_guide_file_for_user(request, pk: int):
    """A Keurmerkwijzer document is public wherever its framework is (concepts: staff only)."""
    from .models import GuideItem

    visible = frameworks_visible_to(request.user)
    item = GuideItem.objects.filter(pk=pk, norm__framework__in=visible).exclude(file_path="").first()
    if item is None:
        raise Http404("Document niet gevonden")
    return item
