"""A list an official works from, as the Excel file he takes away: the rows he sees, with
the filters he chose, and the export recorded in the access log (purpose "export")."""

import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from pcmt.audit.models import Purpose
from pcmt.audit.reads import reads_purpose
from pcmt.core.tabular import write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(
    name: str,
    headers: list[str],
    rows: Iterable[Iterable[Any]],
    *,
    title: str,
    note: str = "",
) -> HttpResponse:
    """The workbook as a download named `name-yyyymmdd.xlsx`; the request's read is an export."""
    reads_purpose(Purpose.EXPORT, note or name)
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows, title=title[:31])
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    filename = f"{name}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
