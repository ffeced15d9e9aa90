"""CSV and XLSX downloads of staff lists. One function serves every export."""

import csv
import datetime
import io
from decimal import Decimal
from fractions import Fraction

from django.http import Http404, HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .numbers import format_decimal_nl, round_half_up

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Pages show figures with one decimal (DATA.md, Indicators); exports write them as shown.
SHOWN_PLACES = 1


def _plain(value):
    """Moments in Amsterdam time as `YYYY-MM-DD HH:MM` (never UTC), dates as `YYYY-MM-DD`."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _is_fraction(value):
    return isinstance(value, float | Decimal | Fraction)


def _csv_value(value):
    """A number as a Dutch spreadsheet reads it with the `;` separator: decimal comma, no thousands
    mark, rounded half-up as the page shows it (249.5185… → "249,5"); whole numbers stay whole."""
    value = _plain(value)
    if _is_fraction(value):
        return format_decimal_nl(value, SHOWN_PLACES)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    # Cells starting with these would be formulas in a spreadsheet (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _xlsx_cell(sheet, value):
    """Numbers stay numbers; everything else is text, also when it starts with '=' (no formulas)."""
    value = _plain(value)
    if _is_fraction(value):
        cell = WriteOnlyCell(sheet, value=float(round_half_up(value, SHOWN_PLACES)))
        cell.number_format = "0.0"
        return cell
    if isinstance(value, int) or value is None:
        return value
    cell = WriteOnlyCell(sheet, value=str(value))
    cell.data_type = "s"
    return cell


def export_response(*, headers, rows, filename, fmt):
    """`rows` is an iterable of sequences matching `headers`; `fmt` is 'csv' or 'xlsx' (else 404)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if fmt == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(list(headers))
        for row in rows:
            sheet.append([_xlsx_cell(sheet, v) for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
