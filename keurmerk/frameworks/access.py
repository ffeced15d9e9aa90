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
