"""Reads about organisations that several modules share."""

from collections.abc import Iterable

from .models import Subcontract


def confirmed_subcontractor_ids(network_ids: Iterable[int]) -> dict[int, list[int]]:
    """{network id: [subcontractor ids]} of the relations the subcontractor has confirmed; a
    relation that waits for its confirmation does not count for anything yet. One query."""
    subs: dict[int, list[int]] = {}
    rows = Subcontract.objects.filter(network_id__in=list(network_ids), confirmed_at__isnull=False)
    for network_id, sub_id in rows.values_list("network_id", "subcontractor_id"):
        subs.setdefault(network_id, []).append(sub_id)
    return subs


def holds_network_predicate(subcontractor_ids: Iterable[int], holder_ids: set[int]) -> bool:
    """The predicate Netwerk Keurmerk (handbook §1.2): the network has confirmed subcontractors and
    every one of them holds the mark. The one place this rule is written."""
    subcontractor_ids = list(subcontractor_ids)
    return bool(subcontractor_ids) and all(s in holder_ids for s in subcontractor_ids)
