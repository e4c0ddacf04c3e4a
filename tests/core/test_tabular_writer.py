"""The one spreadsheet writer: text that a spreadsheet would run is written as text."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from pcmt.core.tabular import csv_cell, is_formula_like, write_csv, write_xlsx, xlsx_book

DANGEROUS = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def read_back(data: bytes) -> list[list[openpyxl.cell.Cell]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows()]


def test_formula_like_text_is_written_as_text_with_its_exact_value():
    target = io.BytesIO()
    write_xlsx(target, ["Họ tên"], [[text] for text in DANGEROUS])
    rows = read_back(target.getvalue())
    assert [row[0].value for row in rows[1:]] == DANGEROUS
    assert {row[0].data_type for row in rows[1:]} == {"s"}
    assert all(row[0].quotePrefix for row in rows[1:])


def test_numbers_and_dates_stay_typed_and_plain_text_is_unmarked():
    target = io.BytesIO()
    day = datetime.date(2025, 10, 1)
    write_xlsx(target, ["a", "b", "c", "d", "e"], [[12, 1.5, Decimal("2.25"), day, "Nguyễn An"]])
    cells = read_back(target.getvalue())[1]
    assert [c.data_type for c in cells] == ["n", "n", "n", "d", "s"]
    assert cells[3].value.date() == day
    assert not cells[4].quotePrefix


def test_a_signed_number_in_text_is_not_taken_for_a_formula():
    assert not is_formula_like("-12")
    assert not is_formula_like("+84912345678")
    assert is_formula_like("-12+3")


def test_a_book_has_several_sheets_with_title_lines_and_widths():
    target = io.BytesIO()
    with xlsx_book(target) as book:
        first = book.sheet("A long sheet title past thirty-one characters", widths=[30, 12])
        first.append(["=1+1", 2])
        book.sheet("Second", header_block=[["Round", "01/10/2025"]], headers=["x"])
    loaded = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    assert loaded.sheetnames == ["A long sheet title past thirty-", "Second"]
    sheet = loaded.worksheets[0]
    assert sheet["A1"].data_type == "s" and sheet["A1"].value == "=1+1"
    assert sheet.column_dimensions["A"].width == 30
    assert [c.value for c in loaded.worksheets[1]["A"]] == ["Round", "x"]


def test_csv_cells_that_would_run_get_an_apostrophe():
    target = io.StringIO()
    assert write_csv(target, ["name", "n"], [[text, -3] for text in DANGEROUS]) == len(DANGEROUS)
    rows = list(csv.reader(io.StringIO(target.getvalue())))
    assert [row[0] for row in rows[1:]] == [f"'{text}" for text in DANGEROUS]
    assert {row[1] for row in rows[1:]} == {"-3"}
    assert csv_cell("Trần Bình") == "Trần Bình"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("=+-@\t\r 1aĐ.,()\"'"), max_size=12), max_size=8))
def test_no_text_ever_leaves_the_writer_as_a_formula(texts):
    target = io.BytesIO()
    write_xlsx(target, ["x"], [[text] for text in texts])
    cells = [row[0] for row in read_back(target.getvalue())[1:]]
    assert all(cell.data_type != "f" for cell in cells)
    assert [cell.value or "" for cell in cells] == texts
