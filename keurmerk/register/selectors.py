"""The public register (keurmerkregister): current holders, from the one holder rule in
`cycles.calendar.holder_ids`, with a fixed number of queries whatever the number of holders.
The dates shown (valid from, valid until, withdrawn per) are the calendar's too."""

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import Q

from keurmerk.cycles.calendar import (
    holder_ids,
    mark_status,
    valid_from_for,
    withdrawal_takes_effect,
    withdrawn_in,
)
from keurmerk.cycles.models import Participation, State
from keurmerk.lib.dates import local_today
from keurmerk.organisations.models import Location, Organisation, OrganisationType
from keurmerk.organisations.selectors import confirmed_subcontractor_ids, holds_network_predicate

FIELDS = [
    "name",
    "kvk",
    "agb",
    "place",
    "website",
    "year",
    "network_predicate",
    "certificate_code",
    "valid_from",
    "valid_until",
    "withdrawn_per",
]


@dataclass
class Entry:
    organisation: SimpleNamespace  # name, kvk, agb, website, type, is_network
    year: int
    place: str
    network_predicate: bool
    certificate_code: str
    valid_from: datetime.date
    valid_until: datetime.date
    withdrawn_per: datetime.date | None = None

    def as_dict(self):
        o = self.organisation
        return {
            "name": o.name,
            "kvk": o.kvk,
            "agb": o.agb,
            "place": self.place,
            "website": o.website,
            "year": self.year,
            "network_predicate": self.network_predicate,
            "certificate_code": self.certificate_code,
            "valid_from": self.valid_from.isoformat(),
            "valid_until": self.valid_until.isoformat(),
            "withdrawn_per": self.withdrawn_per.isoformat() if self.withdrawn_per else None,
        }


def _matching_ids(held, *, search=None, kind=None):
    queryset = Organisation.objects.filter(pk__in=held)
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search) | Q(locations__place__icontains=search) | Q(agb=search.strip())
        )
    if kind:
        queryset = queryset.filter(type=kind)
    return set(queryset.values_list("pk", flat=True))


def _first_places(ids):
    places = {}
    for organisation_id, place in (
        Location.objects.filter(organisation_id__in=ids)
        .order_by("pk")
        .values_list("organisation_id", "place")
    ):
        places.setdefault(organisation_id, place)
    return places


def _this_year(ids, year):
    fields = (
        "organisation_id",
        "state",
        "state_changed_at",
        "cycle__withdrawal_effective",
        "certificate__code",
    )
    rows = Participation.objects.filter(cycle__year=year, organisation_id__in=ids).values(*fields)
    return {row["organisation_id"]: row for row in rows}


def register_entries(*, on=None, search=None, kind=None, network_only=False):
    """Current holders as plain values (no model instances: 1,000 holders in a handful of queries)."""
    on = on or local_today()
    year = on.year
    held = holder_ids(year, on)
    ids = _matching_ids(held, search=search, kind=kind)
    withdrawn_before = set(
        withdrawn_in(year - 1).filter(organisation_id__in=ids).values_list("organisation_id", flat=True)
    )
    organisations = (
        Organisation.objects.filter(pk__in=ids)
        .order_by("name")
        .values("pk", "name", "kvk", "agb", "website", "type")
    )
    organisations = [
        SimpleNamespace(**o, is_network=o["type"] == OrganisationType.NETWORK) for o in organisations
    ]
    places, participations = _first_places(ids), _this_year(ids, year)
    subs = confirmed_subcontractor_ids(o.pk for o in organisations if o.is_network)
    entries = []
    for o in organisations:
        entry = _entry(o, year, participations.get(o.pk), o.pk in withdrawn_before, places.get(o.pk, ""))
        entry.network_predicate = o.is_network and holds_network_predicate(subs.get(o.pk, []), held)
        entries.append(entry)
    return [e for e in entries if e.network_predicate] if network_only else entries


def _entry(organisation, year, participation, withdrawn_before, place):
    """One holder's row; its dates from the calendar's rules (`valid_from_for`,
    `withdrawal_takes_effect`), from plain values so that 1,000 holders need no query each."""
    effective = participation["cycle__withdrawal_effective"] if participation else None
    valid_from = valid_from_for(year, effective, participation is not None and withdrawn_before)
    valid_until, withdrawn_per = datetime.date(year, 12, 31), None
    if participation and participation["state"] == State.WITHDRAWN:
        withdrawn_per = withdrawal_takes_effect(participation["state_changed_at"], effective)
        valid_until = withdrawn_per - datetime.timedelta(days=1)
    code = (participation or {}).get("certificate__code") or ""
    return Entry(
        organisation=organisation,
        year=year,
        place=place,
        network_predicate=False,
        certificate_code=code,
        valid_from=valid_from,
        valid_until=valid_until,
        withdrawn_per=withdrawn_per,
    )


def holder_entry(agb, on=None):
    entries = [e for e in register_entries(on=on, search=agb) if e.organisation.agb == agb]
    return entries[0] if entries else None


def verify_certificate(code, on=None):
    """(mark status or None, certificate or None) for a verification code: the calendar's
    `mark_status` of the certificate's participation on `on` (default today), so verification and
    the register say the same on every date."""
    from keurmerk.assessments.models import Certificate

    certificate = (
        Certificate.objects.select_related("participation__organisation", "participation__cycle")
        .filter(code=code.strip().upper())
        .first()
    )
    if certificate is None:
        return None, None
    return mark_status(certificate.participation, on), certificate
