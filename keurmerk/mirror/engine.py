"""DuckDB: checking an upload, writing its Parquet file, and computing the indicators of DATA.md.

Every function takes an open connection (`connect()`), so one upload or one recompute uses one
in-memory DuckDB. The indicator queries are the same for one provider's file and for every
provider's files at once; that is what makes a recompute give the same figures as the upload did.
Scores are kept as DECIMAL(18,9), so sums are exact and means do not depend on the order in which
DuckDB's threads add them up.
"""

# SQL here is built from constants, quoted file paths and integers, never from uploaded text
# (cell values only ever reach DuckDB as data in the staging file).
# ruff: noqa: S608

import csv
import operator

import duckdb
from django.conf import settings
from django.utils.translation import gettext as _

from keurmerk.lib import tabular
from keurmerk.lib.tabular import TableError

from . import formats, store
from .formats import FORMATS, UploadRefused
from .indicators import CQI_SUBSCALES, PROFILE_PREFIX, TRAJECTORY_KEYS, UNKNOWN_PROFILE

MACROS = r"""
CREATE MACRO km_date(v) AS CASE
    WHEN regexp_full_match(v, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}') THEN CAST(try_strptime(v, '%Y-%m-%d') AS DATE)
    WHEN regexp_full_match(v, '[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}') THEN CAST(try_strptime(v, '%d-%m-%Y') AS DATE)
END;
CREATE MACRO km_text(v) AS replace(v, ',', '.');
CREATE MACRO km_is_num(v) AS regexp_full_match(v, '-?[0-9]+([.,][0-9]+)?');
CREATE MACRO km_num(v) AS CASE WHEN km_is_num(v) THEN TRY_CAST(km_text(v) AS DOUBLE) END;
CREATE MACRO km_dec(v) AS CASE WHEN km_is_num(v) THEN TRY_CAST(km_text(v) AS DECIMAL(18, 9)) END;
CREATE MACRO km_int(v) AS CASE WHEN km_is_num(v) THEN TRY_CAST(km_num(v) AS INTEGER) END;
CREATE MACRO km_digit(v, i) AS TRY_CAST(substr(v, i, 1) AS INTEGER);
CREATE MACRO km_is_bsn(v) AS regexp_full_match(v, '[0-9]{9}') AND (
    9 * km_digit(v, 1) + 8 * km_digit(v, 2) + 7 * km_digit(v, 3) + 6 * km_digit(v, 4)
    + 5 * km_digit(v, 5) + 4 * km_digit(v, 6) + 3 * km_digit(v, 7) + 2 * km_digit(v, 8)
    - km_digit(v, 9)) % 11 = 0;
"""


def connect():
    """An in-memory DuckDB. Should it spill to disk, it does so inside the mirror data directory
    (raw rows never land in the project or the system's temporary directory)."""
    con = duckdb.connect(":memory:")
    spill = store.root() / "work" / "duckdb"
    spill.mkdir(parents=True, exist_ok=True)
    con.execute(f"SET temp_directory = {quote(spill)}")
    con.execute(MACROS)
    return con


def quote(text):
    return "'" + str(text).replace("'", "''") + "'"


def ident(name):
    return '"' + name.replace('"', '""') + '"'


# -- reading and checking an upload ---------------------------------------------------------------


def load_upload(con, *, kind, data, work):
    """Read the file into the table `src` (text; every known column; `_row` = spreadsheet row).

    Returns (rows read, known columns in file order, ignored columns). Raises UploadRefused for
    problems with the file as a whole (unreadable, identifier columns, missing columns, no rows).
    """
    try:
        headers, rows = _open_table(data)
    except TableError as exc:
        raise UploadRefused(exc.problems)
    problems = formats.header_problems(headers, kind)
    if problems:
        raise UploadRefused(problems)
    present, ignored = formats.split_headers(headers, kind)
    staging = work / "staging.csv"
    try:
        count = _write_staging(
            staging, rows, [headers.index(name) for name in present], present, len(headers)
        )
    except TableError as exc:
        raise UploadRefused(exc.problems)
    if not count:
        raise UploadRefused([_("Het bestand bevat geen gegevens, alleen een kopregel.")])
    _create_src(con, staging, present, kind)
    return count, present, ignored


