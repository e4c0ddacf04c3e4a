"""Pages of the reconciliation: each view checks access, validates, calls one service, renders."""

import tempfile
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pcmt.accounts.scope import scope_for
from pcmt.census import selectors as census
from pcmt.census.models import Round
from pcmt.core.errors import DomainError
from pcmt.core.views import not_found_as_404, page_number
from pcmt.reconcile import selectors, services
from pcmt.reconcile.export import results_write
from pcmt.reconcile.forms import DecisionForm, RegisterForm
from pcmt.reconcile.models import Band

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAIRS_PER_PAGE = 20
GROUPS_PER_PAGE = 20
PERSONS_PER_PAGE = 100


def _round(request: HttpRequest, round_pk: int) -> Round:
    return census.round_get(scope=scope_for(request.user), pk=round_pk)


def _deciding(request: HttpRequest, round_pk: int) -> Round:
    round_ = _round(request, round_pk)
    if not selectors.can_decide(request.user, round_):
        raise Http404
    return round_


@login_required
@require_GET
@not_found_as_404
def reconcile_round(request: HttpRequest, round_pk: int) -> HttpResponse:
    """The round's linking: start it, watch its progress (a reload shows the latest run)."""
    round_ = _round(request, round_pk)
    started = selectors.latest_started(round_)
    context = {
        "round": round_,
        "started": started,
        "job": started.job if started else None,
        "run": selectors.latest_run(round_),
        "can_decide": selectors.can_decide(request.user, round_),
        "rows": selectors.round_rows(round_).count(),
    }
    return render(request, "reconcile/round.html", context)


@login_required
@require_POST
@not_found_as_404
def reconcile_start(request: HttpRequest, round_pk: int) -> HttpResponse:
    round_ = _deciding(request, round_pk)
    try:
        services.run_start(actor=request.user, round_=round_)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Linking has started; the progress shows below."))
    return redirect("reconcile_round", round_pk=round_.pk)


@login_required
@require_GET
@not_found_as_404
def reconcile_review(request: HttpRequest, round_pk: int) -> HttpResponse:
    """Candidate pairs side by side with their evidence, the groups, and the decisions."""
    round_ = _deciding(request, round_pk)
    run = selectors.latest_run(round_)
    band = request.GET.get("band", Band.REVIEW)
    band = band if band in (*Band.values, "all") else Band.REVIEW
    page = pairs = None
    groups: list[Any] = []
    groups_page = None
    if run is not None:
        page = Paginator(selectors.candidates(run, band), PAIRS_PER_PAGE).get_page(
            page_number(request)
        )
        # Only the clusters of the records on this page, and one page of groups.
        keys = {k for c in page for k in (c.left_key, c.right_key)}
        cluster = selectors.cluster_of_keys(run, keys)
        pairs = [selectors.candidate_view(c, cluster) for c in page]
        groups_page = Paginator(selectors.group_clusters(run), GROUPS_PER_PAGE).get_page(
            page_number(request, "groups_page")
        )
        groups = selectors.groups_of(run, [row["cluster"] for row in groups_page])
    context = {
        "round": round_,
        "run": run,
        "band": band,
        "bands": [(b.value, b.label) for b in Band],
        "page": page,
        "pairs": pairs,
        "groups": groups,
        "groups_page": groups_page,
        "decisions": selectors.decisions(round_)[:100],
    }
    return render(request, "reconcile/review.html", context)


def _back(request: HttpRequest, round_: Round) -> HttpResponse:
    target = request.POST.get("next", "")
    review = reverse("reconcile_review", kwargs={"round_pk": round_.pk})
    return redirect(target if target.startswith(review) else review)


@login_required
@require_POST
@not_found_as_404
def reconcile_decide(request: HttpRequest, round_pk: int) -> HttpResponse:
    round_ = _deciding(request, round_pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision and the records it is about."))
        return _back(request, round_)
    try:
        services.decision_record(actor=request.user, round_=round_, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The decision has been recorded."))
    return _back(request, round_)


@login_required
@require_POST
@not_found_as_404
def reconcile_undo(request: HttpRequest, round_pk: int, decision_pk: int) -> HttpResponse:
    round_ = _deciding(request, round_pk)
    decision = selectors.decision_get(round_=round_, pk=decision_pk)
    try:
        services.decision_undo(actor=request.user, round_=round_, decision=decision)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The decision has been undone."))
    return _back(request, round_)


@login_required
@require_GET
@not_found_as_404
def reconcile_results(request: HttpRequest, round_pk: int) -> HttpResponse:
    """The reconciled count per commune × category; names only for those who may read them."""
    round_ = _round(request, round_pk)
    run = selectors.latest_run(round_)
    with_names = selectors.can_read_names(request.user, round_)
    persons = unregistered = None
    if run is not None:
        services.run_persons_ensure(run=run)
        if with_names:
            stored = selectors.run_persons(run)
            persons = Paginator(stored, PERSONS_PER_PAGE).get_page(page_number(request))
            unregistered = Paginator(stored.filter(person__isnull=True), PERSONS_PER_PAGE).get_page(
                page_number(request, "unregistered_page")
            )
    context = {
        "round": round_,
        "run": run,
        "table": selectors.stored_count_table(round_, run),
        "combinations": selectors.stored_agency_combinations(run),
        "persons": persons,
        "unregistered": unregistered,
        "can_register": selectors.can_register(request.user, round_),
        "comparison": selectors.stored_compare(round_, run) if run else None,
    }
    return render(request, "reconcile/results.html", context)


@login_required
@require_GET
@not_found_as_404
def reconcile_export(request: HttpRequest, round_pk: int) -> FileResponse:
    round_ = _round(request, round_pk)
    run = selectors.latest_run(round_)
    persons = selectors.consolidated(run) if run else []
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    results_write(
        spool,
        round_=round_,
        persons=persons,
        comparison=selectors.compare(round_, persons) if run else None,
        with_names=selectors.can_read_names(request.user, round_),
    )
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=f"ket-qua-ra-soat-{round_.pk}.xlsx", content_type=XLSX
    )


@login_required
@require_POST
@not_found_as_404
def reconcile_register(request: HttpRequest, round_pk: int) -> HttpResponse:
    """Register the chosen persons found in the lists only."""
    round_ = _round(request, round_pk)
    if not selectors.can_register(request.user, round_):
        raise Http404
    form = RegisterForm(request.POST, clusters=request.POST.getlist("cluster"))
    if not form.is_valid():
        messages.error(request, _("Choose the persons to register."))
        return redirect("reconcile_results", round_pk=round_.pk)
    try:
        report = services.persons_register_from_lists(
            actor=request.user, round_=round_, cluster_keys=form.cleaned_data["cluster"]
        )
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("reconcile_results", round_pk=round_.pk)
    if report.registered:
        messages.success(
            request, _("%(count)s persons registered.") % {"count": len(report.registered)}
        )
    for _cluster, name, reason in report.skipped:
        messages.warning(
            request, _("%(name)s not registered: %(reason)s") % {"name": name, "reason": reason}
        )
    return redirect("reconcile_results", round_pk=round_.pk)
