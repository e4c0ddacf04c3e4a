"""Person pages: search and list, the person's page with timeline, create and edit."""

from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pcmt.accounts.scope import scope_for
from pcmt.core.errors import DomainError
from pcmt.core.exports import xlsx_response
from pcmt.core.extensions import person_deadlines, person_sections
from pcmt.core.views import form_error, is_htmx, not_found_as_404
from pcmt.persons import lookups, selectors, services
from pcmt.persons.forms import (
    CategoryAddForm,
    CategoryEndForm,
    MergeForm,
    PersonForm,
    SearchForm,
    UnmergeForm,
)
from pcmt.persons.models import AccessChannel, CategoryPeriod, Person


@login_required
@require_http_methods(["GET", "POST"])
def person_list(request: HttpRequest) -> HttpResponse:
    """Search and list the persons in the user's jurisdiction.

    A search by ID number or phone comes as a POST, so the number never enters an address;
    a POSTed name search is answered at its GET address (pushed by htmx, or redirected).
    """
    scope = scope_for(request.user)
    if not scope.can_read_persons:
        raise Http404
    data_in = request.POST if request.method == "POST" else request.GET
    form = SearchForm(data_in or None, scope=scope)
    result = None
    number = ""
    if form.is_valid() or not data_in:
        data = form.cleaned_data if form.is_bound else {}
        text = data.get("q") or ""
        number = lookups.number_kind(text)
        if request.method == "POST" and not number and not is_htmx(request):
            return redirect(_get_url(request))
        try:
            if number and request.method == "GET":
                raise lookups.NumberInAddress()
            if number:
                lookups.number_lookup_begin(request.user, text)
            result = _search(scope, data)
        except DomainError as error:
            form_error(form, error)
    context = {
        "form": form,
        "result": result,
        "can_write": scope.can_write_persons,
        # Pages of a number search would put the number in the address: it has one page.
        "querystring": "" if number else _querystring(request),
        # The export posts the same filters (a number never enters an address).
        "export_params": [
            (k, v) for k, v in data_in.items() if k not in ("csrfmiddlewaretoken", "page") and v
        ],
    }
    template = "persons/_results.html" if is_htmx(request) else "persons/person_list.html"
    response = render(request, template, context)
    if is_htmx(request) and request.method == "POST":
        # A name search gets its address (back button, bookmark); a number never does.
        response["HX-Push-Url"] = reverse("person_list") if number else _get_url(request)
    return response


@login_required
@require_POST
def person_export(request: HttpRequest) -> HttpResponse:
    """The search's results, with its filters, as an Excel file (recorded as an export)."""
    scope = scope_for(request.user)
    if not scope.can_read_persons:
        raise Http404
    form = SearchForm(request.POST, scope=scope)
    if not form.is_valid():
        return redirect("person_list")
    data = {**form.cleaned_data, "page": 1}
    text = data.get("q") or ""
    try:
        if lookups.number_kind(text):
            lookups.number_lookup_begin(request.user, text)
        result = _search(scope, data, size=selectors.COUNT_CAP)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("person_list")
    headers = [_("Full name"), _("Born"), _("Sex"), _("Managing commune")]
    rows = [
        [p.full_name, p.birth_display, p.get_sex_display(), p.managing_commune.name]
        for p in result.persons
    ]
    return xlsx_response("doi-tuong", headers, rows, title=_("Persons"), note="person_list")


def _search(scope: Any, data: dict[str, Any], size: int = 25) -> selectors.SearchPage:
    commune = data.get("commune")
    return selectors.person_search(
        scope=scope,
        query=selectors.SearchQuery(
            text=data.get("q") or "",
            category=data.get("category") or "",
            commune_id=commune.pk if commune else None,
            age_min=data.get("age_min"),
            age_max=data.get("age_max"),
        ),
        page=data.get("page") or 1,
        size=size,
    )


def _get_url(request: HttpRequest) -> str:
    """The address of a posted name search."""
    params = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken" and v}
    return (
        f"{reverse('person_list')}?{urlencode(params, quote_via=quote)}"
        if params
        else reverse("person_list")
    )


