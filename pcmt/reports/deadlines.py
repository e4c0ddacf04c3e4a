"""Report deadlines for the home page: due within 3 days or overdue, per level.

Report items are not about a person, so they are not a section of the person worklist (whose
items feed the per-person deadline notices); the home page shows them in a card of their own.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from pcmt.reports.models import PeriodKind, Report, ReportStatus, ReportTemplate
from pcmt.reports.periods import MONTHS, due_on, period_bounds
from pcmt.reports.selectors import report_access, report_unit_of, reports_readable, templates_in_use

SOON_DAYS = 3
OPEN = (ReportStatus.PREPARED, ReportStatus.RETURNED)


@dataclass(frozen=True)
class ReportDeadline:
    report_name: str
    unit_name: str
    label: str
    due: datetime.date
    url: str

    def overdue_on(self, today: datetime.date) -> bool:
        return self.due < today


def _periods_ending_in(month: datetime.date, template: ReportTemplate) -> list[tuple[str, Any]]:
    """The template's periods (not ad hoc) whose last month is `month`'s."""
    found = []
    for kind in template.period_kinds:
        if kind == PeriodKind.AD_HOC or kind not in MONTHS:
            continue
        months = MONTHS[PeriodKind(kind)]
        if kind in (PeriodKind.MONTHLY, PeriodKind.QUARTERLY):
            if month.month % months:
                continue
            found.append((kind, period_bounds(kind, month.year, month.month // months)))
        elif month.month == months:
            found.append((kind, period_bounds(kind, month.year)))
    return found


def report_deadlines(user: Any, today: datetime.date) -> list[ReportDeadline]:
    """Reports the user's unit must send soon or should have sent, and, for the provincial
    drug unit, the communes' reports waiting for review."""
    access = report_access(user)
    if not access.reads:
        return []
    items: list[ReportDeadline] = []
    unit = report_unit_of(user)
    horizon = today + datetime.timedelta(days=SOON_DAYS)
    if unit is not None:
        # This month's periods not yet submitted.
        mine = {
            (r.template_id, r.period_start, r.period_end): r
            for r in Report.objects.filter(unit=unit, period_end__year=today.year)
        }
        for template in templates_in_use():
            day = template.province_due_day if unit.is_province else template.commune_due_day
            for kind, (start, end) in _periods_ending_in(today, template):
                due = due_on(end, day)
                found = mine.get((template.pk, start, end))
                if due > horizon or (found and found.status not in OPEN):
                    continue
                url = reverse("report_detail", args=[found.pk]) if found else reverse("report_list")
                label = _("to submit") if found else _("to prepare and submit")
                items.append(
                    ReportDeadline(
                        f"{template.name} ({PeriodKind(kind).label})",
                        unit.full_name,
                        label,
                        due,
                        url,
                    )
                )
        # Older reports still open (returned for correction, or never submitted).
        for report in Report.objects.filter(
            unit=unit,
            status__in=OPEN,
            due_on__lt=today.replace(day=1),
        ).select_related("template"):
            items.append(
                ReportDeadline(
                    report.template.name,
                    unit.full_name,
                    report.get_status_display(),
                    report.due_on,
                    reverse("report_detail", args=[report.pk]),
                )
            )
    if access.reviews:
        for report in reports_readable(user).filter(
            status=ReportStatus.SUBMITTED, unit__parent_id=access.scope.province_id
        ):
            items.append(
                ReportDeadline(
                    report.template.name,
                    report.unit.full_name,
                    _("to review"),
                    report.due_on,
                    reverse("report_detail", args=[report.pk]),
                )
            )
    return sorted(items, key=lambda item: item.due)
