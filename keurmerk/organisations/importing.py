"""Import of existing holders at go-live (CSV or XLSX).

Columns: name, type, kvk, agb, postcode, place, website, contact_email, held_mark_years (e.g.
`2020;2021`). Every row is validated first; if any row is bad nothing is imported and every
problem is listed as `rij N, kolom C: …`. Organisations are matched by KvK number, so importing
the same file twice changes nothing.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction

from keurmerk.audit import services as audit
from keurmerk.audit.actions import Action
from keurmerk.lib.tabular import TableError, read_table, require_columns

from .models import Location, Organisation, OrganisationType
from .services import record_held_years

COLUMNS = ["name", "type", "kvk", "agb", "postcode", "place", "website", "contact_email", "held_mark_years"]
REQUIRED = ["name", "type", "kvk", "agb", "postcode", "place"]


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    years_added: int = 0


def _postcode(value):
    compact = value.replace(" ", "").upper()
    return f"{compact[:4]} {compact[4:]}" if re.fullmatch(r"[1-9]\d{3}[A-Z]{2}", compact) else None


def _years(value):
    parts = [p.strip() for p in re.split(r"[;,\s]+", value) if p.strip()]
    if not all(re.fullmatch(r"20\d\d", p) for p in parts):
        return None
    return sorted({int(p) for p in parts})


def _check_row(n, row, seen):
    problems = []

    def bad(column, message):
        problems.append(f"rij {n}, kolom {column}: {message}")

    for column in REQUIRED:
        if not row.get(column):
            bad(column, "ontbreekt")
    if row.get("type") and row["type"].lower() not in OrganisationType.values:
        bad("type", f"‘{row['type']}’ is geen soort; kies vrijgevestigd, instelling of netwerk")
    for column in ("kvk", "agb"):
        if row.get(column) and not re.fullmatch(r"\d{8}", row[column]):
            bad(column, f"‘{row[column]}’ is geen 8-cijferig nummer")
        elif row.get(column) in seen[column]:
            bad(column, f"{row[column]} staat ook in rij {seen[column][row[column]]}")
        elif row.get(column):
            seen[column][row[column]] = n
    if row.get("postcode") and _postcode(row["postcode"]) is None:
        bad("postcode", f"‘{row['postcode']}’ is geen Nederlandse postcode (zoals 1234 AB)")
    problems += _check_format(n, row)
    return problems


def _check_format(n, row):
    problems = []
    checks = [("website", URLValidator(schemes=["http", "https"])), ("contact_email", EmailValidator())]
    for column, validator in checks:
        if row.get(column):
            try:
                validator(row[column])
            except ValidationError:
                problems.append(f"rij {n}, kolom {column}: ‘{row[column]}’ is niet geldig")
    if row.get("held_mark_years") and _years(row["held_mark_years"]) is None:
        problems.append(f"rij {n}, kolom held_mark_years: gebruik jaartallen zoals 2020;2021")
    return problems


def _conflicts(n, row):
    """A KvK known for another AGB (or the reverse) cannot be matched safely."""
    by_kvk = Organisation.objects.filter(kvk=row["kvk"]).first()
    by_agb = Organisation.objects.filter(agb=row["agb"]).first()
    if by_agb and (by_kvk is None or by_kvk.pk != by_agb.pk):
        return [f"rij {n}, kolom agb: {row['agb']} hoort al bij {by_agb.name} (KvK {by_agb.kvk})"]
    return []


def validate(data: bytes):
    table = read_table(data)
    require_columns(table, REQUIRED)
    seen = {"kvk": {}, "agb": {}}
    problems = []
    for n, row in table.rows:
        row_problems = _check_row(n, row, seen)
        problems += row_problems or _conflicts(n, row)
    if not table.rows:
        problems.append("Het bestand bevat geen organisaties.")
    if problems:
        raise TableError(problems)
    return table


@transaction.atomic
def import_organisations(*, data: bytes, user=None) -> ImportResult:
    table = validate(data)
    result = ImportResult()
    for _n, row in table.rows:
        organisation = Organisation.objects.filter(kvk=row["kvk"]).first()
        if organisation is None:
            organisation = Organisation.objects.create(
                name=row["name"],
                type=row["type"].lower(),
                kvk=row["kvk"],
                agb=row["agb"],
                website=row.get("website", ""),
                contact_email=row.get("contact_email", ""),
            )
            Location.objects.create(
                organisation=organisation, postcode=_postcode(row["postcode"]), place=row["place"]
            )
            result.created.append(organisation)
        else:
            result.unchanged.append(organisation)
        years = _years(row.get("held_mark_years", "")) or []
        before = organisation.held_marks.count()
        record_held_years(organisation, years)
        result.years_added += organisation.held_marks.count() - before
    audit.record(
        actor=user,
        action=Action.ORGANISATIONS_IMPORTED,
        obj=None,
        data={
            "created": len(result.created),
            "unchanged": len(result.unchanged),
            "years_added": result.years_added,
        },
    )
    return result
