"""Writes of periodic reports: preparing one; the figures a submission freezes.

Submitting, returning and approving are the transitions of `lifecycles.REPORT`.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from pcmt.audit.services import event_record
from pcmt.core.errors import DomainError, NotFound
from pcmt.geo.models import AdminUnit
from pcmt.reports.layouts import figures_add, figures_compute
from pcmt.reports.models import (
    REPORT_STREAM,
    PeriodKind,
    Report,
    ReportAction,
    ReportStatus,
    ReportTemplate,
)
from pcmt.reports.periods import due_on, period_bounds
from pcmt.reports.selectors import (
    ProvinceReturn,
    commune_returns,
    province_returns,
    report_can_prepare,
    report_latest_version,
)

Figures = dict[str, dict[str, int | float]]


@dataclass(frozen=True)
class ReportInput:
    template: ReportTemplate
    period_kind: str
    year: int
    number: int = 1
    period_start: datetime.date | None = None  # ad hoc periods only
    period_end: datetime.date | None = None
    report_number: str = ""
    signer: str = ""


def _bounds(data: ReportInput) -> tuple[datetime.date, datetime.date]:
    if data.period_kind == PeriodKind.AD_HOC:
        if data.period_start is None or data.period_end is None:
            raise DomainError(
                "report_period_missing", _("An ad hoc report needs its first and last day.")
            )
        if data.period_end < data.period_start:
            raise DomainError(
                "report_period_order", _("The last day is before the first."), "period_end"
            )
        return data.period_start, data.period_end
    try:
        return period_bounds(data.period_kind, data.year, data.number)
    except (ValueError, KeyError):
        raise DomainError(
            "report_period_unknown", _("This period does not exist."), "number"
        ) from None


def report_prepare(*, actor: Any, unit: AdminUnit, data: ReportInput) -> Report:
    """Open a unit's report for a period (one per template, unit and period)."""
    if not report_can_prepare(actor, unit):
        raise NotFound()
    if data.period_kind not in data.template.period_kinds:
        raise DomainError(
            "report_period_kind", _("This template is not used for this period."), "period_kind"
        )
    start, end = _bounds(data)
    day = data.template.province_due_day if unit.is_province else data.template.commune_due_day
    try:
        with transaction.atomic():
            report = Report.objects.create(
                template=data.template,
                unit=unit,
                period_kind=data.period_kind,
                period_start=start,
                period_end=end,
                due_on=due_on(end, day),
                status=ReportStatus.PREPARED,
                number=data.report_number,
                signer=data.signer,
                prepared_by=actor,
            )
            event_record(
                stream=REPORT_STREAM,
                subject_id=report.pk,
                actor=actor,
                action=ReportAction.PREPARED,
                changes={
                    "status": [None, ReportStatus.PREPARED],
                    "period_start": [None, start.isoformat()],
                    "period_end": [None, end.isoformat()],
                },
            )
    except IntegrityError:
        raise DomainError(
            "report_exists", _("This unit already has this report for this period.")
        ) from None
    return report


def report_figures(report: Report) -> Figures:
    """The figures as they stand: a commune's from the registries, a province's added up
    from its communes' approved reports (their last submitted versions)."""
    layout = report.template.layout
    if not report.unit.is_province:
        return figures_compute(layout, report.unit, report.period_start, report.period_end)
    parts = []
    for found in commune_returns(report):
        if found.approved and found.report is not None:
            version = report_latest_version(found.report)
            if version is not None:
                parts.append(version.figures["values"])
    return figures_add(layout, parts)


def national_figures(
    template: ReportTemplate, start: datetime.date, end: datetime.date
) -> tuple[Figures, list[ProvinceReturn]]:
    """The national summary: the provinces' approved reports of the period added up (their
    last submitted versions), with where each province's report stands."""
    returns = province_returns(template, start, end)
    parts = []
    for found in returns:
        if found.approved and found.report is not None:
            version = report_latest_version(found.report)
            if version is not None:
                parts.append(version.figures["values"])
    return figures_add(template.layout, parts), returns


def report_shown_figures(report: Report) -> Figures:
    """What the report says: the last frozen version once submitted, else the live figures."""
    if report.status != ReportStatus.PREPARED:
        version = report_latest_version(report)
        if version is not None:
            return version.figures["values"]
    return report_figures(report)
