"""Report deadlines, per level: due within 3 days or overdue.

Report items are not about a person, so they are not a section of the person worklist (whose
items feed the per-person deadline notices, one worklist per jurisdiction): the home page shows
them in a card of their own, loaded apart from the page (two queries: the templates in use and
the reports concerned), and `manage.py notify_report_due` sends them as notifications to each
officer who prepares or reviews them.
"""

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pcmt.accounts.models import AgencyKind, DataRole, User
from pcmt.geo.models import UnitLevel
from pcmt.notifications.messages import Message
from pcmt.notifications.services import notify
from pcmt.reports.models import PeriodKind, Report, ReportStatus, ReportTemplate
from pcmt.reports.periods import MONTHS, due_on, period_bounds
from pcmt.reports.selectors import (
    READING_KINDS,
    report_access,
    report_unit_of,
    templates_in_use,
)

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


def _item(report: Report, label: str) -> ReportDeadline:
    return ReportDeadline(
        report.template.name,
        report.unit.full_name,
        label,
        report.due_on,
        reverse("report_detail", args=[report.pk]),
    )


def report_deadlines(user: Any, today: datetime.date) -> list[ReportDeadline]:
    """Reports the user's unit must send soon or should have sent, and, for the provincial
    drug unit, the communes' reports waiting for review (for the Ministry's, the provinces')."""
    access = report_access(user)
    unit = report_unit_of(user)
    if unit is None and not access.reviews:
        return []
    month_start = today.replace(day=1)
    wanted = Q(pk__in=[])
    if unit is not None:
        wanted |= Q(unit=unit, period_end__gte=month_start) | Q(
            unit=unit, status__in=OPEN, due_on__lt=month_start
        )
    if access.reviews and access.national:
        wanted |= Q(status=ReportStatus.SUBMITTED, unit__level=UnitLevel.PROVINCE)
    elif access.reviews:
        wanted |= Q(status=ReportStatus.SUBMITTED, unit__parent_id=access.scope.province_id)
    reports = list(Report.objects.filter(wanted).select_related("template", "unit"))
    items: list[ReportDeadline] = []
    if unit is not None:
        mine = {
            (r.template_id, r.period_start, r.period_end): r
            for r in reports
            if r.unit_id == unit.pk
        }
        horizon = today + datetime.timedelta(days=SOON_DAYS)
        for template in templates_in_use():
            day = template.province_due_day if unit.is_province else template.commune_due_day
            for kind, (start, end) in _periods_ending_in(today, template):
                due = due_on(end, day)
                found = mine.pop((template.pk, start, end), None)
                if due > horizon or (found is not None and found.status not in OPEN):
                    continue
                url = reverse("report_detail", args=[found.pk]) if found else reverse("report_list")
                label = _("to submit") if found else _("to prepare and submit")
                name = f"{template.name} ({PeriodKind(kind).label})"
                items.append(ReportDeadline(name, unit.full_name, label, due, url))
        # Older reports still open (returned for correction, or never submitted).
        items += [
            _item(r, r.get_status_display())
            for r in mine.values()
            if r.status in OPEN and r.due_on < month_start
        ]
    items += [
        _item(r, _("to review"))
        for r in reports
        if access.reviews
        and r.status == ReportStatus.SUBMITTED
        and r.unit_id != getattr(unit, "pk", None)
    ]
    return sorted(items, key=lambda item: item.due)


def report_due_users() -> QuerySet[User]:
    """Active users who prepare or review reports: police and Ministry officers."""
    return User.objects.filter(
        is_active=True,
        data_role=DataRole.OFFICER,
        agency__is_active=True,
        agency__kind__in=[kind for kind in READING_KINDS if kind != AgencyKind.STEERING_COMMITTEE],
    ).select_related("agency__unit")


def report_due_notifications_send(today: datetime.date | None = None) -> int:
    """Tell each officer of his level's reports due within 3 days or overdue, once per report,
    period and day due (run daily, beside `notify_due`); returns how many were sent."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=SOON_DAYS)
    sent = 0
    for user in report_due_users():
        with translation.override(settings.LANGUAGE_CODE):
            items = [item for item in report_deadlines(user, today) if item.due <= horizon]
        for item in items:
            late = item.overdue_on(today)
            values = {
                "report": item.report_name,
                "unit": item.unit_name,
                "what": item.label,
                "due": item.due.strftime("%d/%m/%Y"),
            }
            message = Message(
                gettext_noop("%(report)s, %(unit)s: %(what)s, overdue since %(due)s.")
                if late
                else gettext_noop("%(report)s, %(unit)s: %(what)s, due %(due)s."),
                values,
            )
            digest = hashlib.sha256(f"{item.url}|{item.report_name}".encode()).hexdigest()[:16]
            key = f"report-due:{digest}:{item.due:%Y%m%d}:{'late' if late else 'soon'}"
            sent += len(notify([user], message, url=item.url, key=key))
    return sent
