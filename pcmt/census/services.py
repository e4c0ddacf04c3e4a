"""Writes of review rounds: create a round, take lists in, review an agency's list.

A list is read row by row and stored in batches of 2,000 rows, so a 100,000-row file needs
neither the whole file nor all its rows in memory. Bad rows are stored with their reasons
and the good ones kept; with all-or-nothing, a list with one bad row keeps only the bad
rows (for the report) and counts for nothing.

The request only keeps the file (encrypted, after the upload limits) and reads its header row
(`submission_upload_start`); reading and checking the rows runs in the task worker
(`submission_import_run`, job kind `census_import`), whose progress the pages poll.
"""

import datetime
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.models import Agency, DataRole
from pcmt.accounts.scope import scope_for
from pcmt.casework.guards import illegal, locked
from pcmt.census import files
from pcmt.census.models import (
    IMPORT_JOB_KIND,
    AgencyStatus,
    Round,
    RoundAgency,
    RoundStatus,
    Submission,
    SubmissionKind,
    SubmissionRow,
    SubmissionStatus,
)
from pcmt.census.tabular import FIELDS, REQUIRED_FIELDS, TEMPLATE_HEADERS, open_table
from pcmt.census.validation import CATEGORY_WORDS, CheckedRow, RowValidator
from pcmt.core import crypto, tabular
from pcmt.core.errors import DomainError, NotFound
from pcmt.core.tabular import MAX_ROWS, UnreadableFile
from pcmt.geo.models import AdminUnit, UnitLevel
from pcmt.jobs.models import Job
from pcmt.jobs.services import Report, job_start
from pcmt.persons.models import Category, CategoryPeriod, Person

BATCH_SIZE = 2000
_TOKEN = re.compile(r"^[0-9a-f]{64}$")


class MappingRequired(DomainError):
    """The file's headers are not the template's: the user maps the columns first."""

    def __init__(self, *, token: str, name: str, headers: list[str], found: dict[str, int]):
        super().__init__(
            "mapping_required",
            _("The columns of this file are not the template's: say which column holds what."),
        )
        self.token, self.name, self.headers, self.found = token, name, headers, found


@dataclass
class ImportResult:
    submission: Submission
    # False when the same file had already been given: nothing new was created.
    created: bool


@dataclass
class Staged:
    token: str
    name: str
    headers: list[str] = field(default_factory=list)
    found: dict[str, int] = field(default_factory=dict)


# --- who may do what ----------------------------------------------------------------------------


def _check_supervisor(actor: Any, province_id: int) -> None:
    """Rounds are managed by supervisors of the province (the provincial drug unit)."""
    scope = scope_for(actor)
    if scope.role != DataRole.SUPERVISOR or scope.province_id != province_id:
        raise NotFound()


def _participant_for_upload(actor: Any, round_: Round) -> RoundAgency:
    """An officer gives lists for his own agency only, if it takes part in the round."""
    scope = scope_for(actor)
    if not scope.can_write_persons or actor.agency_id is None:
        raise NotFound()
    participant = RoundAgency.objects.filter(round=round_, agency_id=actor.agency_id).first()
    if participant is None:
        raise NotFound()
    status = Round.objects.filter(pk=round_.pk).values_list("status", flat=True).first()
    if status != RoundStatus.OPEN:
        raise illegal(_("The round is closed: it takes no more lists."))
    if participant.status == AgencyStatus.ACCEPTED:
        raise illegal(
            _(
                "Your agency's list was accepted; ask the supervisor to return it "
                "before sending another."
            )
        )
    return participant


def _agency_in_province(agency: Agency, province_id: int) -> bool:
    unit = agency.unit
    return unit.pk == province_id or unit.parent_id == province_id


