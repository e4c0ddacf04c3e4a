"""Who may see and act on periodic reports, and the reads of reports.

Commune police officers prepare and submit their commune's report; officers of the
provincial drug unit prepare the province's and review (return or approve) the communes';
police supervisors and the steering committee read them in their scope. The Ministry's drug
police department (the national level) reads the provinces' reports once submitted, and its
officers review them the same way. Health, social services and rehab facilities have no need
to know: reports do not exist for them.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from pcmt.accounts.models import NATIONAL_KINDS, AgencyKind, DataRole
from pcmt.accounts.scope import Scope, scope_for
from pcmt.core.errors import NotFound
from pcmt.geo.models import AdminUnit, UnitLevel
from pcmt.reports.models import Report, ReportStatus, ReportTemplate, ReportVersion
from pcmt.reports.periods import due_on

READING_KINDS = frozenset(
    {
        AgencyKind.COMMUNE_POLICE,
        AgencyKind.PROVINCIAL_DRUG_UNIT,
        AgencyKind.STEERING_COMMITTEE,
        *NATIONAL_KINDS,
    }
)


@dataclass(frozen=True)
class ReportAccess:
    scope: Scope
    reads: bool = False
    prepares: bool = False  # his own unit's report
    reviews: bool = False  # the communes' reports of his province, or the provinces'

    @property
    def national(self) -> bool:
        return self.scope.national


def report_access(user: Any) -> ReportAccess:
    scope = scope_for(user)
    agency = getattr(user, "agency", None)
    if agency is None or agency.kind not in READING_KINDS or scope.role == DataRole.NONE:
        return ReportAccess(scope)
    if scope.national:
        return ReportAccess(scope, reads=True, reviews=scope.role == DataRole.OFFICER)
    if scope.is_empty:
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
    if scope.national:
        # The provinces' reports once sent up; a prepared one is still the province's draft.
        return Q(unit__level=UnitLevel.PROVINCE) & ~Q(status=ReportStatus.PREPARED)
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
    if found is None or (scope.is_empty and not scope.national):
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
    if not access.reviews:
        return False
    if access.national:
        return report.unit.is_province
    return not report.unit.is_province and report.unit.parent_id == access.scope.province_id


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


@dataclass(frozen=True)
class ProvinceReturn:
    """Where one province's report stands for the national summary."""

    province: AdminUnit
    report: Report | None

    @property
    def approved(self) -> bool:
        return self.report is not None and self.report.status == ReportStatus.APPROVED


def province_returns(
    template: ReportTemplate, start: datetime.date, end: datetime.date
) -> list[ProvinceReturn]:
    """Each province in force at the period's end and its report of the period, if sent up."""
    provinces = AdminUnit.objects.provinces().filter(Q(valid_to__isnull=True) | Q(valid_to__gt=end))
    theirs = {
        found.unit_id: found
        for found in Report.objects.filter(
            template=template,
            period_start=start,
            period_end=end,
            unit__level=UnitLevel.PROVINCE,
        )
        .exclude(status=ReportStatus.PREPARED)
        .prefetch_related("versions")
    }
    return [
        ProvinceReturn(province, theirs.get(province.pk))
        for province in provinces.order_by("name_folded", "pk")
    ]
