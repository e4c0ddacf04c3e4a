"""The report as an Excel file in the official layout, with formulas for totals and changes.

The sheet is laid out cell by cell (merged header cells, a signature block), so it is written
with openpyxl directly; text an administrator typed goes through `tabular.is_formula_like`
so that a label never runs as a formula.
"""

from typing import IO, Any

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from pcmt.core.tabular import is_formula_like
from pcmt.documents.official import MOTTO, NATION
from pcmt.reports.layouts import layout_rows
from pcmt.reports.models import Report
from pcmt.reports.official import COLUMN_HEADERS, report_sheet

FIRST_ROW = 9  # the column headers; figures start below them
WIDTHS = [7, 52, 13, 15, 14, 15]
BOLD = Font(name="Times New Roman", bold=True, size=12)
PLAIN = Font(name="Times New Roman", size=12)
ITALIC = Font(name="Times New Roman", italic=True, size=12)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _put(cell: Any, value: str) -> Any:
    """Text into a cell; formula-like text stays text (typed and quote-prefixed)."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _merged(sheet: Any, cells: str, value: str, font: Font) -> None:
    sheet.merge_cells(cells)
    first = _put(sheet[cells.split(":")[0]], value)
    first.font = font
    first.alignment = CENTRE


def report_workbook(report: Report, target: IO[bytes]) -> None:
    data = report_sheet(report)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Báo cáo"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    issuer = data.issuer_lines + [""] * (2 - len(data.issuer_lines))
    _merged(sheet, "A1:B1", issuer[0], BOLD)
    _merged(sheet, "C1:F1", NATION, BOLD)
    _merged(sheet, "A2:B2", issuer[1], BOLD)
    _merged(sheet, "C2:F2", MOTTO, BOLD)
    _merged(sheet, "A3:B3", data.number, PLAIN)
    _merged(sheet, "C3:F3", data.place_date, ITALIC)
    _merged(sheet, "A5:F5", data.title, BOLD)
    _merged(sheet, "A6:F6", data.period_line, BOLD)
    if data.version is not None:
        _merged(sheet, "A7:F7", f"(Số liệu đã chốt, phiên bản {data.version})", ITALIC)
    for column, header in enumerate(COLUMN_HEADERS, start=1):
        cell = sheet.cell(FIRST_ROW, column, header)
        cell.font, cell.alignment, cell.border = BOLD, CENTRE, BOX
    line = FIRST_ROW
    where: dict[str, int] = {}
    for row in data.rows:
        line += 1
        if "title" in row:
            sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=6)
            _put(sheet.cell(line, 1), row["title"]).font = BOLD
            continue
        where[row["code"]] = line
        _put(sheet.cell(line, 1), row["code"]).alignment = CENTRE
        _put(sheet.cell(line, 2), row["label"]).font = BOLD if row["total"] else PLAIN
        if not row["total"]:
            sheet.cell(line, 3, row["period"])
            sheet.cell(line, 4, row["last_year"])
            sheet.cell(line, 6, row["cumulative"])
        sheet.cell(line, 5, f"=C{line}-D{line}")
        for column in range(1, 7):
            sheet.cell(line, column).border = BOX
    # Totals as formulas over the rows they add (the layout names them).
    for total in layout_rows(data.layout):
        if "sum" not in total:
            continue
        total_line, parts = where[total["code"]], list(total["sum"])
        for letter in ("C", "D", "F"):
            sheet[f"{letter}{total_line}"] = "=" + "+".join(
                f"{letter}{where[part]}" for part in parts
            )
            sheet[f"{letter}{total_line}"].font = BOLD
    sign = line + 2
    _merged(sheet, f"D{sign}:F{sign}", data.signer_title, BOLD)
    _merged(sheet, f"D{sign + 1}:F{sign + 1}", "(Ký, ghi rõ họ tên, đóng dấu)", ITALIC)
    if data.signer_name:
        _merged(sheet, f"D{sign + 5}:F{sign + 5}", data.signer_name, BOLD)
    book.save(target)