# --- rounds -------------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    actor: Any,
    name: str,
    cutoff_date: datetime.date,
    deadline: datetime.date,
    categories: Sequence[str],
    agencies: Iterable[Agency],
    communes: Iterable[AdminUnit] = (),
) -> Round:
    """Open a round for the actor's province (Plan 174/KH-UBND: one cut-off date, every agency)."""
    scope = scope_for(actor)
    if scope.role != DataRole.SUPERVISOR or scope.province_id is None:
        raise NotFound()
    province = AdminUnit.objects.get(pk=scope.province_id)
    name = " ".join(name.split())
    if not name:
        raise DomainError("name_required", _("Enter the name of the round."), "name")
    chosen = [c for c in Category.values if c in set(categories)]
    if not chosen or len(set(categories)) != len(chosen):
        raise DomainError("categories_required", _("Choose the categories counted."), "categories")
    if deadline < cutoff_date:
        raise DomainError(
            "deadline_before_cutoff",
            _("The deadline cannot be before the cut-off date."),
            "deadline",
        )
    agencies = list(agencies)
    if not agencies:
        raise DomainError("agencies_required", _("Choose the agencies taking part."), "agencies")
    if any(not a.is_active or not _agency_in_province(a, province.pk) for a in agencies):
        raise DomainError(
            "agency_outside_province",
            _("Only agencies of the province can take part."),
            "agencies",
        )
    communes = list(communes)
    if any(c.level != UnitLevel.COMMUNE or c.parent_id != province.pk for c in communes):
        raise DomainError(
            "commune_outside_province", _("Choose communes of the province."), "communes"
        )
    round_ = Round.objects.create(
        name=name[:200],
        cutoff_date=cutoff_date,
        deadline=deadline,
        province=province,
        categories=chosen,
        created_by=actor,
    )
    round_.communes.set(communes)
    RoundAgency.objects.bulk_create(
        [RoundAgency(round=round_, agency=a) for a in {a.pk: a for a in agencies}.values()]
    )
    return round_


@transaction.atomic
def round_close(*, actor: Any, round_: Round) -> Round:
    """No more lists are taken."""
    _check_supervisor(actor, round_.province_id)
    round_ = locked(Round.objects.all(), round_.pk)
    if round_.status == RoundStatus.CLOSED:
        raise illegal(_("The round is already closed."))
    round_.status = RoundStatus.CLOSED
    round_.save(update_fields=["status"])
    return round_


@transaction.atomic
def round_agency_review(
    *, actor: Any, participant: RoundAgency, decision: str, note: str = ""
) -> RoundAgency:
    """A supervisor returns an agency's list for correction (with a note) or accepts it."""
    _check_supervisor(actor, participant.round.province_id)
    participant = locked(RoundAgency.objects.select_related("round"), participant.pk)
    note = note.strip()[:500]
    if decision not in (AgencyStatus.RETURNED, AgencyStatus.ACCEPTED):
        raise DomainError("decision_required", _("Choose return or accept."), "decision")
    if participant.status != AgencyStatus.SUBMITTED:
        raise illegal(_("Only a submitted list can be returned or accepted."))
    if decision == AgencyStatus.RETURNED and not note:
        raise DomainError("note_required", _("Say what the agency must correct."), "note")
    participant.status = decision
    participant.note = note
    participant.changed_by = actor
    participant.changed_at = timezone.now()
    participant.save(update_fields=["status", "note", "changed_by", "changed_at"])
    return participant


# --- lists --------------------------------------------------------------------------------------


def upload_stage(*, actor: Any, round_: Round, file: Any) -> Staged:
    """Keep the original file and read its header row."""
    participant = _participant_for_upload(actor, round_)
    name = str(getattr(file, "name", "") or "")[:255]
    extension = files.extension_of(name)
    if extension is None:
        raise DomainError("file_type", _("Upload an Excel (.xlsx) or CSV file."), "file")
    # Past a limit the file is refused before anything of it is stored or parsed.
    try:
        tabular.check_upload(name, file)
    except UnreadableFile as exc:
        raise _unreadable() from exc
    try:
        relative, sha256 = files.original_store(
            file, round_id=round_.pk, agency_id=participant.agency_id, extension=extension
        )
    except files.FileTooLarge as exc:
        raise tabular.too_large() from exc
    table = _open(relative, name)
    try:
        return Staged(sha256, name, table.headers, table.mapping)
    finally:
        table.close()


def _kept_file(round_: Round, agency_id: int, token: str, name: str) -> str:
    extension = files.extension_of(name)
    if not _TOKEN.match(token or "") or extension is None:
        raise DomainError("file_missing", _("Upload the file again."), "file")
    relative = files.relative_path(round_.pk, agency_id, token, extension)
    if not files.original_exists(relative):
        raise DomainError("file_missing", _("Upload the file again."), "file")
    return relative


