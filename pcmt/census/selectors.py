"""Reads of review rounds, filtered by the jurisdiction scope.

- Rounds: every user with a data role in the province sees its rounds and their counts.
- Lists and their rows name persons: they are read like persons (officers and supervisors
  whose jurisdiction holds the submitting agency's unit).
- Managing a round (return, accept, close): supervisors of the province.
"""

import datetime
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from pcmt.accounts.models import Agency, DataRole
from pcmt.accounts.scope import Scope
from pcmt.census.models import IMPORT_JOB_KIND, Round, RoundAgency, Submission, SubmissionRow
from pcmt.census.tabular import REASON_HEADER
from pcmt.census.validation import issues_text
from pcmt.core import crypto
from pcmt.core.errors import NotFound
from pcmt.core.tabular import write_xlsx
from pcmt.geo.models import AdminUnit, UnitLevel
from pcmt.jobs.models import Job


def scope_province_id(scope: Scope) -> int | None:
    """The province a scope lies in (a commune scope's parent)."""
    if scope.province_id is not None:
        return scope.province_id
    if scope.commune_id is not None:
        return (
            AdminUnit.objects.filter(pk=scope.commune_id)
            .values_list("parent_id", flat=True)
            .first()
        )
    return None


def rounds_visible(scope: Scope) -> QuerySet[Round]:
    province_id = scope_province_id(scope)
    if province_id is None or scope.role == DataRole.NONE:
        return Round.objects.none()
    return Round.objects.filter(province_id=province_id)


def _pk(value: object) -> int:
    try:
        return int(str(value))
    except ValueError as exc:
        raise NotFound() from exc


def round_get(*, scope: Scope, pk: object) -> Round:
    try:
        return rounds_visible(scope).select_related("province").get(pk=_pk(pk))
    except Round.DoesNotExist as exc:
        raise NotFound() from exc


def can_manage(scope: Scope, round_: Round) -> bool:
    return scope.role == DataRole.SUPERVISOR and scope.province_id == round_.province_id


def can_upload(scope: Scope, user: Any, round_: Round) -> bool:
    return (
        scope.can_write_persons
        and round_.status == "open"
        and RoundAgency.objects.filter(round=round_, agency_id=user.agency_id).exists()
    )


def participant_get(*, scope: Scope, round_: Round, pk: object) -> RoundAgency:
    try:
        return (
            RoundAgency.objects.select_related("agency", "round")
            .filter(round=round_)
            .get(pk=_pk(pk))
        )
    except RoundAgency.DoesNotExist as exc:
        raise NotFound() from exc


def agencies_reached_q(scope: Scope, prefix: str = "") -> Q:
    """Agencies whose lists the scope may read: those at units the scope reaches."""
    if not scope.can_read_persons:
        return Q(pk__in=[])
    if scope.commune_id is not None:
        return Q(**{f"{prefix}unit_id": scope.commune_id})
    return Q(**{f"{prefix}unit_id": scope.province_id}) | Q(
        **{f"{prefix}unit__parent_id": scope.province_id}
    )


def submissions_visible(scope: Scope) -> QuerySet[Submission]:
    if not scope.can_read_persons:
        return Submission.objects.none()
    reached = Agency.objects.filter(agencies_reached_q(scope))
    return Submission.objects.filter(
        agency__in=reached, round__province_id=scope_province_id(scope)
    )


def submission_get(*, scope: Scope, pk: object) -> Submission:
    try:
        return (
            submissions_visible(scope)
            .select_related("round", "agency", "uploaded_by")
            .get(pk=_pk(pk))
        )
    except Submission.DoesNotExist as exc:
        raise NotFound() from exc


def round_participants(round_: Round) -> list[RoundAgency]:
    return list(
        RoundAgency.objects.filter(round=round_).select_related("agency__unit", "changed_by")
    )


def round_submissions(scope: Scope, round_: Round) -> QuerySet[Submission]:
    return submissions_visible(scope).filter(round=round_).select_related("agency", "uploaded_by")


def round_totals(round_: Round) -> dict[str, int]:
    """Counts over the current lists of the round (aggregates: every reader may see them)."""
    totals = {"agencies": 0, "submitted": 0, "accepted": 0, "rows": 0, "valid": 0, "invalid": 0}
    for participant in RoundAgency.objects.filter(round=round_).values_list("status", flat=True):
        totals["agencies"] += 1
        totals["submitted"] += participant != "not_submitted"
        totals["accepted"] += participant == "accepted"
    for total, valid, invalid in Submission.objects.filter(
        round=round_, is_current=True
    ).values_list("total_rows", "valid_rows", "invalid_rows"):
        totals["rows"] += total
        totals["valid"] += valid
        totals["invalid"] += invalid
    return totals


def problem_rows(
    submission: Submission, *, include_warnings: bool = True
) -> QuerySet[SubmissionRow]:
    rows = SubmissionRow.objects.filter(submission=submission).select_related("commune")
    flagged = Q(valid=False) | Q(has_warnings=True) if include_warnings else Q(valid=False)
    return rows.filter(flagged).order_by("row_number")


def error_report_rows(submission: Submission) -> Iterator[list[Any]]:
    """The original rows that were refused or flagged, with the reason last."""
    secrets = {
        submission.mapping[f]: f
        for f in ("id_number", "phone")
        if isinstance(submission.mapping.get(f), int)
    }
    width = len(submission.headers)
    for row in problem_rows(submission).iterator(chunk_size=2000):
        cells = list(row.cells) + [""] * max(0, width - len(row.cells))
        for index, name in secrets.items():
            if index < len(cells):
                token = row.id_number_encrypted if name == "id_number" else row.phone_encrypted
                cells[index] = crypto.decrypt(token)
        yield [
            *(c if c is not None else "" for c in cells[:width]),
            issues_text(row.errors, row.warnings),
        ]


def error_report_write(submission: Submission, target: IO[bytes]) -> None:
    write_xlsx(target, [*submission.headers, REASON_HEADER], error_report_rows(submission))


def import_jobs(user: Any, round_: Round) -> list[Job]:
    """The user's uploads of the round still being read and checked, or ended in the last hour."""
    since = timezone.now() - datetime.timedelta(hours=1)
    return list(
        Job.objects.filter(
            kind=IMPORT_JOB_KIND, created_by_id=user.pk, params__round_id=round_.pk
        ).filter(Q(finished_at__isnull=True) | Q(finished_at__gte=since))[:5]
    )


def agencies_of_province(province_id: int) -> QuerySet[Agency]:
    return (
        Agency.objects.filter(is_active=True)
        .filter(Q(unit_id=province_id) | Q(unit__parent_id=province_id))
        .select_related("unit")
        .order_by("unit__code", "name")
    )


def communes_of_province(province_id: int) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(level=UnitLevel.COMMUNE, parent_id=province_id).order_by("code")
