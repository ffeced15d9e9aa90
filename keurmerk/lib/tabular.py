"""Reading uploaded tables (CSV or XLSX) the way Dutch spreadsheet exports write them.

CSV: UTF-8 with or without BOM, `,` or `;` as separator. XLSX: the first sheet. Header names are
matched case-insensitively. Rows carry their spreadsheet row number (header = row 1) so that every
message can say `rij N, kolom C: …`.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook


class TableError(Exception):
    def __init__(self, problems):
        self.problems = problems if isinstance(problems, list) else [problems]
        super().__init__("\n".join(self.problems))


@dataclass
class Table:
    headers: list  # lower-cased, stripped
    rows: list  # (row_number, {header: value as str})


def _is_xlsx(data: bytes) -> bool:
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


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


def read_table(data: bytes) -> Table:
    """Read CSV or XLSX (told apart by content, not by name). Empty rows are skipped."""
    if not data:
        raise TableError("Het bestand is leeg.")
    reader = _read_xlsx(data) if _is_xlsx(data) else _read_csv(data)
    rows = iter(reader)
    header = next(rows, None)
    if not header or not any(h.strip() for h in header):
        raise TableError("Rij 1 moet de kolomnamen bevatten.")
    headers = [h.strip().lower() for h in header]
    out, problems = [], []
    for number, values in enumerate(rows, start=2):
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
