"""The administrators' page of the official working-day calendar."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pcmt.rules.calendar import CalendarLineError, calendar_lines, parse_calendar_lines
from pcmt.rules.forms import CalendarYearForm
from pcmt.rules.models import CalendarYear
from pcmt.rules.selectors import calendar_notices, official_year, working_calendar
from pcmt.rules.services import calendar_year_replace

FIRST_YEAR, LAST_YEAR = 2022, 2100


def _require_staff(request: HttpRequest) -> None:
    # Configuration is for administrators; others are told nothing is here.
    if not request.user.is_staff:
        raise Http404


@login_required
@require_GET
def calendar_year_list(request: HttpRequest) -> HttpResponse:
    """The years in use, official or provisional, with their documents."""
    _require_staff(request)
    today = timezone.localdate()
    years = range(today.year - 1, today.year + 3)
    calendar = working_calendar(datetime.date(years[0], 1, 1), datetime.date(years[-1], 1, 1))
    headers = {h.year: h for h in CalendarYear.objects.filter(year__in=list(years))}
    rows = [(calendar.year(y), headers.get(y)) for y in years]
    return render(
        request,
        "rules/calendar_year_list.html",
        {"rows": rows, "notices": calendar_notices(today)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_year_edit(request: HttpRequest, year: int) -> HttpResponse:
    """Enter or replace a year's calendar from the government's notice."""
    _require_staff(request)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    header = CalendarYear.objects.filter(year=year).first()
    shown = official_year(year) or working_calendar(datetime.date(year, 1, 1)).year(year)
    if request.method == "POST":
        form = CalendarYearForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                entries = parse_calendar_lines(
                    data["days"],
                    year=year,
                    document=data["document"],
                    document_date=data["document_date"],
                    issuer=data["issuer"],
                )
            except CalendarLineError as exc:
                form.add_error(
                    "days",
                    _(
                        "Line %(line)s is not a day of %(year)s in the form dd/mm/yyyy; nghỉ or "
                        "làm bù; name (a working day must be a Saturday or Sunday; each day once)."
                    )
                    % {"line": exc.line, "year": year},
                )
            else:
                calendar_year_replace(
                    actor=request.user,
                    year=year,
                    document=data["document"],
                    document_date=data["document_date"],
                    issuer=data["issuer"],
                    note=data["note"],
                    entries=entries,
                )
                messages.success(
                    request, _("The %(year)s calendar is now official.") % {"year": year}
                )
                return redirect("calendar_year_list")
    else:
        form = CalendarYearForm(
            initial={
                "document": header.document if header else "",
                "document_date": header.document_date.strftime("%d/%m/%Y") if header else "",
                "issuer": header.issuer if header else "",
                "note": header.note if header else "",
                "days": calendar_lines(shown),
            }
        )
    return render(
        request,
        "rules/calendar_year_edit.html",
        {"form": form, "year": year, "calendar": shown, "header": header},
    )
