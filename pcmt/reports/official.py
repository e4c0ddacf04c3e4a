"""What the Excel and PDF files of a report share: the header, title and signature lines in
the form of administrative documents (Decree 30/2020/NĐ-CP), and the rows as frozen."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from pcmt.documents.official import place_and_date, unit_name, upper
from pcmt.reports.layouts import figure_rows
from pcmt.reports.models import PeriodKind, Report, ReportStatus
from pcmt.reports.selectors import report_latest_version
from pcmt.reports.services import report_shown_figures

# The report's name in the title, by period (the Vietnamese form of the document).
PERIOD_TITLES = {
    PeriodKind.MONTHLY: "THÁNG",
    PeriodKind.QUARTERLY: "QUÝ",
    PeriodKind.SIX_MONTH: "6 THÁNG",
    PeriodKind.NINE_MONTH: "9 THÁNG",
    PeriodKind.YEARLY: "NĂM",
    PeriodKind.AD_HOC: "ĐỘT XUẤT",
}
COLUMN_HEADERS = [
    "STT",
    "Chỉ tiêu",
    "Kỳ báo cáo",
    "Cùng kỳ năm trước",
    "Tăng (+), giảm (-)",
    "Lũy kế từ đầu năm",
]


@dataclass(frozen=True)
class ReportSheet:
    issuer_lines: list[str]
    number: str
    place: str
    day: datetime.date
    place_date: str
    title: str
    period_line: str
    rows: list[dict[str, Any]]
    signer_title: str
    signer_name: str
    version: int | None
    layout: dict[str, Any]


def report_sheet(report: Report, day: datetime.date | None = None) -> ReportSheet:
    latest = report_latest_version(report)
    frozen = latest is not None and report.status != ReportStatus.PREPARED
    layout = latest.figures["layout"] if frozen and latest else report.template.layout
    if day is None:
        day = timezone.localdate(latest.submitted_at) if frozen and latest else timezone.localdate()
    unit = report.unit
    parent = unit.parent if not unit.is_province else None
    body = report.template.issuing_body or "Công an"
    issuer = [upper(f"{body} {unit_name(parent or unit)}")]
    if parent is not None:
        issuer.append(upper(f"{body} {unit_name(unit)}"))
    return ReportSheet(
        issuer_lines=issuer,
        number=f"Số: {report.number or '……'}/BC",
        place=unit.name,
        day=day,
        place_date=place_and_date(unit.name, day),
        title=f"BÁO CÁO {PERIOD_TITLES[PeriodKind(report.period_kind)]}",
        period_line=upper(report.template.name)
        + f" (từ ngày {report.period_start:%d/%m/%Y} đến ngày {report.period_end:%d/%m/%Y})",
        rows=figure_rows(layout, report_shown_figures(report)),
        signer_title="THỦ TRƯỞNG ĐƠN VỊ",
        signer_name=report.signer,
        version=latest.number if frozen and latest else None,
        layout=layout,
    )