def staged_headers(*, actor: Any, round_: Round, token: str, name: str) -> Staged:
    """The header row of a file kept by `upload_stage`, for the mapping step."""
    participant = _participant_for_upload(actor, round_)
    table = _open(_kept_file(round_, participant.agency_id, token, name), name)
    try:
        return Staged(token, name, table.headers, table.mapping)
    finally:
        table.close()


def submission_upload(
    *,
    actor: Any,
    round_: Round,
    file: Any,
    mapping: dict[str, int] | None = None,
    all_or_nothing: bool = False,
) -> ImportResult:
    """Keep the file, read and check every row, store them; see the module docstring."""
    staged = upload_stage(actor=actor, round_=round_, file=file)
    return submission_import(
        actor=actor,
        round_=round_,
        token=staged.token,
        name=staged.name,
        mapping=mapping,
        all_or_nothing=all_or_nothing,
    )


def _unreadable() -> DomainError:
    return DomainError(
        "file_unreadable",
        _("The file cannot be read as a list: save it as .xlsx or CSV (UTF-8) and try again."),
        "file",
    )


def _open(relative: str, name: str) -> Any:
    try:
        return open_table(name, files.original_open(relative))
    except UnreadableFile as exc:
        raise _unreadable() from exc


def _required_fields(round_: Round) -> list[str]:
    needed = list(REQUIRED_FIELDS)
    if len(round_.categories) != 1:
        needed.append("category")
    return needed


def mapping_check(round_: Round, mapping: dict[str, Any], width: int) -> dict[str, int]:
    """A mapping {field: column index}; every required field once, no column twice."""
    clean: dict[str, int] = {}
    for name, value in mapping.items():
        if name not in FIELDS:
            raise DomainError("mapping_invalid", _("Unknown field in the mapping."), "mapping")
        if value is None or value == "":
            continue
        try:
            index = int(value)
        except (TypeError, ValueError) as exc:
            raise DomainError("mapping_invalid", _("Choose a column."), name) from exc
        if not 0 <= index < max(width, 1):
            raise DomainError("mapping_invalid", _("Choose a column of the file."), name)
        clean[name] = index
    missing = [f for f in _required_fields(round_) if f not in clean]
    if missing:
        raise DomainError(
            "mapping_incomplete",
            _("Choose the column of: %(fields)s.")
            % {"fields": ", ".join(TEMPLATE_HEADERS[f] for f in missing)},
            missing[0],
        )
    if len(set(clean.values())) != len(clean):
        raise DomainError("mapping_invalid", _("A column can hold only one field."), "mapping")
    return clean


@transaction.atomic
def submission_import(
    *,
    actor: Any,
    round_: Round,
    token: str,
    name: str,
    mapping: dict[str, Any] | None = None,
    all_or_nothing: bool = False,
    report: Report | None = None,
) -> ImportResult:
    """Read a kept file with a mapping (found from its headers when None) and store its rows.

    `report(done, total, message)` is told the progress (the total is the file's estimate)."""
    participant = _participant_for_upload(actor, round_)
    participant = locked(RoundAgency.objects.all(), participant.pk)
    relative = _kept_file(round_, participant.agency_id, token, name)
    existing = _existing(round_, participant.agency_id, token, all_or_nothing)
    if existing is not None:
        return ImportResult(existing, created=False)
    table = _open(relative, name)
    try:
        if mapping is None:
            if any(f not in table.mapping for f in _required_fields(round_)):
                raise MappingRequired(
                    token=token, name=name, headers=table.headers, found=table.mapping
                )
            chosen = table.mapping
        else:
            chosen = mapping_check(round_, mapping, len(table.headers))
        submission = Submission.objects.create(
            round=round_,
            agency_id=participant.agency_id,
            kind=SubmissionKind.UPLOAD,
            status=SubmissionStatus.STORED,
            file_path=relative,
            original_name=name[:255],
            sha256=token,
            headers=table.headers,
            header_row=table.header_row,
            mapping=chosen,
            all_or_nothing=all_or_nothing,
            uploaded_by=actor,
        )
        rows = (
            (number, {f: cells[i] if i < len(cells) else "" for f, i in chosen.items()}, cells)
            for number, cells in table.rows
        )
        _store_rows(
            submission,
            round_,
            rows,
            secret_columns=_secret_columns(chosen),
            report=report,
            expected=table.estimated_rows,
        )
    finally:
        table.close()
    return _finish(submission, participant, actor)


