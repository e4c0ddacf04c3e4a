"""Report deadlines, per level: due within 3 days or overdue.

The worklist has a section of them (`report_deadlines_section`, items about no person, so the
per-person deadline notices leave them out): the level's open reports due and those awaiting
its review, read with the other sections. The home page's card (`report_deadlines`, loaded
apart from the page) adds the periods whose report is not prepared yet, and
`manage.py notify_report_due` sends all of them as notifications to each officer who prepares
or reviews them.
"""

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Exists, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pcmt.accounts.models import AgencyKind, DataRole, User
from pcmt.accounts.scope import Scope
from pcmt.core.extensions import WorkItem
from pcmt.core.worklists import WorklistQuery, as_date
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
    if access.reviews and access.national:
        items += _national_deadlines(today)
    items += [
        _item(r, _("to review"))
        for r in reports
        if access.reviews
        and r.status == ReportStatus.SUBMITTED
        and r.unit_id != getattr(unit, "pk", None)
    ]
    return sorted(items, key=lambda item: item.due)


def _national_deadlines(today: datetime.date) -> list[ReportDeadline]:
    """C04's own deadline (`ministry_due_day`): the national summary of each period ending this
    month, from 3 days ahead until the day itself. No national report records it as done, so
    it is not shown as overdue."""
    horizon = today + datetime.timedelta(days=SOON_DAYS)
    items = []
    for template in templates_in_use():
        for kind, (start, end) in _periods_ending_in(today, template):
            due = due_on(end, template.ministry_due_day)
            if not today <= due <= horizon:
                continue
            url = (
                reverse("report_national")
                + "?"
                + urlencode(
                    {"template": template.pk, "start": start.isoformat(), "end": end.isoformat()}
                )
            )
            name = f"{template.name} ({PeriodKind(kind).label})"
            items.append(ReportDeadline(name, _("Whole country"), _("national summary"), due, url))
    return items


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


def _officer_of(user_id: int, kinds: Iterable[str]) -> Exists:
    """The user is of an agency of one of `kinds` (read inside the section's query)."""
    return Exists(User.objects.filter(pk=user_id, agency__kind__in=list(kinds)))


def report_deadlines_section(
    scope: Scope, today: datetime.date, limit: int
) -> WorklistQuery | None:
    """The worklist's section of the level's reports: the unit's own reports open (prepared or
    returned) and due within 3 days or overdue, and the reports awaiting its review (the
    communes' for the provincial drug unit, the provinces' for the Ministry's department).

    Reports of a period not prepared yet are not rows to list here: the home page's
    deadlines card and `notify_report_due` tell of them."""
    if scope.role != DataRole.OFFICER or scope.user_id is None:
        return None
    horizon = today + datetime.timedelta(days=SOON_DAYS)
    if scope.national:
        wanted = Q(status=ReportStatus.SUBMITTED, unit__level=UnitLevel.PROVINCE)
    elif scope.commune_id is not None or scope.province_id is not None:
        preparers = [k for k in READING_KINDS if k != AgencyKind.STEERING_COMMITTEE]
        wanted = Q(
            _officer_of(scope.user_id, preparers),
            unit_id=scope.commune_id or scope.province_id,
            status__in=OPEN,
            due_on__lte=horizon,
        )
        if scope.commune_id is None:
            wanted |= Q(
                _officer_of(scope.user_id, [AgencyKind.PROVINCIAL_DRUG_UNIT]),
                status=ReportStatus.SUBMITTED,
                unit__parent_id=scope.province_id,
            )
    else:
        return None
    labels = {
        ReportStatus.PREPARED: _("To submit"),
        ReportStatus.RETURNED: _("Returned: to correct and submit again"),
        ReportStatus.SUBMITTED: _("To review"),
    }

    def item(row: dict[str, Any]) -> WorkItem:
        start, end = as_date(row["start"]), as_date(row["end"])
        period = f"{start:%d/%m/%Y}–{end:%d/%m/%Y}" if start and end else ""
        return WorkItem(
            person_id=None,
            person_name=f"{row['template']} ({period})",
            commune_name=row["unit"],
            label=str(labels.get(row["status"], row["status"])),
            due=as_date(row["due"]),
            url=reverse("report_detail", args=[row["id"]]),
        )

    return WorklistQuery(
        key="report_deadlines",
        title=str(_("Reports to send or review")),
        rows=Report.objects.filter(wanted).order_by("due_on", "pk"),
        fields={
            "id": F("pk"),
            "template": F("template__name"),
            "unit": F("unit__name"),
            "status": F("status"),
            "start": F("period_start"),
            "end": F("period_end"),
            "due": F("due_on"),
        },
        item=item,
        commune="unit__name",
        limit=limit,
    )