def _open_table(data):
    """(lower-cased headers, an iterator over the remaining rows) of a CSV or XLSX file.

    The same reading as `keurmerk.lib.tabular.read_table`, but streamed: a provider's file may
    hold 100,000 rows, and building a dict per row took most of the import's time.
    """
    if not data:
        raise TableError("Het bestand is leeg.")
    xlsx = tabular._is_xlsx(data)
    if xlsx:
        tabular.check_xlsx(data, max_rows=settings.MIRROR_MAX_ROWS)
    rows = _guarded(tabular._read_xlsx(data) if xlsx else tabular._read_csv(data))
    header = next(rows, None)
    if not header or not any(str(h).strip() for h in header):
        raise TableError("Rij 1 moet de kolomnamen bevatten.")
    return [str(h).strip().lower() for h in header], tabular.capped(rows, settings.MIRROR_MAX_ROWS)


def _guarded(rows):
    """A damaged file gives a message, not an error page (openpyxl and csv raise many kinds)."""
    try:
        yield from rows
    except TableError:
        raise
    except Exception:
        raise TableError(
            _(
                "Het bestand kan niet worden gelezen. Sla het opnieuw op als CSV (UTF-8) of als XLSX en probeer het nog eens."
            )
        )


def _write_staging(path, rows, indices, present, columns):
    """Write the known columns as a normalised CSV (`,`, minimal quoting) that DuckDB reads as text,
    with spreadsheet row numbers (header = 1; empty rows are skipped but keep their number). A row
    with a value beyond the last of the file's `columns` is refused, never cut off."""
    pick = operator.itemgetter(*indices, 0)  # the extra item keeps the result a tuple
    width = max(indices) + 1
    count, surplus = 0, []
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["_row", *present])
        for number, values in enumerate(rows, start=2):
            if not "".join(values).strip():
                continue
            if len(values) > columns and (problem := tabular.surplus_problem(number, values, columns)):
                surplus.append(problem)
                continue
            if len(values) < width:
                values = list(values) + [""] * (width - len(values))
            writer.writerow((number, *pick(values)[:-1]))
            count += 1
    if surplus:
        raise TableError(surplus)
    return count


def _create_src(con, staging, present, kind):
    types = ", ".join(f"{quote(n)}: 'VARCHAR'" for n in ["_row", *present])
    con.execute(
        f"CREATE TABLE raw AS SELECT * FROM read_csv({quote(staging)}, header = true, "
        f"auto_detect = false, delim = ',', quote = '\"', escape = '\"', columns = {{{types}}})"
    )
    columns = [
        f"nullif(trim({ident(c.name)}), '') AS {ident(c.name)}"
        if c.name in present
        else f"CAST(NULL AS VARCHAR) AS {ident(c.name)}"
        for c in FORMATS[kind]
    ]
    con.execute(f"CREATE TABLE src AS SELECT CAST(_row AS INTEGER) AS _row, {', '.join(columns)} FROM raw")
    con.execute("DROP TABLE raw")


def _checks(column):
    """(SQL condition, message) for every way a value of `column` can be wrong.

    Messages may hold `{value}` (the cell, shortened) and `{first}` (an earlier row).
    """
    v = ident(column.name)
    checks = []
    if column.required:
        checks.append((f"{v} IS NULL", _("dit veld is verplicht maar leeg")))
    if column.kind == "date":
        message = _("‘{value}’ is geen geldige datum; gebruik JJJJ-MM-DD of DD-MM-JJJJ")
        checks.append((f"{v} IS NOT NULL AND km_date({v}) IS NULL", message))
    if column.kind in ("int", "score"):
        checks += _number_checks(column, v)
    if column.kind == "choice":
        allowed = ", ".join(quote(c.lower()) for c in column.choices)
        message = _("‘{value}’ is geen toegestane waarde; kies uit %(choices)s") % {
            "choices": ", ".join(column.choices)
        }
        checks.append((f"{v} IS NOT NULL AND lower({v}) NOT IN ({allowed})", message))
    if column.kind == "pseudonym":
        message = _(
            "dit is een geldig BSN (het voldoet aan de elfproef); het hele bestand is geweigerd. "
            "Lever alleen gepseudonimiseerde cliëntnummers aan"
        )
        checks.append((f"km_is_bsn({v})", message))
    return checks


def _number_checks(column, v):
    size = "km_int" if column.kind == "int" else "km_dec"
    checks = [
        (f"{v} IS NOT NULL AND NOT km_is_num({v})", _("‘{value}’ is geen getal")),
        (f"km_num({v}) < 0", _("mag niet negatief zijn")),
        (f"km_num({v}) >= 0 AND {size}({v}) IS NULL", _("dit getal is te groot")),
    ]
    if column.kind == "int":
        whole = f"km_num({v}) >= 0 AND km_num({v}) <> floor(km_num({v}))"
        checks.insert(2, (whole, _("moet een geheel getal zijn")))
    if column.minimum is not None:
        condition = f"km_num({v}) >= 0 AND (km_num({v}) < {column.minimum} OR km_num({v}) > {column.maximum})"
        message = _("moet tussen %(a)s en %(b)s liggen") % {"a": column.minimum, "b": column.maximum}
        checks.append((condition, message))
    return checks


