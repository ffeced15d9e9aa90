"""Reading an invitee list (CSV or XLSX: organisatie, type, e-mail) and checking every row.

Every problem is listed as `rij N, kolom C: …` with the row number the spreadsheet shows; the file
is accepted only when it has no problem at all, so an import never stops half-way.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from keurmerk.lib.tabular import TableError, read_table

from .models import Invitee, InviteeType

MAX_ROWS = 5000
# Canonical column → the header names accepted for it (compared lower-case).
COLUMNS = {
    "organisatie": ("organisatie", "organisation", "naam organisatie"),
    "type": ("type", "soort"),
    "e-mail": ("e-mail", "email", "e-mailadres", "emailadres"),
}
ORGANISATION_MAX = Invitee._meta.get_field("organisation").max_length


@dataclass(frozen=True)
class InviteeRow:
    organisation: str
    type: str
    email: str


def _type_lookup():
    lookup = {}
    for choice in InviteeType:
        lookup[choice.value] = choice.value
        lookup[str(choice.label).lower()] = choice.value
    return lookup


def _find_columns(headers):
    found, missing = {}, []
    for column, names in COLUMNS.items():
        header = next((h for h in headers if h in names), None)
        if header is None:
            missing.append(_("rij 1: kolom ‘%(column)s’ ontbreekt") % {"column": column})
        found[column] = header
    if missing:
        raise TableError(missing)
    return found


def _check_organisation(value):
    if not value:
        return _("vul de naam van de organisatie in")
    if len(value) > ORGANISATION_MAX:
        return _("de naam is langer dan %(max)s tekens") % {"max": ORGANISATION_MAX}
    return None


def _check_type(value, lookup):
    if value.lower() in lookup:
        return None
    if not value:
        return _("vul het type in")
    return _("‘%(value)s’ is geen bekend type; kies uit %(choices)s") % {
        "value": value,
        "choices": ", ".join(c.value for c in InviteeType),
    }


def _check_email(value, seen):
    if not value:
        return _("vul een e-mailadres in")
    try:
        validate_email(value)
    except ValidationError:
        return _("‘%(value)s’ is geen geldig e-mailadres") % {"value": value}
    if value.lower() in seen:
        return _("%(value)s staat ook al in rij %(row)s") % {"value": value, "row": seen[value.lower()]}
    return None


def _check_row(number, values, columns, lookup, seen):
    organisation = values.get(columns["organisatie"], "").strip()
    type_value = values.get(columns["type"], "").strip()
    email = values.get(columns["e-mail"], "").strip()
    problems = []
    checks = [
        ("organisatie", _check_organisation(organisation)),
        ("type", _check_type(type_value, lookup)),
        ("e-mail", _check_email(email, seen)),
    ]
    for column, problem in checks:
        if problem:
            problems.append(
                _("rij %(row)s, kolom %(column)s: %(problem)s")
                % {"row": number, "column": columns[column], "problem": problem}
            )
    seen.setdefault(email.lower(), number)
    row = InviteeRow(organisation, lookup.get(type_value.lower(), ""), email.lower())
    return row, problems


def parse_invitees(data: bytes) -> list[InviteeRow]:
    """The rows of an invitee file, or `TableError` listing every problem in it."""
    table = read_table(data)
    columns = _find_columns(table.headers)
    if not table.rows:
        raise TableError(_("Het bestand bevat geen genodigden onder de kolomnamen in rij 1."))
    if len(table.rows) > MAX_ROWS:
        raise TableError(_("Het bestand heeft meer dan %(max)s rijen; splits het op.") % {"max": MAX_ROWS})
    lookup, seen, rows, problems = _type_lookup(), {}, [], []
    for number, values in table.rows:
        row, row_problems = _check_row(number, values, columns, lookup, seen)
        rows.append(row)
        problems.extend(row_problems)
    if problems:
        raise TableError(problems)
    return rows