@dataclass
class ImportStarted:
    """A queued import, or the list given before when the same file comes again."""

    job: Job | None = None
    existing: Submission | None = None


def submission_upload_start(
    *,
    actor: Any,
    round_: Round,
    file: Any,
    mapping: dict[str, Any] | None = None,
    all_or_nothing: bool = False,
) -> ImportStarted:
    """Keep the file (past a limit: refused here) and queue its import.

    Raises `MappingRequired` when no mapping is given and the headers are not the template's."""
    staged = upload_stage(actor=actor, round_=round_, file=file)
    if mapping is None and any(f not in staged.found for f in _required_fields(round_)):
        raise MappingRequired(
            token=staged.token, name=staged.name, headers=staged.headers, found=staged.found
        )
    return submission_import_start(
        actor=actor,
        round_=round_,
        token=staged.token,
        name=staged.name,
        mapping=mapping,
        all_or_nothing=all_or_nothing,
    )


def submission_import_start(
    *,
    actor: Any,
    round_: Round,
    token: str,
    name: str,
    mapping: dict[str, Any] | None = None,
    all_or_nothing: bool = False,
) -> ImportStarted:
    """Queue the reading and checking of a kept file; the page polls the job (see `jobs`).

    A mapping is checked here, against the file's header row, so that its errors show at once."""
    participant = _participant_for_upload(actor, round_)
    _kept_file(round_, participant.agency_id, token, name)
    if mapping is not None:
        staged = staged_headers(actor=actor, round_=round_, token=token, name=name)
        mapping = mapping_check(round_, mapping, len(staged.headers))
    existing = _existing(round_, participant.agency_id, token, all_or_nothing)
    if existing is not None:
        return ImportStarted(existing=existing)
    job = job_start(
        actor=actor,
        kind=IMPORT_JOB_KIND,
        params={
            "round_id": round_.pk,
            "token": token,
            "name": name,
            "mapping": mapping,
            "all_or_nothing": all_or_nothing,
        },
        province=round_.province,
    )
    return ImportStarted(job=job)


def submission_import_run(*, job: Job, report: Report) -> dict[str, Any]:
    """The job: read and check the file as its creator; the result leads to the list."""
    params = job.params
    round_ = Round.objects.get(pk=params["round_id"])
    result = submission_import(
        actor=job.created_by,
        round_=round_,
        token=params["token"],
        name=params["name"],
        mapping=params.get("mapping"),
        all_or_nothing=bool(params.get("all_or_nothing")),
        report=report,
    )
    submission = result.submission
    return {
        "submission_id": submission.pk,
        "url": reverse("submission_detail", args=[submission.pk]),
        "created": result.created,
        "status": submission.status,
        "valid_rows": submission.valid_rows,
        "invalid_rows": submission.invalid_rows,
    }


def _existing(
    round_: Round, agency_id: int, sha256: str, all_or_nothing: bool
) -> Submission | None:
    """The same file given before, when giving it again would change nothing."""
    statuses = [SubmissionStatus.STORED]
    if all_or_nothing:
        statuses.append(SubmissionStatus.REJECTED)
    return (
        Submission.objects.filter(
            round=round_, agency_id=agency_id, sha256=sha256, status__in=statuses
        )
        .order_by("status")
        .first()
    )


def _secret_columns(mapping: dict[str, int]) -> dict[int, str]:
    return {mapping[f]: f for f in ("id_number", "phone") if f in mapping}


def _validator(round_: Round) -> RowValidator:
    return RowValidator(
        province=round_.province,
        commune_ids=set(round_.communes.values_list("pk", flat=True)),
        categories=list(round_.categories),
        cutoff_date=round_.cutoff_date,
        today=timezone.localdate(),
    )