def _select(column, position, condition, message, source="src"):
    prefix = _("rij %(row)s, kolom %(column)s: ") % {"row": "{row}", "column": column}
    text = quote(prefix + message)
    for placeholder, expression in (
        ("{row}", "CAST(_row AS VARCHAR)"),
        ("{value}", f"coalesce(left({ident(column)}, 40), '')"),
        ("{first}", "CAST(first AS VARCHAR)"),
    ):
        if placeholder in prefix + message:
            text = f"replace({text}, '{placeholder}', {expression})"
    return f"SELECT _row, {position} AS pos, {text} AS problem FROM {source} WHERE {condition}"


def _problem_selects(kind, order):
    selects = []
    for column in FORMATS[kind]:
        for condition, message in _checks(column):
            selects.append(_select(column.name, order.get(column.name, 999), condition, message))
    id_column = ident(FORMATS[kind][0].name)
    duplicates = (
        f"(SELECT _row, {id_column}, min(_row) OVER (PARTITION BY {id_column}) AS first "
        f"FROM src WHERE {id_column} IS NOT NULL)"
    )
    message = _("‘{value}’ komt ook voor in rij {first}; elke waarde mag maar één keer voorkomen")
    selects.append(
        _select(
            FORMATS[kind][0].name,
            order.get(FORMATS[kind][0].name, 0),
            "_row > first",
            message,
            source=duplicates,
        )
    )
    if kind == "trajectories":
        condition = "km_date(end_date) < km_date(start_date)"
        message = _("de einddatum ligt vóór de startdatum")
        selects.append(_select("end_date", order.get("end_date", 999), condition, message))
    return selects


def check_upload(con, *, kind, present):
    """Raise UploadRefused with the first 50 problems (by row, then column) if there are any."""
    order = {name: position for position, name in enumerate(present)}
    con.execute("CREATE TABLE problems AS " + " UNION ALL ".join(_problem_selects(kind, order)))
    total = con.execute("SELECT count(*) FROM problems").fetchone()[0]
    if total:
        query = f"SELECT problem FROM problems ORDER BY _row, pos LIMIT {formats.MAX_PROBLEMS}"
        raise UploadRefused([row[0] for row in con.execute(query).fetchall()], total)


# -- the Parquet file of one upload ---------------------------------------------------------------

TYPED = {
    "trajectories": """
        traject_id, client_id, km_date(start_date) AS start_date, km_date(end_date) AS end_date,
        km_int(direct_minutes) AS direct_minutes, km_int(sessions) AS sessions,
        lower(profile) AS profile, upper(label) AS label,
        km_dec(rom_pre_t) AS rom_pre_t, km_dec(rom_post_t) AS rom_post_t""",
    "cqi": "respondent_id, km_date(date) AS date, km_dec(rapportcijfer) AS rapportcijfer, "
    + ", ".join(f"km_dec({name}) AS {name}" for name in CQI_SUBSCALES),
}


def write_parquet(con, *, kind, organisation_id, path):
    """Write the checked rows, typed, with the provider's id in every row."""
    con.execute(
        f"COPY (SELECT CAST({int(organisation_id)} AS BIGINT) AS organisation_id, {TYPED[kind]} "
        f"FROM src ORDER BY _row) TO {quote(path)} (FORMAT parquet)"
    )


def counts_per_year(con, *, kind, path):
    """{year: closed trajectories} or {year: CQi responses} in one file."""
    column = "end_date" if kind == "trajectories" else "date"
    rows = con.execute(
        f"SELECT CAST(year({column}) AS INTEGER), count(*) FROM read_parquet({quote(path)}) "
        f"WHERE {column} IS NOT NULL GROUP BY 1 ORDER BY 1"
    ).fetchall()
    return {year: count for year, count in rows}


# -- indicators -------------------------------------------------------------------------------------


def _file_list(files):
    return "[" + ", ".join(quote(f) for f in files) + "]"


def _year_filter(column, year):
    if year is None:
        return ""
    return f" AND {column} BETWEEN DATE '{int(year):04d}-01-01' AND DATE '{int(year):04d}-12-31'"


