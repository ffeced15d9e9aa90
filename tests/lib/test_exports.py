"""Item 12 of issue 11: every CSV export writes numbers as a Dutch spreadsheet reads them (decimal
comma with the `;` separator), rounded as the pages show them; XLSX keeps numbers numbers."""

import csv
import io
from decimal import Decimal
from fractions import Fraction

from openpyxl import load_workbook

from keurmerk.lib.exports import export_response


def _csv_rows(rows, headers=("a", "b", "c", "d")):
    response = export_response(headers=headers, rows=rows, filename="t", fmt="csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))[1:]


def test_fractions_get_a_decimal_comma_rounded_half_up_as_shown():
    rows = _csv_rows([[249.5185185185185, Decimal("5.25"), Fraction(21, 4), -1.25]])
    assert rows == [["249,5", "5,3", "5,3", "-1,3"]]


def test_whole_numbers_and_text_are_unchanged_and_formulas_stay_text():
    rows = _csv_rows([[27, "=SUM(A1)", "-3 dagen", None]])
    assert rows == [["27", "'=SUM(A1)", "'-3 dagen", ""]]


def test_xlsx_writes_rounded_numbers_as_numbers():
    response = export_response(headers=["a", "b"], rows=[[249.5185185185185, 27]], filename="t", fmt="xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[2]] == [249.5, 27]
    assert sheet["A2"].number_format == "0.0"