# Every column of SubmissionRow but its key, in the order `_values` gives them.
ROW_COLUMNS = [
    "submission_id",
    "row_number",
    "cells",
    "record_id",
    "full_name",
    "name_folded",
    "birth_year",
    "birth_month",
    "birth_day",
    "gender",
    "id_number_encrypted",
    "id_number_hash",
    "phone_encrypted",
    "phone_hash",
    "address",
    "commune_id",
    "address_reason",
    "category",
    "note",
    "errors",
    "warnings",
    "valid",
    "has_warnings",
]


def _values(submission_id: int, number: int, cells: list[Any], row: CheckedRow) -> tuple[Any, ...]:
    """One row's column values, as ROW_COLUMNS lists them."""
    adapt = connection.ops.adapt_json_value
    return (
        submission_id,
        number,
        adapt(cells, None),
        row.record_id,
        row.full_name,
        row.name_folded,
        row.birth_year,
        row.birth_month,
        row.birth_day,
        row.gender,
        crypto.encrypt(row.id_number),
        row.id_hash,
        crypto.encrypt(row.phone),
        crypto.lookup_hash("phone", row.phone) if row.valid else "",
        row.address,
        row.commune_id,
        row.address_reason,
        row.category,
        row.note,
        adapt(row.errors, None),
        adapt(row.warnings, None),
        row.valid,
        bool(row.warnings),
    )


