"""The consultation report as an XLSX workbook: figures, means, means per respondent type,
distribution of scores and the comments with their dispositions, one sheet each.

`keurmerk.lib.exports.export_response` writes one sheet; the report needs several, hence this
module. Means are written as numbers rounded half-up to one decimal (shown as "5,3" by a Dutch
spreadsheet); text cells are always written as text, never as formulas.
"""

import io

from django.http import HttpResponse
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from keurmerk.lib.exports import XLSX_TYPE
from keurmerk.lib.numbers import round_half_up

from .models import SCALE

BOLD = Font(bold=True)


def _value(value):
    if value is None:
        return None
    if isinstance(value, Promise):  # a lazy translation, e.g. an aspect's label
        return str(value)
    if isinstance(value, int | float | str):
        return value
    return float(round_half_up(value, 1))  # Fraction or Decimal means


def _append(sheet, values, bold=False):
    sheet.append([_value(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # "=…" stays text, never a formula
        elif isinstance(cell.value, float):
            cell.number_format = "0.0"
        if bold:
            cell.font = BOLD


def _aspect_header(results, first):
    return [first, *results.aspect_labels, _("Gemiddelde")]


def _figures_sheet(sheet, results):
    consultation_round = results.round
    rate = results.response_rate
    _append(sheet, [_("Normenkader"), consultation_round.framework.name])
    _append(sheet, [_("Opent op"), date_format(consultation_round.opens_on, "j F Y")])
    _append(sheet, [_("Sluit na"), date_format(consultation_round.closes_on, "j F Y")])
    _append(sheet, [_("Genodigden"), results.invited])
    _append(sheet, [_("Reacties"), results.responses])
    _append(sheet, [_("Respons (%)"), None if rate is None else float(round_half_up(rate * 100, 1))])
    if consultation_round.adopted_on:
        _append(sheet, [_("Vastgesteld op"), date_format(consultation_round.adopted_on, "j F Y")])


def _table_rows(sheet, view, label_first=()):
    for row in view.rows:
        _append(sheet, [*label_first, row.norm.number, *row.cells, row.mean])
    _append(sheet, [*label_first, _("Gemiddelde"), *view.columns, view.overall], bold=True)


def _means_sheet(sheet, results):
    _append(sheet, _aspect_header(results, _("Norm")), bold=True)
    _table_rows(sheet, results.view)


def _by_type_sheet(sheet, results):
    _append(sheet, [_("Type respondent"), *_aspect_header(results, _("Norm"))], bold=True)
    for group in results.by_type:
        if group.table is not None:
            _table_rows(sheet, group.table, label_first=(group.type_label,))


def _distribution_sheet(sheet, results):
    _append(sheet, [_("Norm"), _("Aspect"), *[str(v) for v in SCALE], _("Aantal")], bold=True)
    for item in results.distribution:
        for aspect in item["aspects"]:
            _append(sheet, [item["norm"].number, aspect["label"], *aspect["counts"], aspect["total"]])


def _comments_sheet(sheet, results):
    headers = [
        _("Onderdeel"),
        _("Over"),
        _("Type respondent"),
        _("Opmerking"),
        _("Afweging"),
        _("Toelichting"),
    ]
    _append(sheet, headers, bold=True)
    for row in results.comments:
        disposition = row.disposition
        _append(
            sheet,
            [
                row.heading,
                row.subject,
                row.invitee.get_type_display(),
                row.comment.text,
                disposition.get_kind_display() if disposition else "",
                disposition.explanation if disposition else "",
            ],
        )


def report_workbook(results) -> bytes:
    workbook = Workbook()
    sheets = [
        (_("Cijfers"), _figures_sheet),
        (_("Gemiddelden"), _means_sheet),
        (_("Per type"), _by_type_sheet),
        (_("Verdeling"), _distribution_sheet),
        (_("Opmerkingen"), _comments_sheet),
    ]
    workbook.remove(workbook.active)
    for title, fill in sheets:
        fill(workbook.create_sheet(title=title), results)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_workbook_response(results) -> HttpResponse:
    response = HttpResponse(report_workbook(results), content_type=XLSX_TYPE)
    filename = f"consultatie-{results.round.framework.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
