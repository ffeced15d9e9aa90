"""CSV and XLSX downloads of staff lists. One function serves every export."""

import csv
import datetime
import io

from django.http import Http404, HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plain(value):
    """Moments in Amsterdam time as `YYYY-MM-DD HH:MM` (never UTC), dates as `YYYY-MM-DD`."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _csv_value(value):
    value = _plain(value)
    text = "" if value is None else str(value)
    # Cells starting with these would be formulas in a spreadsheet (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _xlsx_cell(sheet, value):
    """Numbers stay numbers; everything else is text, also when it starts with '=' (no formulas)."""
    value = _plain(value)
    if isinstance(value, int | float) or value is None:
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
