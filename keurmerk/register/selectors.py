"""The public register (keurmerkregister): current holders, from the one holder rule in
`cycles.selectors.holder_ids`, with a fixed number of queries whatever the number of holders."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from keurmerk.cycles.models import Participation, State
from keurmerk.cycles.selectors import holder_ids
from keurmerk.lib.dates import local_today
from keurmerk.organisations.models import Organisation, Subcontract

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
]


@dataclass
class Entry:
    organisation: Organisation
    year: int
    place: str
    network_predicate: bool
    certificate_code: str
    valid_from: datetime.date

    def as_dict(self):
        o = self.organisation
        return {"name": o.name, "kvk": o.kvk, "agb": o.agb, "place": self.place, "website": o.website,
                "year": self.year, "network_predicate": self.network_predicate,
                "certificate_code": self.certificate_code, "valid_from": self.valid_from.isoformat()}  # fmt: skip


def _filtered(queryset, *, search=None, kind=None):
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search) | Q(locations__place__icontains=search) | Q(agb=search.strip())
        ).distinct()
    if kind:
        queryset = queryset.filter(type=kind)
    return queryset


def register_entries(*, on=None, search=None, kind=None, network_only=False):
    on = on or local_today()
    year = on.year
    held = holder_ids(year, on)
    withdrawn_before = set(
        Participation.objects.filter(cycle__year=year - 1, state=State.WITHDRAWN).values_list(
            "organisation_id", flat=True
        )
    )
    this_year = Participation.objects.filter(cycle__year=year).select_related("certificate", "cycle")
    organisations = _filtered(
        Organisation.objects.filter(pk__in=held), search=search, kind=kind
    ).prefetch_related(
        "locations",
        Prefetch("subcontracts", queryset=Subcontract.objects.only("network_id", "subcontractor_id")),
        Prefetch("participations", queryset=this_year, to_attr="this_year"),
    )
    entries = [_entry(o, year, held, withdrawn_before) for o in organisations.order_by("name")]
    return [e for e in entries if e.network_predicate] if network_only else entries


def _entry(organisation, year, held, withdrawn_before):
    participation = organisation.this_year[0] if organisation.this_year else None
    certificate = getattr(participation, "certificate", None) if participation else None
    if certificate and certificate.revoked_at is None:
        valid_from, code = certificate.valid_from, certificate.code
    else:
        late = participation is not None and organisation.pk in withdrawn_before
        valid_from, code = (
            (participation.cycle.withdrawal_effective if late else datetime.date(year, 1, 1)),
            "",
        )
    subs = [s.subcontractor_id for s in organisation.subcontracts.all()]
    locations = list(organisation.locations.all())
    return Entry(
        organisation=organisation, year=year, place=locations[0].place if locations else "",
        network_predicate=organisation.is_network and bool(subs) and all(s in held for s in subs),
        certificate_code=code, valid_from=valid_from,
    )  # fmt: skip


def holder_entry(agb, on=None):
    entries = [e for e in register_entries(on=on, search=agb) if e.organisation.agb == agb]
    return entries[0] if entries else None


def verify_certificate(code):
    """'valid', 'withdrawn' or 'unknown' for a verification code, with the certificate if known."""
    from keurmerk.assessments.models import Certificate

    certificate = (
        Certificate.objects.select_related("participation__organisation", "participation__cycle")
        .filter(code=code.strip().upper())
        .first()
    )
    if certificate is None:
        return "unknown", None
    withdrawn = certificate.revoked_at is not None or certificate.participation.state == State.WITHDRAWN
    return ("withdrawn" if withdrawn else "valid"), certificate