TRAJECTORY_FIGURES = """
    count(*) AS n_closed,
    avg(direct_minutes) AS direct_minutes_mean,
    quantile_cont(direct_minutes, 0.5) AS direct_minutes_median,
    CASE WHEN any_value(g.minutes) IS NOT NULL
        THEN 100.0::DOUBLE * count(*) FILTER (WHERE direct_minutes <= g.minutes) / count(*) END
        AS pct_within_target,
    100.0::DOUBLE * count(*) FILTER (WHERE sessions <= 2) / count(*) AS pct_two_or_fewer_sessions,
    100.0::DOUBLE * count(*) FILTER (WHERE returned) / count(*) AS pct_return_within_year,
    100.0::DOUBLE * count(*) FILTER (WHERE rom_pre_t IS NOT NULL AND rom_post_t IS NOT NULL) / count(*)
        AS pct_rom_complete,
    avg(rom_pre_t - rom_post_t) AS delta_t_mean,
    avg(rom_pre_t - rom_post_t) / 10 AS effect_size
"""


def _return_window(year):
    """Starts that can make a trajectory closed in `year` a return: after 1 January of `year`,
    at most 365 days after 31 December. Leaving the others out makes the join smaller."""
    if year is None:
        return ""
    return (
        f" AND start_date > DATE '{int(year):04d}-01-01' AND start_date <= DATE '{int(year) + 1:04d}-12-31'"
    )


def _prepare_closed(con, files, targets, year):
    """Tables `closed` (end_date in the year(s), with the return flag) and `targets`."""
    con.execute("CREATE OR REPLACE TEMP TABLE targets (year INTEGER, minutes INTEGER)")
    if targets:
        con.executemany("INSERT INTO targets VALUES (?, ?)", sorted(targets.items()))
    source = f"read_parquet({_file_list(files)})"
    # A client returns when another trajectory at the same provider starts after this end_date and
    # at most 365 days after it; ASOF picks the first start after the end.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE closed AS
        SELECT c.*, CAST(year(c.end_date) AS INTEGER) AS year,
               coalesce(s.start_date <= c.end_date + 365, false) AS returned
        FROM (SELECT organisation_id, client_id, end_date, direct_minutes, sessions, profile, rom_pre_t,
                     rom_post_t
              FROM {source} WHERE end_date IS NOT NULL{_year_filter("end_date", year)}) c
        ASOF LEFT JOIN (SELECT organisation_id, client_id, start_date FROM {source}
                        WHERE start_date IS NOT NULL{_return_window(year)}) s
          ON c.organisation_id = s.organisation_id AND c.client_id = s.client_id
         AND c.end_date < s.start_date
    """)


def trajectory_indicators(con, *, files, targets, year=None):
    """[(organisation id, year, key, value)] for every provider and year in `files` (nulls left out)."""
    if not files:
        return []
    _prepare_closed(con, files, targets, year)
    rows = con.execute(
        f"SELECT f.organisation_id, f.year, {TRAJECTORY_FIGURES} FROM closed f "
        "LEFT JOIN targets g ON g.year = f.year GROUP BY f.organisation_id, f.year"
    ).fetchall()
    out = _long(rows, TRAJECTORY_KEYS)
    mix = con.execute(f"""
        SELECT organisation_id, year, {quote(PROFILE_PREFIX)} || coalesce(profile, {quote(UNKNOWN_PROFILE)}),
               100.0::DOUBLE * count(*) / sum(count(*)) OVER (PARTITION BY organisation_id, year)
        FROM closed GROUP BY 1, 2, 3
    """).fetchall()
    return out + [(org, y, key, float(value)) for org, y, key, value in mix]


def cqi_indicators(con, *, files, year=None):
    """[(organisation id, year, key, value)] of the CQi indicators (nulls left out)."""
    if not files:
        return []
    means = ", ".join(f"avg({name})" for name in ["rapportcijfer", *CQI_SUBSCALES])
    rows = con.execute(
        f"SELECT organisation_id, CAST(year(date) AS INTEGER), count(*), {means} "
        f"FROM read_parquet({_file_list(files)}) WHERE date IS NOT NULL{_year_filter('date', year)} "
        "GROUP BY 1, 2"
    ).fetchall()
    keys = ["cqi_n", "cqi_rapportcijfer_mean"] + [f"cqi_{name}_mean" for name in CQI_SUBSCALES]
    return _long(rows, keys)


def _long(rows, keys):
    return [
        (org, year, key, float(value))
        for org, year, *values in rows
        for key, value in zip(keys, values, strict=True)
        if value is not None
    ]
