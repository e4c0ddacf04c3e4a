"""The home page: it shows what every layer below has for the user, so it sits above them."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pcmt.accounts.scope import scope_for
from pcmt.casework.selectors import worklist_queries
from pcmt.core.extensions import worklist_sections
from pcmt.persons.models import CategoryPeriod
from pcmt.rules.selectors import calendar_notices


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's starting page: his unit and the counts of persons in it by category."""
    scope = scope_for(request.user)
    counts: list[dict[str, object]] = []
    if scope.can_read_aggregates:
        today = timezone.localdate()
        rows = (
            CategoryPeriod.objects.filter(
                scope.province_q("person__managing_province", "person__managing_commune"),
                start_date__lte=today,
                person__merged_into__isnull=True,  # a merged record is counted once, as its target
            )
            .exclude(end_date__lt=today)
            .values("category")
            .annotate(persons=Count("person", distinct=True))
            .order_by("category")
        )
        labels = dict(CategoryPeriod._meta.get_field("category").choices or [])
        counts = [{"label": labels.get(r["category"], r["category"]), **r} for r in rows]
    today = timezone.localdate()
    # Every section, casework's first, is read in two queries (pcmt.core.worklists).
    sections = worklist_sections(scope, today, before=worklist_queries(scope, today))
    # A year whose official calendar is not entered yet makes every deadline provisional.
    notices = calendar_notices(today) if scope.can_read_persons or request.user.is_staff else []
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
        },
    )
