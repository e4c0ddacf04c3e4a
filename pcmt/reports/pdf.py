"""The report as a PDF: the official header and signature block of `pcmt.documents`, the
figures as its table."""

from pcmt.documents.official import OfficialDocument, Paragraph, ascii_slug
from pcmt.documents.render_pdf import render_pdf
from pcmt.reports.models import Report, ReportStatus
from pcmt.reports.official import COLUMN_HEADERS, report_sheet
from pcmt.reports.selectors import report_latest_version
from pcmt.reports.signing import sign_pdf


def _number(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".replace(",", " ").replace(".", ",")
    return str(value)


def report_document(report: Report) -> OfficialDocument:
    data = report_sheet(report)
    table = [COLUMN_HEADERS]
    bold = set()
    for row in data.rows:
        if "title" in row:
            bold.add(len(table))
            table.append(["", row["title"], "", "", "", ""])
            continue
        if row["total"]:
            bold.add(len(table))
        change = row["change"]
        table.append(
            [
                row["code"],
                row["label"],
                _number(row["period"]),
                _number(row["last_year"]),
                ("+" if change > 0 else "") + _number(change),
                _number(row["cumulative"]),
            ]
        )
    body = []
    if data.version is not None:
        body.append(Paragraph(f"Số liệu đã chốt, phiên bản {data.version}.", style="basis"))
    return OfficialDocument(
        filename=ascii_slug(f"bao-cao-{report.unit.name}-{report.period_end:%Y%m%d}"),
        issuer_lines=data.issuer_lines,
        number=data.number,
        place=data.place,
        date=data.day,
        title=data.title,
        subject=data.period_line,
        body=body,
        table=table,
        table_widths=(12, 62, 22, 24, 22, 23),
        table_bold_rows=frozenset(bold),
        signer_lines=[data.signer_title],
        signer_name=data.signer_name,
    )


def report_pdf_bytes(report: Report) -> bytes:
    """The PDF; once the figures are frozen (submitted, approved) it is signed (PAdES)."""
    document = report_document(report)
    data = render_pdf(document)
    version = report_latest_version(report)
    if report.status == ReportStatus.PREPARED or version is None:
        return data  # a draft: the figures still move
    return sign_pdf(
        data,
        reason=f"{report.template.name} – {report.unit.full_name}, phiên bản {version.number}",
        location=report.unit.name,
    )
