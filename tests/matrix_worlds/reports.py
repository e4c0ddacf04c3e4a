"""Periodic reports of commune A: its officer prepares and submits; police supervisors and
the steering committee read; the provincial drug unit's officers (not a matrix persona)
review; health users and outsiders have no reports."""

from typing import Any

from pcmt.reports.models import ReportTemplate
from pcmt.reports.services import ReportInput, report_prepare

WRITE_ROUTES = {
    "report_submit",
    "api_report_submit",
    "report_return",
    "api_report_return",
    "report_approve",
    "api_report_approve",
}
PERSON_PARAMS: set[str] = set()
PARAM_READERS = {"report_pk": {"alice", "sam", "ann"}}
PARAM_WRITERS = {"report_pk": {"alice"}}
# Comparing needs two versions named in the query.
GET_404_ALLOWED = {"report_compare"}


def build(context: dict[str, Any]) -> dict[str, Any]:
    report = report_prepare(
        actor=context["officer"],
        unit=context["commune"],
        data=ReportInput(
            template=ReportTemplate.objects.get(code="drug-periodic"),
            period_kind="quarterly",
            year=2025,
            number=1,
        ),
    )
    return {"report_pk": report.pk}
