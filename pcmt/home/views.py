"""The home page: it shows what every layer below has for the user, so it sits above them."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from pcmt.accounts.scope import scope_for
from pcmt.casework.selectors import worklist_queries
from pcmt.core.exports import xlsx_response
from pcmt.core.extensions import worklist_sections
from pcmt.persons.models import CategoryPeriod
from pcmt.persons.summaries import PERSONS_IN_CATEGORY
from pcmt.reports.selectors import report_access
from pcmt.rules.selectors import calendar_notices
from pcmt.summaries.services import summary_counts


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's starting page: his unit and the counts of persons in it by category."""
    scope = scope_for(request.user)
    counts: list[dict[str, object]] = []
    unit_id = scope.commune_id or scope.province_id
    if scope.can_read_aggregates and unit_id is not None:
        # A few hundred summary rows, kept with every write (pcmt.persons.summaries).
        found = summary_counts(PERSONS_IN_CATEGORY, unit_id, timezone.localdate())
        labels = dict(CategoryPeriod._meta.get_field("category").choices or [])
        counts = [
            {"category": category, "label": labels.get(category, category), "persons": n}
            for category, n in sorted(found.items())
            if n > 0
        ]
    today = timezone.localdate()
    # Every section, casework's first, is read in two queries (pcmt.core.worklists).
    sections = worklist_sections(scope, today, before=worklist_queries(scope, today))
    # A year whose official calendar is not entered yet makes every deadline provisional.
    notices = (
        calendar_notices(today, administrator=request.user.is_staff)
        if scope.can_read_persons or request.user.is_staff
        else []
    )
    return render(
        request,
        "home/home.html",
        {
            "scope": scope,
            "counts": counts,
            "sections": sections,
            "worklist_count": sum(section.count for section in sections),
            "today": today,
            "calendar_notices": notices,
            # The reports' deadlines load on their own (htmx), outside the page's query budget.
            "may_read_reports": report_access(request.user).reads,
        },
    )


@login_required
def worklist_export(request: HttpRequest) -> HttpResponse:
    """The home page's to-do list, section by section, as an Excel file (recorded as an export)."""
    scope = scope_for(request.user)
    if not scope.can_read_persons:
        raise Http404
    today = timezone.localdate()
    sections = worklist_sections(scope, today, before=worklist_queries(scope, today))
    headers = [_("Section"), _("Person"), _("Commune"), _("What"), _("Due"), _("Overdue")]
    rows = [
        [
            str(section.title),
            item.person_name,
            item.commune_name,
            str(item.label),
            f"{item.due:%d/%m/%Y}" if item.due else "",
            _("Yes") if item.overdue_on(today) else "",
        ]
        for section in sections
        for item in section.items
    ]
    return xlsx_response("viec-can-lam", headers, rows, title=_("To do"), note="worklist")
