"""Population figures: the list with filters, one figure's entry, and the spreadsheet import."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pcmt.core.errors import DomainError
from pcmt.core.text import fold
from pcmt.core.views import page_number
from pcmt.population import selectors, services
from pcmt.population.forms import FigureFilterForm, FigureForm, ImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _list_context(request: HttpRequest) -> dict[str, object]:
    filters = FigureFilterForm(request.GET or None)
    year = None
    query = ""
    if filters.is_valid():
        year = filters.cleaned_data["year"]
        query = fold(filters.cleaned_data["q"] or "")
    figures = selectors.population_figures(request.user, year=year)
    if query:
        figures = figures.filter(commune__name_folded__contains=query)
    can_write = selectors.population_can_write(request.user)
    return {
        "filters": filters,
        "page": Paginator(figures, 100).get_page(page_number(request)),
        "can_write": can_write,
        "figure_form": FigureForm(communes=selectors.population_writable_communes(request.user))
        if can_write
        else None,
        "import_form": ImportForm() if can_write else None,
    }


@login_required
def population_list(request: HttpRequest) -> HttpResponse:
    if not selectors.population_can_read(request.user):
        raise Http404
    return render(request, "population/figure_list.html", _list_context(request))


@login_required
@require_POST
def population_add(request: HttpRequest) -> HttpResponse:
    if not selectors.population_can_write(request.user):
        raise Http404
    form = FigureForm(request.POST, communes=selectors.population_writable_communes(request.user))
    if form.is_valid():
        try:
            _figure, outcome = services.population_figure_record(
                actor=request.user, data=services.FigureInput(**form.cleaned_data)
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(
                request,
                _("The figure has been saved.")
                if outcome != "unchanged"
                else _("The figure was already recorded."),
            )
            return redirect("population_list")
    context = _list_context(request)
    context["figure_form"] = form
    return render(request, "population/figure_list.html", context, status=400)


@login_required
def population_import(request: HttpRequest) -> HttpResponse:
    if not selectors.population_can_write(request.user):
        raise Http404
    if request.method != "POST":
        return redirect("population_list")
    form = ImportForm(request.POST, request.FILES)
    context = _list_context(request)
    context["import_form"] = form
    if not form.is_valid():
        return render(request, "population/figure_list.html", context, status=400)
    upload = form.cleaned_data["file"]
    try:
        report = services.population_import(
            actor=request.user,
            name=upload.name,
            data=upload,
            default_source=form.cleaned_data["source"],
        )
    except DomainError as error:
        form.add_error("file", str(error.message))
        return render(request, "population/figure_list.html", context, status=400)
    if report.saved:
        messages.success(
            request,
            _(
                "Imported %(rows)s rows: %(created)s new, %(updated)s changed, "
                "%(unchanged)s unchanged."
            )
            % {
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
            },
        )
        return redirect("population_list")
    context["report"] = report
    return render(request, "population/figure_list.html", context, status=400)


@login_required
def population_template(request: HttpRequest) -> HttpResponse:
    if not selectors.population_can_write(request.user):
        raise Http404
    buffer = io.BytesIO()
    services.population_template_xlsx(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-dan-so.xlsx"'
    return response
