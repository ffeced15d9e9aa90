"""Reading uploaded tables (CSV or XLSX) the way Dutch spreadsheet exports write them.

CSV: UTF-8 with or without BOM, `,` or `;` as separator. XLSX: the first sheet. Header names are
matched case-insensitively. Rows carry their spreadsheet row number (header = row 1) so that every
message can say `rij N, kolom C: …`.
"""

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from openpyxl import load_workbook

# Spreadsheets are ZIP files, so a small file can unpack to a huge one (a "zip bomb"). The sizes the
# ZIP directory declares are checked before anything is unpacked (Python's zipfile never unpacks a
# member beyond its declared size), and so is the row count the sheet declares in its dimension.
MAX_XLSX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_XLSX_RATIO = 100  # how many times a member may grow when unpacked (real sheets: 5 to 20 times)
RATIO_FROM_BYTES = 1024 * 1024  # small members may compress as well as they like
DIMENSION_RE = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+[0-9]+:[A-Z]+([0-9]+)\"")


class TableError(Exception):
    def __init__(self, problems):
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__("\n".join(self.problems))


@dataclass
class Table:
    headers: list  # lower-cased, stripped
    rows: list  # (row_number, {header: value as str})


def _is_xlsx(data) -> bool:
    """Whether `data` (bytes or a seekable binary file) is an XLSX file."""
    if isinstance(data, bytes | bytearray):
        if not data.startswith(b"PK"):
            return False
        data = io.BytesIO(data)
    else:
        data.seek(0)
        if data.read(2) != b"PK":
            return False
    try:
        with zipfile.ZipFile(data) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def check_xlsx(data, *, max_rows: int, max_unpacked: int = MAX_XLSX_UNPACKED_BYTES) -> None:
    """Refuse an XLSX file (bytes or a seekable binary file) that unpacks too large, grows
    suspiciously when unpacked, or declares more than `max_rows` rows, before any of it is parsed
    (TableError with a Dutch message)."""
    source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    with zipfile.ZipFile(source) as archive:
        members = archive.infolist()
        if sum(m.file_size for m in members) > max_unpacked:
            raise TableError(
                f"Het XLSX-bestand is uitgepakt groter dan {max_unpacked // (1024 * 1024)} MB. "
                "Sla het op als CSV of splits het op."
            )
        for member in members:
            grows = member.file_size / max(member.compress_size, 1)
            if member.file_size > RATIO_FROM_BYTES and grows > MAX_XLSX_RATIO:
                raise TableError(
                    "Het XLSX-bestand is niet gewoon opgeslagen (het pakt uit tot meer dan "
                    f"{MAX_XLSX_RATIO} keer zijn grootte). Sla het opnieuw op als CSV of XLSX."
                )
        try:
            rows = _declared_rows(archive)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            raise TableError("Het XLSX-bestand is beschadigd. Sla het opnieuw op en probeer het nog eens.")
    if rows is not None and rows - 1 > max_rows:
        raise TableError(
            f"Het bestand heeft {rows - 1} rijen met gegevens; het maximum is {max_rows}. "
            "Splits het bestand op of lever alleen de gevraagde jaren aan."
        )


def _declared_rows(archive):
    """The last row number the first sheet declares (its <dimension>), or None without one."""
    sheets = sorted(n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
    if not sheets:
        return None
    with archive.open(sheets[0]) as handle:
        head = handle.read(4096)
    found = DIMENSION_RE.search(head)
    return int(found.group(1)) if found else None


def capped(rows, max_rows: int, *, first_row: int = 2):
    """`rows` (after the header), refusing with TableError once more than `max_rows` are read: a
    file without a truthful dimension is stopped there instead of being read to its end."""
    for number, row in enumerate(rows, start=first_row):
        if number - first_row >= max_rows:
            raise TableError(
                f"Het bestand heeft meer dan {max_rows} rijen met gegevens. "
                "Splits het bestand op of lever alleen de gevraagde jaren aan."
            )
        yield row


def _cell(value):
    if value is None:
        return ""
    if hasattr(value, "date") and hasattr(value, "hour"):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data):
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows(values_only=True):
        yield [_cell(v) for v in row]


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError("Het bestand is geen UTF-8-tekst. Sla het op als CSV (UTF-8) of als XLSX.")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def read_table(data: bytes, *, max_rows: int = 20_000) -> Table:
    """Read CSV or XLSX (told apart by content, not by name). Empty rows are skipped; more than
    `max_rows` rows are refused (these are lists of organisations or invitees, not data sets)."""
    if not data:
        raise TableError("Het bestand is leeg.")
    if _is_xlsx(data):
        check_xlsx(data, max_rows=max_rows)
    reader = _read_xlsx(data) if _is_xlsx(data) else _read_csv(data)
    rows = iter(reader)
    header = next(rows, None)
    if not header or not any(h.strip() for h in header):
        raise TableError("Rij 1 moet de kolomnamen bevatten.")
    headers = [h.strip().lower() for h in header]
    out, problems = [], []
    for number, values in enumerate(capped(rows, max_rows), start=2):
        if not any(str(v).strip() for v in values):
            continue
        problem = surplus_problem(number, values, len(headers))
        if problem:
            problems.append(problem)
            continue
        padded = list(values) + [""] * (len(headers) - len(values))
        out.append((number, {h: str(v).strip() for h, v in zip(headers, padded, strict=False) if h}))
    if problems:
        raise TableError(problems[:50])
    return Table(headers=headers, rows=out)


def surplus_problem(number, values, width):
    """The message for row `number` when it has a value beyond the last of `width` columns (never
    dropped silently: most often a separator inside a value, such as `2020;2021` in a file separated
    by `;`, that needs quotes); None when it has not."""
    if len(values) <= width or not any(str(v).strip() for v in values[width:]):
        return None
    count = max(i for i, v in enumerate(values) if str(v).strip()) + 1
    return (
        f"rij {number}: deze rij heeft meer waarden ({count}) dan er kolommen zijn ({width}). "
        "Staat het scheidingsteken ook in een waarde? Zet die waarde dan tussen aanhalingstekens, "
        'bijvoorbeeld "2020;2021".'
    )


def require_columns(table: Table, required):
    missing = [c for c in required if c not in table.headers]
    if missing:
        raise TableError([f"rij 1: kolom ‘{c}’ ontbreekt" for c in missing])
