"""The two upload formats of DATA.md (`trajectories`, `cqi`) and the checks on their header row."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .indicators import CQI_SUBSCALES, LABELS, PROFILES


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "id" (unique), "pseudonym", "date", "int", "score" (decimal), "choice"
    required: bool = False
    choices: tuple = ()
    minimum: float | None = None
    maximum: float | None = None


TRAJECTORY_COLUMNS = [
    Column("traject_id", "id", required=True),
    Column("client_id", "pseudonym", required=True),
    Column("start_date", "date", required=True),
    Column("end_date", "date"),
    Column("direct_minutes", "int", required=True),
    Column("sessions", "int", required=True),
    Column("profile", "choice", choices=tuple(PROFILES)),
    Column("label", "choice", choices=tuple(LABELS)),
    Column("rom_pre_t", "score"),
    Column("rom_post_t", "score"),
]
CQI_COLUMNS = [
    Column("respondent_id", "id", required=True),
    Column("date", "date", required=True),
    Column("rapportcijfer", "score", minimum=0, maximum=10),
] + [Column(name, "score", minimum=1, maximum=5) for name in CQI_SUBSCALES]
FORMATS = {"trajectories": TRAJECTORY_COLUMNS, "cqi": CQI_COLUMNS}

# DATA.md, Privacy: a column named like a direct identifier refuses the whole file.
IDENTIFIER_WORDS = {
    "bsn",
    "naam",
    "name",
    "geboortedatum",
    "birthdate",
    "dateofbirth",
    "adres",
    "address",
    "email",
    "telefoon",
    "phone",
    "voornaam",
    "achternaam",
    "familienaam",
    "roepnaam",
    "firstname",
    "lastname",
    "fullname",
    "surname",
    "clientname",
    "patientname",
}
# Compound words that start with an identifier: telefoonnummer, adresregel, emailadres, phonenumber.
IDENTIFIER_HEADS = ("telefoon", "geboortedatum", "adres", "address", "email", "phone")
MAX_PROBLEMS = 50


class UploadRefused(Exception):
    """The whole file is refused; `problems` holds the first 50 as `rij N, kolom C: …`."""

    def __init__(self, problems, total=None):
        self.problems = list(problems)[:MAX_PROBLEMS]
        self.total = total if total is not None else len(problems)
        super().__init__("\n".join(self.problems))


def looks_like_identifier(header):
    """`Naam`, `client_naam`, `E-mail`, `birth_date`, `Telefoonnummer`, `clientNaam`… count; the words
    are matched whole (alone, joined with the next word, as the head of a compound, or a Dutch `…naam`), so that a
    harmless column such as `rom_nameting` or `aanname` is ignored like any other extra column."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", header)
    words = [w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w]
    joined = [
        "".join(words[i:j]) for i in range(len(words)) for j in range(i + 2, min(i + 4, len(words) + 1))
    ]
    return any(
        w in IDENTIFIER_WORDS or w.startswith(IDENTIFIER_HEADS) or w.endswith("naam") for w in words + joined
    )


def header_problems(headers, kind):
    """Problems with the header row: identifier columns, duplicates, missing required columns."""
    problems = []
    for header in headers:
        if header and looks_like_identifier(header):
            problems.append(
                _(
                    "rij 1, kolom %(c)s: kolommen met direct identificerende gegevens (zoals naam, BSN, "
                    "adres of geboortedatum) worden niet geaccepteerd; verwijder deze kolom en lever "
                    "alleen gepseudonimiseerde gegevens aan"
                )
                % {"c": header}
            )
    seen = set()
    for header in headers:
        if header and header in seen:
            problems.append(_("rij 1, kolom %(c)s: deze kolom komt meer dan eens voor") % {"c": header})
        seen.add(header)
    for column in FORMATS[kind]:
        if column.required and column.name not in headers:
            problems.append(_("rij 1, kolom %(c)s: deze verplichte kolom ontbreekt") % {"c": column.name})
    return problems


def split_headers(headers, kind):
    """(known columns present in the file, ignored extra columns), both in file order."""
    known = {column.name for column in FORMATS[kind]}
    present = [h for h in headers if h in known]
    ignored = [h for h in headers if h and h not in known]
    return present, ignored


def describe():
    """The formats for the upload page: [(kind label, [(column, required, what it holds)])]."""
    from django.utils.translation import gettext_lazy

    what = {
        "traject_id": gettext_lazy("uniek per behandeltraject"),
        "client_id": gettext_lazy("pseudoniem van de cliënt (nooit een BSN)"),
        "start_date": gettext_lazy("eerste consult"),
        "end_date": gettext_lazy("afsluitdatum; leeg zolang de behandeling loopt"),
        "direct_minutes": gettext_lazy("totale directe tijd in minuten, geheel getal ≥ 0"),
        "sessions": gettext_lazy("aantal behandelconsulten, geheel getal ≥ 0"),
        "profile": gettext_lazy("kort, middel, intensief of chronisch"),
        "label": gettext_lazy("UMAMI of ELEO"),
        "rom_pre_t": gettext_lazy("ROM T-score bij de start"),
        "rom_post_t": gettext_lazy("ROM T-score bij het einde"),
        "respondent_id": gettext_lazy("uniek per ingevulde vragenlijst"),
        "date": gettext_lazy("datum van de vragenlijst"),
        "rapportcijfer": gettext_lazy("0 tot en met 10"),
    }
    subscale = gettext_lazy("CQi-subschaal, 1 tot en met 5")
    from .models import Kind

    return [
        (Kind(kind).label, [(c.name, c.required, what.get(c.name, subscale)) for c in columns])
        for kind, columns in FORMATS.items()
    ]
