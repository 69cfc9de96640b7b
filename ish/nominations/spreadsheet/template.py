"""The Excel template coordinators fill in: headers with comments, drop-downs, a sheet of lists."""

import io

import openpyxl
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django_countries import countries
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ish.nominations.spreadsheet.columns import (
    COLUMNS,
    LISTS,
    MAX_ROWS,
    SHEET,
    TEXT_FORMAT_COLUMNS,
    XLSX,
    Column,
)
from ish.seasons.models import ResearchField, Season
from ish.seasons.names import field_name
from ish.spreadsheets import write_cell


def build_template(season: Season) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = str(SHEET)
    lists = workbook.create_sheet(str(LISTS))
    workbook.properties.title = _("%(season)s: nominations") % {"season": season}
    workbook.properties.subject = f"ISH {season.year}"
    workbook.properties.creator = "ISH Manager"
    workbook.properties.keywords = f"ish-nominations season={season.year}"

    country_range = _write_list(lists, 1, _("Nationality"), [(c, n) for c, n in countries])
    fields = [
        (slug, field_name(name))
        for slug, name in ResearchField.objects.order_by("slug").values_list("slug", "name")
    ]
    field_range = _write_list(lists, 4, _("Research field"), fields)
    lists.protection.sheet = True

    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F0")
    for index, column in enumerate(COLUMNS, start=1):
        cell = write_cell(sheet, 1, index, str(column.header))
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        cell.comment = Comment(column.hint, "ISH Manager", height=90, width=260)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.kind == "date":
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
        elif column.key in TEXT_FORMAT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
        validation = _validation(column, country_range, field_range)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    sheet.freeze_panes = "A2"

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_list(lists, column: int, title: str, rows: list[tuple[str, str]]) -> str | None:
    """Codes in `column`, names beside them; the range of the codes, for a drop-down. Research
    fields are named by organisers: a name is written as text, never as a formula."""
    write_cell(lists, 1, column, title).font = Font(bold=True)
    for row, (code, name) in enumerate(rows, start=2):
        write_cell(lists, row, column, code)
        write_cell(lists, row, column + 1, str(name))
    letter = get_column_letter(column)
    lists.column_dimensions[letter].width = 16
    lists.column_dimensions[get_column_letter(column + 1)].width = 40
    # Quoted: the sheet's name is translated, and may hold spaces or other scripts.
    quoted = "'{}'".format(lists.title.replace("'", "''"))
    return f"{quoted}!${letter}$2:${letter}${len(rows) + 1}" if rows else None


def _validation(column: Column, country_range, field_range) -> DataValidation | None:
    message = column.hint
    if column.kind == "choice":
        rule = DataValidation("list", formula1='"{}"'.format(",".join(column.choices)))
    elif column.kind == "country" and country_range:
        rule = DataValidation("list", formula1=country_range)
    elif column.kind == "field" and field_range:
        rule = DataValidation("list", formula1=field_range)
    elif column.kind == "date":
        rule = DataValidation("date", operator="greaterThan", formula1="DATE(1900,1,1)")
    elif column.key == "graduation_year":
        rule = DataValidation("whole", operator="between", formula1="2000", formula2="2100")
    elif column.key == "rank":
        rule = DataValidation("whole", operator="greaterThanOrEqual", formula1="1")
    else:
        return None
    rule.allow_blank = True
    rule.showErrorMessage = rule.showInputMessage = True
    rule.error, rule.errorTitle = message, str(column.header)
    rule.prompt, rule.promptTitle = message, str(column.header)
    return rule


def template_response(season: Season) -> HttpResponse:
    response = HttpResponse(build_template(season), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ish-{season.year}-nominations.xlsx"'
    return response
