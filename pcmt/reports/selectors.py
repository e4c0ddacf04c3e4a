"""Who may see and act on periodic reports, and the reads of reports.

Commune police officers prepare and submit their commune's report; officers of the
provincial drug unit prepare the province's and review (return or approve) the communes';
police supervisors and the steering committee read them in their scope. Health, social
services and rehab facilities have no need to know: reports do not exist for them.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from pcmt.accounts.models import AgencyKind, DataRole
from pcmt.accounts.scope import Scope, scope_for
from pcmt.core.errors import NotFound
from pcmt.geo.models import AdminUnit
from pcmt.reports.models import Report, ReportStatus, ReportTemplate, ReportVersion
from pcmt.reports.periods import due_on

READING_KINDS = frozenset(
    {AgencyKind.COMMUNE_POLICE, AgencyKind.PROVINCIAL_DRUG_UNIT, AgencyKind.STEERING_COMMITTEE}
)


@dataclass(frozen=True)
class ReportAccess:
    scope: Scope
    reads: bool = False
    prepares: bool = False  # his own unit's report
    reviews: bool = False  # the communes' reports of his province


def report_access(user: Any) -> ReportAccess:
    scope = scope_for(user)
    agency = getattr(user, "agency", None)
    if scope.is_empty or agency is None or agency.kind not in READING_KINDS:
        return ReportAccess(scope)
    if scope.role == DataRole.NONE:
        return ReportAccess(scope)
    police_officer = scope.role == DataRole.OFFICER and agency.kind != AgencyKind.STEERING_COMMITTEE
    reviews = police_officer and agency.kind == AgencyKind.PROVINCIAL_DRUG_UNIT
    return ReportAccess(scope, reads=True, prepares=police_officer, reviews=reviews)


def report_unit_of(user: Any) -> AdminUnit | None:
    """The unit whose report the user prepares: his agency's commune, or its province."""
    if not report_access(user).prepares:
        return None
    return user.agency.unit


def _in_scope(scope: Scope) -> Q:
    if scope.commune_id is not None:
        return Q(unit_id=scope.commune_id)
    return Q(unit_id=scope.province_id) | Q(unit__parent_id=scope.province_id)


def reports_readable(user: Any) -> QuerySet[Report]:
    access = report_access(user)
    if not access.reads:
        return Report.objects.none()
    return Report.objects.filter(_in_scope(access.scope)).select_related("template", "unit")


def report_load(*, scope: Scope, pk: int) -> Report:
    """The lifecycle's loader (the write check follows)."""
    found = Report.objects.filter(_in_scope(scope), pk=pk).select_related("unit").first()
    if found is None or scope.is_empty:
        raise NotFound()
    return found


def report_get(user: Any, pk: int) -> Report:
    found = reports_readable(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def report_can_prepare(user: Any, unit: AdminUnit) -> bool:
    access = report_access(user)
    return access.prepares and unit.pk == (access.scope.commune_id or access.scope.province_id)


def report_can_review(user: Any, report: Report) -> bool:
    access = report_access(user)
    return (
        access.reviews
        and not report.unit.is_province
        and report.unit.parent_id == access.scope.province_id
    )


def templates_in_use() -> QuerySet[ReportTemplate]:
    return ReportTemplate.objects.filter(active=True)


def report_latest_version(report: Report) -> ReportVersion | None:
    return report.versions.order_by("-number").first()


@dataclass(frozen=True)
class CommuneReturn:
    """Where one commune's report stands for the province's summary."""

    commune: AdminUnit
    report: Report | None
    first_submitted: datetime.datetime | None
    late: bool

    @property
    def approved(self) -> bool:
        return self.report is not None and self.report.status == ReportStatus.APPROVED


def commune_returns(report: Report) -> list[CommuneReturn]:
    """Each commune of the province's report: its report of the same period, if any, and
    whether it came in after its deadline (or has not come in and the deadline passed)."""
    # Communes not dissolved by the period's end; a period before the two-level system
    # (1/7/2025) is reported by the communes that took over from the districts.
    communes = AdminUnit.objects.communes().filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=report.period_end),
        parent_id=report.unit_id,
        valid_from__lte=max(report.period_end, timezone.localdate()),
    )
    theirs = {
        found.unit_id: found
        for found in Report.objects.filter(
            template_id=report.template_id,
            period_start=report.period_start,
            period_end=report.period_end,
            unit__parent_id=report.unit_id,
        ).prefetch_related("versions")
    }
    today = timezone.localdate()
    rows = []
    for commune in communes.order_by("name_folded", "pk"):
        found = theirs.get(commune.pk)
        versions = sorted(found.versions.all(), key=lambda v: v.number) if found else []
        first = versions[0].submitted_at if versions else None
        if found is None:
            late = today > _commune_due(report)
        else:
            late = (first.date() if first else today) > found.due_on
        rows.append(CommuneReturn(commune, found, first, late))
    return rows


def _commune_due(report: Report) -> datetime.date:
    return due_on(report.period_end, report.template.commune_due_day)