def _insert(values: list[tuple[Any, ...]]) -> None:
    """Insert a batch of rows with one executemany.

    This is bulk_create without model instances and its per-batch SQL compilation, which at
    100,000 rows cost more than the inserts themselves (SQLite: 0.6 ms a row against
    0.24 ms). Rows get no primary key back; nothing needs it.
    """
    quote = connection.ops.quote_name
    columns = {f.attname: f.column or f.attname for f in SubmissionRow._meta.concrete_fields}
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model)
        quote(SubmissionRow._meta.db_table),
        ", ".join(quote(columns[c]) for c in ROW_COLUMNS),
        ", ".join(["%s"] * len(ROW_COLUMNS)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _store_rows(
    submission: Submission,
    round_: Round,
    rows: Iterable[tuple[int, dict[str, str], list[Any]]],
    *,
    secret_columns: dict[int, str],
    communes: dict[int, AdminUnit] | None = None,
    report: Report | None = None,
    expected: int = 0,
) -> None:
    """Check and insert rows in batches; counts go on the submission."""
    validator = _validator(round_)
    batch: list[tuple[Any, ...]] = []
    total = valid = warned = 0
    for number, values, cells in rows:
        total += 1
        if total > MAX_ROWS:
            raise DomainError(
                "too_many_rows",
                _("A list has at most %(count)s rows: split the file.")
                % {"count": f"{MAX_ROWS:,}"},
                "file",
            )
        commune = communes.get(number) if communes is not None else None
        checked = validator.check(number, values, commune=commune)
        # The ID number and phone are kept encrypted, never in the plain cells.
        kept = [None if i in secret_columns else c for i, c in enumerate(cells)]
        batch.append(_values(submission.pk, number, kept, checked))
        valid += checked.valid
        warned += bool(checked.warnings)
        if len(batch) >= BATCH_SIZE:
            _insert(batch)
            batch.clear()
            if report is not None:
                # Unknown size (a sheet without its dimension): a count, no percentage.
                report(total, max(expected, total) if expected else 0, _checked(total))
    if batch:
        _insert(batch)
    if not total:
        raise DomainError("list_empty", _("The list has no rows under its header."), "file")
    submission.total_rows, submission.valid_rows = total, valid
    submission.invalid_rows, submission.warning_rows = total - valid, warned


def _checked(count: int) -> str:
    return str(_("%(count)s rows checked") % {"count": f"{count:,}".replace(",", ".")})


def _finish(submission: Submission, participant: RoundAgency, actor: Any) -> ImportResult:
    """All-or-nothing with bad rows: refuse it; otherwise it becomes the agency's list."""
    if submission.all_or_nothing and submission.invalid_rows:
        SubmissionRow.objects.filter(submission=submission, valid=True).delete()
        submission.status = SubmissionStatus.REJECTED
    else:
        Submission.objects.filter(
            round_id=submission.round_id, agency_id=submission.agency_id, is_current=True
        ).update(is_current=False)
        submission.is_current = True
        participant.status = AgencyStatus.SUBMITTED
        participant.changed_by = actor
        participant.changed_at = timezone.now()
        participant.save(update_fields=["status", "changed_by", "changed_at"])
    submission.save()
    return ImportResult(submission, created=True)


# --- registry extract ---------------------------------------------------------------------------


def _open_on(day: datetime.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


@transaction.atomic
def registry_extract(*, actor: Any, round_: Round) -> ImportResult:
    """The agency's persons in the round's categories on the cut-off date, as a list.

    Persons are those managed in the agency's jurisdiction (and the round's communes), with
    a category period open on the cut-off date; one row per person, with the first counted
    category (the others in the note).
    """
    participant = _participant_for_upload(actor, round_)
    participant = locked(RoundAgency.objects.select_related("agency__unit"), participant.pk)
    unit = participant.agency.unit
    persons = Person.objects.filter(
        managing_province_id=round_.province_id, merged_into__isnull=True
    )
    if unit.level == UnitLevel.COMMUNE:
        persons = persons.filter(managing_commune_id=unit.pk)
    commune_ids = list(round_.communes.values_list("pk", flat=True))
    if commune_ids:
        persons = persons.filter(managing_commune_id__in=commune_ids)
    periods = CategoryPeriod.objects.filter(
        _open_on(round_.cutoff_date),
        category__in=round_.categories,
        person__in=persons,
    )
    categories: dict[int, list[str]] = {}
    for person_id, category in periods.values_list("person_id", "category"):
        categories.setdefault(person_id, []).append(category)
    if not categories:
        raise DomainError(
            "extract_empty",
            _("No person of your jurisdiction was in these categories on the cut-off date."),
        )
    order = {value: index for index, value in enumerate(Category.values)}
    stamp = persons.filter(pk__in=categories).aggregate(Max("updated_at"))["updated_at__max"]
    digest = hashlib.sha256(f"registry:{round_.cutoff_date}:{stamp}".encode())
    for person_id in sorted(categories):
        categories[person_id].sort(key=order.__getitem__)
        digest.update(f"|{person_id}:{','.join(categories[person_id])}".encode())
    sha256 = digest.hexdigest()
    existing = _existing(round_, participant.agency_id, sha256, False)
    if existing is not None:
        return ImportResult(existing, created=False)
    submission = Submission.objects.create(
        round=round_,
        agency_id=participant.agency_id,
        kind=SubmissionKind.REGISTRY_EXTRACT,
        status=SubmissionStatus.STORED,
        original_name="",
        sha256=sha256,
        headers=[TEMPLATE_HEADERS[f] for f in FIELDS],
        mapping={f: i for i, f in enumerate(FIELDS)},
        uploaded_by=actor,
    )
    communes: dict[int, AdminUnit] = {}

    def rows() -> Iterable[tuple[int, dict[str, str], list[Any]]]:
        chosen = (
            persons.filter(pk__in=categories)
            .select_related("current_commune")
            .order_by("sort_key", "pk")
        )
        for number, person in enumerate(chosen.iterator(chunk_size=BATCH_SIZE), start=2):
            kinds = categories[person.pk]
            values = {
                "record_id": str(person.pk),
                "full_name": person.full_name,
                "birth": person.birth_display,
                "gender": "Nam" if person.sex == "male" else "Nữ",
                "id_number": crypto.decrypt(person.id_number_encrypted),
                "address": person.current_address or person.current_commune.full_name,
                "commune": person.current_commune.full_name,
                "phone": crypto.decrypt(person.phone_encrypted),
                "category": CATEGORY_WORDS[kinds[0]],
                "note": "; ".join(CATEGORY_WORDS[k] for k in kinds[1:]),
            }
            communes[number] = person.current_commune
            yield number, values, [values[f] for f in FIELDS]

    _store_rows(
        submission,
        round_,
        rows(),
        secret_columns=_secret_columns(submission.mapping),
        communes=communes,
    )
    return _finish(submission, participant, actor)
