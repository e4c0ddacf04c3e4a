"""Pages of review rounds: each view checks access, validates, calls one service, renders."""

import tempfile
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pcmt.accounts.models import DataRole
from pcmt.accounts.scope import scope_for
from pcmt.census import selectors, services
from pcmt.census.forms import MappingForm, ReviewForm, RoundForm, UploadForm
from pcmt.census.tabular import FIELDS, TEMPLATE_HEADERS, template_xlsx
from pcmt.core.errors import DomainError
from pcmt.core.views import form_error, not_found_as_404, page_number

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS_PER_PAGE = 50


def _errors(request: HttpRequest, form: Any) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def _xlsx_response(write: Any, filename: str) -> FileResponse:
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX)


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    """The review rounds of the user's province."""
    scope = scope_for(request.user)
    if scope.role == DataRole.NONE or scope.is_empty:
        raise Http404
    rounds = selectors.rounds_visible(scope).select_related("province")
    can_create = scope.role == DataRole.SUPERVISOR and scope.province_id is not None
    return render(request, "census/round_list.html", {"rounds": rounds, "can_create": can_create})


@login_required
@require_http_methods(["GET", "POST"])
@not_found_as_404
def round_create(request: HttpRequest) -> HttpResponse:
    """Supervisors of the province open a round."""
    scope = scope_for(request.user)
    if scope.role != DataRole.SUPERVISOR or scope.province_id is None:
        raise Http404
    form = RoundForm(
        request.POST or None,
        agencies=selectors.agencies_of_province(scope.province_id),
        communes=selectors.communes_of_province(scope.province_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The round has been opened."))
            return redirect("round_detail", round_pk=round_.pk)
    return render(request, "census/round_form.html", {"form": form})


@login_required
@not_found_as_404
def round_detail(request: HttpRequest, round_pk: int) -> HttpResponse:
    """Where each agency stands, the lists the user may read, and the round's counts."""
    scope = scope_for(request.user)
    round_ = selectors.round_get(scope=scope, pk=round_pk)
    context = {
        "round": round_,
        "participants": selectors.round_participants(round_),
        "submissions": selectors.round_submissions(scope, round_),
        "totals": selectors.round_totals(round_),
        "communes": list(round_.communes.all()),
        "can_manage": selectors.can_manage(scope, round_),
        "can_upload": selectors.can_upload(scope, request.user, round_),
        "import_jobs": selectors.import_jobs(request.user, round_),
        "upload_form": UploadForm(),
        "review_form": ReviewForm(),
    }
    return render(request, "census/round_detail.html", context)


def _mapping_page(
    request: HttpRequest, round_: Any, form: MappingForm, headers: list[str]
) -> HttpResponse:
    return render(
        request,
        "census/mapping.html",
        {"round": round_, "form": form, "headers": headers},
    )


def _mapping_form(round_: Any, headers: list[str], data: Any = None, **kwargs: Any) -> MappingForm:
    required = list(services.REQUIRED_FIELDS)
    if len(round_.categories) != 1:
        required.append("category")
    return MappingForm(data, headers=headers, required=required, **kwargs)


def _started(request: HttpRequest, started: services.ImportStarted) -> HttpResponse:
    """The list given before, or the page that follows the reading and checking of the new one."""
    if started.existing is not None:
        return _imported(request, services.ImportResult(started.existing, created=False))
    assert started.job is not None
    messages.info(request, _("The list is being read and checked; this page shows how far."))
    return redirect("job_detail", job_pk=started.job.pk)


def _imported(request: HttpRequest, result: services.ImportResult) -> HttpResponse:
    submission = result.submission
    if not result.created:
        messages.info(request, _("This list had already been given: nothing new was created."))
    elif submission.status == "rejected":
        messages.error(
            request,
            _("All or nothing: %(count)s rows were refused, so no row was kept.")
            % {"count": submission.invalid_rows},
        )
    else:
        messages.success(
            request,
            _("List stored: %(valid)s rows kept, %(invalid)s refused.")
            % {"valid": submission.valid_rows, "invalid": submission.invalid_rows},
        )
    return redirect("submission_detail", submission_pk=submission.pk)


@login_required
@require_POST
@not_found_as_404
def round_upload(request: HttpRequest, round_pk: int) -> HttpResponse:
    """Upload a list; a file whose headers are not the template's goes to the mapping step."""
    scope = scope_for(request.user)
    round_ = selectors.round_get(scope=scope, pk=round_pk)
    if not scope.can_write_persons:
        raise Http404
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        _errors(request, form)
        return redirect("round_detail", round_pk=round_.pk)
    try:
        started = services.submission_upload_start(
            actor=request.user,
            round_=round_,
            file=form.cleaned_data["file"],
            all_or_nothing=form.cleaned_data["all_or_nothing"],
        )
    except services.MappingRequired as needed:
        initial = {f"map_{name}": str(index) for name, index in needed.found.items()}
        initial |= {
            "token": needed.token,
            "name": needed.name,
            "all_or_nothing": form.cleaned_data["all_or_nothing"],
        }
        mapping = _mapping_form(round_, needed.headers, initial=initial)
        return _mapping_page(request, round_, mapping, needed.headers)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("round_detail", round_pk=round_.pk)
    return _started(request, started)


@login_required
@require_POST
@not_found_as_404
def round_upload_map(request: HttpRequest, round_pk: int) -> HttpResponse:
    """The mapping step: read the kept file with the columns the user chose."""
    scope = scope_for(request.user)
    round_ = selectors.round_get(scope=scope, pk=round_pk)
    if not scope.can_write_persons:
        raise Http404
    token = request.POST.get("token", "")
    name = request.POST.get("name", "")
    try:
        staged = services.staged_headers(actor=request.user, round_=round_, token=token, name=name)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("round_detail", round_pk=round_.pk)
    form = _mapping_form(round_, staged.headers, request.POST)
    if form.is_valid():
        try:
            started = services.submission_import_start(
                actor=request.user,
                round_=round_,
                token=form.cleaned_data["token"],
                name=form.cleaned_data["name"],
                mapping=form.mapping(),
                all_or_nothing=form.cleaned_data["all_or_nothing"],
            )
        except DomainError as error:
            field = f"map_{error.field}" if f"map_{error.field}" in form.fields else None
            form.add_error(field, str(error.message))
        else:
            return _started(request, started)
    return _mapping_page(request, round_, form, staged.headers)


@login_required
@require_POST
@not_found_as_404
def round_extract(request: HttpRequest, round_pk: int) -> HttpResponse:
    """Give the agency's list as an extract of the registry on the cut-off date."""
    scope = scope_for(request.user)
    round_ = selectors.round_get(scope=scope, pk=round_pk)
    if not scope.can_write_persons:
        raise Http404
    try:
        result = services.registry_extract(actor=request.user, round_=round_)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("round_detail", round_pk=round_.pk)
    return _imported(request, result)


@login_required
@require_POST
@not_found_as_404
def round_review(request: HttpRequest, round_pk: int, participant_pk: int) -> HttpResponse:
    """A supervisor accepts an agency's list or returns it with a note."""
    scope = scope_for(request.user)
    round_ = selectors.round_get(scope=scope, pk=round_pk)
    if not selectors.can_manage(scope, round_):
        raise Http404
    participant = selectors.participant_get(scope=scope, round_=round_, pk=participant_pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
    else:
        try:
            services.round_agency_review(
                actor=request.user, participant=participant, **form.cleaned_data
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The agency's status has been changed."))
    return redirect("round_detail", round_pk=round_.pk)


@login_required
@require_POST
@not_found_as_404
def round_finish(request: HttpRequest, round_pk: int) -> HttpResponse:
    """Close the round: no more lists."""
    scope = scope_for(request.user)
    round_ = selectors.round_get(scope=scope, pk=round_pk)
    if not selectors.can_manage(scope, round_):
        raise Http404
    try:
        services.round_close(actor=request.user, round_=round_)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The round is closed."))
    return redirect("round_detail", round_pk=round_.pk)


@login_required
@not_found_as_404
def submission_detail(request: HttpRequest, submission_pk: int) -> HttpResponse:
    """A list's counts and its refused (and flagged) rows with their reasons."""
    scope = scope_for(request.user)
    submission = selectors.submission_get(scope=scope, pk=submission_pk)
    show = request.GET.get("show", "invalid")
    rows = selectors.problem_rows(submission, include_warnings=show == "flagged")
    page = Paginator(rows, ROWS_PER_PAGE).get_page(page_number(request))
    mapping = [
        (
            TEMPLATE_HEADERS[name],
            submission.headers[index] if index < len(submission.headers) else "",
        )
        for name in FIELDS
        if isinstance(index := submission.mapping.get(name), int)
    ]
    context = {
        "submission": submission,
        "page": page,
        "show": show,
        "mapping": mapping,
    }
    return render(request, "census/submission_detail.html", context)


@login_required
@not_found_as_404
def submission_report(request: HttpRequest, submission_pk: int) -> FileResponse:
    """The refused and flagged rows as they were written, with a reason column."""
    scope = scope_for(request.user)
    submission = selectors.submission_get(scope=scope, pk=submission_pk)
    return _xlsx_response(
        lambda target: selectors.error_report_write(submission, target),
        f"loi-danh-sach-{submission.pk}.xlsx",
    )


@login_required
def census_template(request: HttpRequest) -> FileResponse:
    """The list template: the header row and one example row."""
    if scope_for(request.user).is_empty:
        raise Http404
    return _xlsx_response(template_xlsx, "mau-danh-sach-ra-soat.xlsx")
