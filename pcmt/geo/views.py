"""The unit browser: provinces, their communes, and a commune's villages."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pcmt.core.errors import DomainError
from pcmt.core.extensions import may_keep_commune
from pcmt.core.text import fold
from pcmt.core.views import page_number
from pcmt.geo import services
from pcmt.geo.models import AdminUnit, VillageKind


class VillageForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=VillageKind.choices)


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    """The provinces in force; units are public reference data, open to every user."""
    query = fold(request.GET.get("q", ""))[:60]
    provinces = AdminUnit.objects.provinces().in_force()
    if query:
        provinces = provinces.filter(name_folded__contains=query)
    return render(request, "geo/unit_list.html", {"provinces": provinces, "q": query})


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(AdminUnit, code=code)
    context: dict[str, object] = {"unit": unit}
    if unit.is_province:
        query = fold(request.GET.get("q", ""))[:60]
        communes = unit.children.order_by("name")
        if query:
            communes = communes.filter(name_folded__contains=query)
        context["page"] = Paginator(communes, 60).get_page(page_number(request))
        context["q"] = query
    else:
        context["villages"] = unit.villages.filter(is_active=True).order_by("name")
        context["legacy_sources"] = unit.legacy_sources.select_related("legacy_unit__parent")
        context["can_edit_villages"] = may_keep_commune(request.user, unit)
        context["village_form"] = VillageForm()
    return render(request, "geo/unit_detail.html", context)


@login_required
def address_preview(request: HttpRequest) -> HttpResponse:
    """What an address typed in a form resolves to (an htmx fragment)."""
    from pcmt.geo.address import address_resolve

    text = (request.GET.get("permanent_address") or request.GET.get("text") or "")[:300]
    result = address_resolve(text) if text.strip() else None
    return render(request, "geo/_resolution.html", {"result": result})


@login_required
def village_add(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(AdminUnit.objects.communes(), code=code)
    if request.method != "POST":
        return redirect("unit_detail", code=code)
    if not may_keep_commune(request.user, unit):
        raise Http404
    form = VillageForm(request.POST)
    if form.is_valid():
        try:
            services.village_add(actor=request.user, commune=unit, **form.cleaned_data)
        except (DomainError, IntegrityError) as error:
            messages.error(request, str(getattr(error, "message", error)))
        else:
            messages.success(request, _("The village has been added."))
    else:
        messages.error(request, _("Enter the name and kind of the village."))
    return redirect("unit_detail", code=code)
