"""Pages of the QĐ 28/2025 classification (every commune of the scope on a day, one commune's
criteria with the records behind them, the spreadsheet), the drug route mark, and the key
area evaluation form prefilled from the classification."""

import datetime
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pcmt.core.errors import DomainError, NotFound
from pcmt.core.tabular import write_xlsx
from pcmt.geo.models import AdminUnit
from pcmt.places import classification, selectors, services, views
from pcmt.places.forms import DrugRouteForm, KeyAreaEvaluationForm
from pcmt.places.models import DrugRouteMark, KeyArea


def _day(request: HttpRequest) -> tuple[Any, datetime.date]:
    return views._as_of(request)  # the as-of form of the counts pages


def _counting(request: HttpRequest) -> selectors.PlaceAccess:
    access = selectors.place_access(request.user)
    if not access.counts:
        raise Http404
    return access


def _commune(access: selectors.PlaceAccess, code: str) -> AdminUnit:
    commune = access.scope.communes().filter(code=code).first()
    if commune is None:
        raise Http404
    return commune


def _type_label(row: classification.Classification) -> str:
    if row.config is None:
        return _("no rule in force")
    if row.area_type is None:
        return _("not a key area")
    label = _("type %(type)s") % {"type": row.area_type}
    if row.to_confirm:
        label += " (" + _("to confirm") + ")"
    return label


@login_required
def classification_list(request: HttpRequest) -> HttpResponse:
    """Every commune of the scope classified on a day, and the province."""
    access = _counting(request)
    form, day = _day(request)
    rows, province = classification.classification_on(access.scope, day)
    config = classification.config_for(day)
    return render(
        request,
        "places/classification_list.html",
        {
            "form": form,
            "day": day,
            "config": config,
            "rows": [(row, _type_label(row)) for row in rows],
            "province": (province, _type_label(province)) if province else None,
            "criteria": [classification.CRITERION_LABELS[k] for k in classification.CRITERIA],
            "export_query": request.GET.urlencode(),
        },
    )


@login_required
def classification_export(request: HttpRequest) -> HttpResponse:
    """The classification list as a spreadsheet (same day)."""
    access = _counting(request)
    _form, day = _day(request)
    rows, province = classification.classification_on(access.scope, day)
    headers = [_("Code"), _("Commune"), _("Residents")]
    for key in classification.CRITERIA:
        label = str(classification.CRITERION_LABELS[key])
        headers += [label, f"{label} – {_('threshold')}", f"{label} – {_('met')}"]
    headers.append(_("Type"))

    def line(row: classification.Classification, code: str, name: str) -> list[Any]:
        cells: list[Any] = [code, name, row.facts.residents]
        for criterion in row.criteria:
            value = str(criterion.value)
            if criterion.percent is not None:
                value += f" ({str(criterion.percent).replace('.', ',')} %)"
            elif criterion.no_population:
                value += " (" + _("no population figure") + ")"
            cells += [value, criterion.threshold, _("yes") if criterion.met else _("no")]
        cells += [""] * (len(headers) - 1 - len(cells))
        cells.append(_type_label(row))
        return cells

    lines = [line(r, r.commune.code, r.commune.full_name) for r in rows if r.commune]
    if province is not None:
        lines.insert(0, line(province, "", _("Whole province")))
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, lines)
    response = HttpResponse(buffer.getvalue(), content_type=views.XLSX)
    response["Content-Disposition"] = f'attachment; filename="phan-loai-dia-ban-{day:%Y%m%d}.xlsx"'
    return response


@login_required
def classification_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One commune's criteria on a day: value, threshold, met, and (for readers) the records
    behind them; analysts see the numbers only."""
    access = _counting(request)
    commune = _commune(access, code)
    form, day = _day(request)
    row = classification.commune_classification(access.scope, commune, day)
    behind = None
    if access.reads:
        behind = classification.records_behind(
            access.scope, commune, day, row.config or classification.QD_28_2025
        )
    can_write = selectors.place_can_write(request.user, commune)
    marks = DrugRouteMark.objects.filter(commune=commune).select_related("created_by")
    return render(
        request,
        "places/classification_detail.html",
        {
            "form": form,
            "day": day,
            "commune": commune,
            "row": row,
            "type_label": _type_label(row),
            "behind": behind,
            "marks": marks if access.reads else None,
            "route_form": DrugRouteForm() if can_write else None,
            "key_areas": (
                selectors.key_area_list(request.user, commune=commune) if access.reads else None
            ),
        },
    )


@login_required
@require_POST
def drug_route_mark(request: HttpRequest, code: str) -> HttpResponse:
    """Mark the commune as on (or off) a key drug route from a day on."""
    access = selectors.place_access(request.user)
    commune = access.scope.communes().filter(code=code).first()
    if commune is None or not selectors.place_can_write(request.user, commune):
        raise Http404
    form = DrugRouteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    else:
        try:
            services.drug_route_mark_set(actor=request.user, commune=commune, **form.cleaned_data)
        except NotFound as exc:
            raise Http404 from exc
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The drug route mark is saved."))
    return redirect("key_area_classification_detail", code=commune.code)


@login_required
def key_area_evaluation_form(request: HttpRequest, key_area_pk: int) -> HttpResponse:
    """The evaluation form, prefilled from the classification computed on the chosen day."""
    try:
        area = selectors.place_writable_get(KeyArea, request.user, key_area_pk)
    except NotFound as exc:
        raise Http404 from exc
    _form, day = _day(request)
    row = classification.commune_classification(
        selectors.place_access(request.user).scope, area.commune, day
    )
    form = KeyAreaEvaluationForm(initial={"evaluated_on": day, "criteria_met": row.met})
    return render(
        request,
        "places/key_area_evaluation.html",
        {
            "key_area": area,
            "form": form,
            "day": day,
            "row": row,
            "type_label": _type_label(row),
            "action": reverse("key_area_evaluate", kwargs={"key_area_pk": area.pk}),
        },
    )