def _querystring(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
@not_found_as_404
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's page: identity, residence, categories and one timeline."""
    scope = scope_for(request.user)
    person = selectors.person_get(scope=scope, pk=pk, user=request.user, channel=AccessChannel.WEB)
    # The periods once for the lists, the open categories and the timeline.
    prefetch_related_objects(
        [person],
        Prefetch("category_periods", CategoryPeriod.objects.select_related("recorded_by")),
    )
    context = {
        "person": person,
        "secrets": selectors.person_secrets(person),
        "aliases": person.aliases.all(),
        "open_categories": selectors.open_categories(person),
        "periods": person.category_periods.all(),
        "timeline": selectors.person_timeline(person, with_events=True),
        # A sending commune keeps reading a person who moved away, but no longer writes.
        "can_write": scope.can_write_persons and scope.reaches_commune(person.managing_commune),
        "category_form": CategoryAddForm(initial={"start_date": timezone.localdate()}),
        "today": timezone.localdate(),
        "end_form": CategoryEndForm(initial={"end_date": timezone.localdate()}),
        "sections": person_sections(request, person, scope),
        "merge_form": MergeForm(),
        "unmerge_form": UnmergeForm(),
        "merged_records": list(person.merged_records.all()),
        "deadlines": person_deadlines(person),
    }
    return render(request, "persons/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@not_found_as_404
def person_create(request: HttpRequest) -> HttpResponse:
    """Register a person, warning of likely duplicates before saving."""
    scope = scope_for(request.user)
    if not scope.can_write_persons:
        raise Http404
    form = PersonForm(request.POST or None, request.FILES or None, scope=scope)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_register(
                actor=request.user,
                data=form.to_input(),
                acknowledge_duplicates=form.cleaned_data["acknowledge_duplicates"],
            )
        except services.DuplicateWarning as warning:
            duplicates = warning
            form.add_error(None, str(warning.message))
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The person has been registered."))
            return redirect("person_detail", pk=person.pk)
    return render(
        request,
        "persons/person_form.html",
        {"form": form, "duplicates": duplicates, "person": None},
    )


def _initial(person: Person, secrets: dict[str, str]) -> dict[str, object]:
    return {
        "full_name": person.full_name,
        "aliases": ", ".join(a.name for a in person.aliases.all()),
        "birth_date": person.birth_date,
        "birth_year": None if person.birth_date else person.birth_year,
        "sex": person.sex,
        "id_number": secrets["id_number"],
        "id_warning_override": person.id_warning_override,
        "old_id_number": secrets["old_id_number"],
        "phone": secrets["phone"],
        "ethnicity": person.ethnicity,
        "occupation": person.occupation,
        "permanent_address": person.permanent_address,
        "permanent_commune": person.permanent_commune_id,
        "current_address": person.current_address,
        "current_commune": person.current_commune_id,
        "current_village": person.current_village_id,
    }


@login_required
@require_http_methods(["GET", "POST"])
@not_found_as_404
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a person's record; each change is written to the event log."""
    scope = scope_for(request.user)
    person = selectors.person_get(scope=scope, pk=pk)
    # Read through an emergency grant or a move is not write: the form is not offered.
    if not (scope.can_write_persons and scope.reaches_commune(person.managing_commune)):
        raise Http404
    initial = _initial(person, selectors.person_secrets(person))
    initial["version"] = person.version
    form = PersonForm(request.POST or None, request.FILES or None, scope=scope, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                actor=request.user,
                person=person,
                data=form.to_input(),
                # A form without its version is treated as stale: the officer sees the record.
                version=form.cleaned_data.get("version") or 0,
            )
        except services.StaleVersion as error:
            form_error(form, error)
            # What the officer typed is kept; saving again now applies it over what changed.
            data = request.POST.copy()
            data["version"] = str(error.current)
            form.data = data
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("person_detail", pk=person.pk)
    return render(
        request, "persons/person_form.html", {"form": form, "person": person, "duplicates": None}
    )


@login_required
@require_POST
@not_found_as_404
def person_category_add(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_for(request.user)
    person = selectors.person_get(scope=scope, pk=pk)
    if not scope.can_write_persons:
        raise Http404
    form = CategoryAddForm(request.POST)
    if form.is_valid():
        try:
            services.person_category_add(actor=request.user, person=person, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The category has been added."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("person_detail", pk=person.pk)


@login_required
@require_POST
@not_found_as_404
def person_category_end(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    scope = scope_for(request.user)
    person = selectors.person_get(scope=scope, pk=pk)
    if not scope.can_write_persons:
        raise Http404
    period = CategoryPeriod.objects.filter(person=person, pk=period_pk).first()
    if period is None:
        raise Http404
    form = CategoryEndForm(request.POST)
    if form.is_valid():
        try:
            services.person_category_end(actor=request.user, period=period, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The category period has been ended."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("person_detail", pk=person.pk)


@login_required
@not_found_as_404
def person_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Photos live outside the web root and are served only through the jurisdiction check."""
    person = selectors.person_get(scope=scope_for(request.user), pk=pk)
    if not person.photo:
        raise Http404
    handle = person.photo.open("rb")
    content_type = services.photo_type(handle.read(8)) or "application/octet-stream"
    handle.seek(0)
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


def _merge_action(request: HttpRequest, pk: int, *, undo: bool) -> HttpResponse:
    scope = scope_for(request.user)
    person = selectors.person_get(scope=scope, pk=pk)
    if not scope.can_write_persons:
        raise Http404
    form = UnmergeForm(request.POST) if undo else MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("person_detail", pk=person.pk)
    try:
        if undo:
            services.person_merge_undo(actor=request.user, person=person, **form.cleaned_data)
        else:
            services.person_merge(actor=request.user, person=person, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("The merge has been undone.") if undo else _("The records are merged.")
        )
    return redirect("person_detail", pk=person.pk)


@login_required
@require_POST
@not_found_as_404
def person_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge this record into another record of the same person."""
    return _merge_action(request, pk, undo=False)


@login_required
@require_POST
@not_found_as_404
def person_unmerge(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo the merge of this record."""
    return _merge_action(request, pk, undo=True)
