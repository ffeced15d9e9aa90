"""Notices of the sample: a drawn holder's members hear that they were drawn, with a link to their
page with the planned conversation and what was agreed."""

from django.urls import reverse
from django.utils.translation import gettext as _

from keurmerk.cycles.models import Participation
from keurmerk.cycles.notices import notify_members


def notice_drawn(draw) -> None:
    """Each drawn holder's members: drawn for a follow-up conversation (once per draw)."""
    participations = Participation.objects.filter(
        cycle=draw.cycle, organisation_id__in=draw.drawn
    ).select_related("organisation", "cycle")
    for participation in participations:
        notify_members(
            participation,
            kind="sample_drawn",
            dedupe=f"sample:{draw.pk}:{participation.pk}",
            subject=_("Getrokken voor een vervolggesprek over het Keurmerk %(year)s")
            % {"year": draw.cycle.year},
            body=_(
                "Uw organisatie is getrokken in de steekproef voor vervolggesprekken op basis van uw zelfevaluatie. "
                "Wij nemen contact met u op om het gesprek te plannen."
            ),
            url=reverse("sampling:holder", args=[participation.pk]),
        )
