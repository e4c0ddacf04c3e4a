"""The report as an Excel file in the official layout, with formulas for totals and changes.

Written through the one spreadsheet writer (`core.tabular.XlsxForm`): labels from a template
are text even when they look like formulas; totals and changes are `Formula` values.
"""

from typing import IO

from openpyxl.styles import Alignment, Border, Font, Side

from pcmt.core.tabular import Formula, XlsxForm
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


def report_workbook(report: Report, target: IO[bytes]) -> None:
    data = report_sheet(report)
    form = XlsxForm("Báo cáo")
    form.widths(WIDTHS)
    issuer = [*data.issuer_lines, ""][:2]
    # The header's two columns: the issuing body and number; the national motto, place, date.
    form.merge(1, 1, 1, 2, issuer[0], font=BOLD, alignment=CENTRE)
    form.merge(1, 3, 1, 6, NATION, font=BOLD, alignment=CENTRE)
    form.merge(2, 1, 2, 2, issuer[1], font=BOLD, alignment=CENTRE)
    form.merge(2, 3, 2, 6, MOTTO, font=BOLD, alignment=CENTRE)
    form.merge(3, 1, 3, 2, data.number, font=PLAIN, alignment=CENTRE)
    form.merge(3, 3, 3, 6, data.place_date, font=ITALIC, alignment=CENTRE)
    form.merge(5, 1, 5, 6, data.title, font=BOLD, alignment=CENTRE)
    form.merge(6, 1, 6, 6, data.period_line, font=BOLD, alignment=CENTRE)
    if data.version is not None:
        note = f"(Số liệu đã chốt, phiên bản {data.version})"
        form.merge(7, 1, 7, 6, note, font=ITALIC, alignment=CENTRE)
    for column, header in enumerate(COLUMN_HEADERS, start=1):
        form.put(FIRST_ROW, column, header, font=BOLD, alignment=CENTRE, border=BOX)
    line = FIRST_ROW
    where: dict[str, int] = {}
    for row in data.rows:
        line += 1
        if "title" in row:
            form.merge(line, 1, line, 6, row["title"], font=BOLD)
            continue
        where[row["code"]] = line
        font = BOLD if row["total"] else PLAIN
        form.put(line, 1, row["code"], alignment=CENTRE, border=BOX)
        form.put(line, 2, row["label"], font=font, border=BOX)
        for column, key in ((3, "period"), (4, "last_year"), (6, "cumulative")):
            form.put(line, column, None if row["total"] else row[key], font=font, border=BOX)
        form.put(line, 5, Formula(f"C{line}-D{line}"), font=font, border=BOX)
    # Totals as formulas over the rows they add, as the frozen layout names them.
    for total in layout_rows(data.layout):
        if "sum" in total:
            at = where[total["code"]]
            for column, letter in ((3, "C"), (4, "D"), (6, "F")):
                parts = "+".join(f"{letter}{where[part]}" for part in total["sum"])
                form.put(at, column, Formula(parts), font=BOLD, border=BOX)
    sign = line + 2
    form.merge(sign, 4, sign, 6, data.signer_title, font=BOLD, alignment=CENTRE)
    form.merge(
        sign + 1, 4, sign + 1, 6, "(Ký, ghi rõ họ tên, đóng dấu)", font=ITALIC, alignment=CENTRE
    )
    if data.signer_name:
        form.merge(sign + 5, 4, sign + 5, 6, data.signer_name, font=BOLD, alignment=CENTRE)
    form.save(target)
