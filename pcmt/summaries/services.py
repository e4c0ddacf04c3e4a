"""Keep the summary tables: refresh a subject's contributions, rebuild a summary, read a count.

An app declares a summary once (`summary_register`): how to compute what given subjects
count now from its own tables, and how to list every subject. Its services call
`summary_refresh(name, ids)` in the transaction of each write that may change them (the
persons app does so for every event on a person); the pages read `summary_counts`.
"""

import datetime
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import batched
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, Sum

from pcmt.summaries.models import Contribution, Grain, Tally

ONE_DAY = datetime.timedelta(days=1)
_BATCH = 2000


@dataclass(frozen=True, order=True)
class Counted:
    """One subject counts `weight` under `key`, in its commune and province, start to end."""

    subject_id: int
    commune_id: int | None
    province_id: int | None
    key: str
    start: datetime.date
    end: datetime.date | None = None
    weight: int = 1


@dataclass(frozen=True)
class SummaryDefinition:
    name: str
    # What these subjects count now, read from the app's own tables.
    counted: Callable[[Sequence[int]], Iterable[Counted]]
    # Every subject id, ascending (for a rebuild).
    subjects: Callable[[], Iterable[int]]
    # What the subjects are ("person"): a write on a subject refreshes every summary of its kind.
    kind: str = ""


_definitions: dict[str, SummaryDefinition] = {}


def summary_register(definition: SummaryDefinition) -> None:
    """Declare a summary; called once from the owning app's AppConfig.ready()."""
    _definitions[definition.name] = definition


def summary_names() -> list[str]:
    return sorted(_definitions)


def summaries_refresh(kind: str, subject_ids: Iterable[int]) -> None:
    """Refresh every summary over subjects of this kind (in the write's transaction)."""
    ids = sorted(set(subject_ids))
    for name in summary_names():
        if _definitions[name].kind == kind:
            summary_refresh(name, ids)


def merged_intervals(
    intervals: Iterable[tuple[datetime.date, datetime.date | None]],
) -> list[tuple[datetime.date, datetime.date | None]]:
    """Overlapping or touching intervals joined, so a subject counts once on any day."""
    merged: list[tuple[datetime.date, datetime.date | None]] = []
    for start, end in sorted(intervals, key=lambda pair: pair[0]):
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None or start <= last_end + ONE_DAY:
                joined = None if last_end is None or end is None else max(last_end, end)
                merged[-1] = (last_start, joined)
                continue
        merged.append((start, end))
    return merged


# --- the changes of a count by day, month and year -----------------------------------------------

TallyKey = tuple[int, str, datetime.date, str]  # unit, grain, day, key


def _changes(counted: Iterable[Counted], sign: int, into: Counter[TallyKey]) -> None:
    for c in counted:
        for unit in (c.commune_id, c.province_id):
            if unit is None:
                continue
            for day, change in (
                (c.start, c.weight),
                (c.end + ONE_DAY if c.end else None, -c.weight),
            ):
                if day is None:
                    continue
                value = sign * change
                into[(unit, Grain.DAY, day, c.key)] += value
                into[(unit, Grain.MONTH, day.replace(day=1), c.key)] += value
                into[(unit, Grain.YEAR, day.replace(month=1, day=1), c.key)] += value


def _tally_add(name: str, changes: Counter[TallyKey]) -> None:
    """Add the changes to the stored rows (one upsert per batch, on PostgreSQL and SQLite)."""
    rows = [(k, v) for k, v in changes.items() if v]
    table = connection.ops.quote_name(Tally._meta.db_table)
    for chunk in batched(rows, 500):
        values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
        params: list[Any] = []
        for (unit, grain, day, key), value in chunk:
            params += [name, unit, grain, connection.ops.adapt_datefield_value(day), key, value]
        sql = (
            f"INSERT INTO {table} (summary, unit_id, grain, day, key, value) VALUES {values} "  # noqa: S608 - fixed names, values are parameters
            f"ON CONFLICT (summary, unit_id, grain, day, key) "
            f"DO UPDATE SET value = {table}.value + excluded.value"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _stored(rows: Iterable[Contribution]) -> list[Counted]:
    return [
        Counted(r.subject_id, r.commune_id, r.province_id, r.key, r.start, r.end, r.weight)
        for r in rows
    ]


def _contribution(name: str, c: Counted) -> Contribution:
    return Contribution(
        summary=name,
        subject_id=c.subject_id,
        commune_id=c.commune_id,
        province_id=c.province_id,
        key=c.key,
        start=c.start,
        end=c.end,
        weight=c.weight,
    )


@transaction.atomic
def summary_refresh(name: str, subject_ids: Iterable[int]) -> bool:
    """Make the summary count what these subjects count now; True if anything changed.

    Call it in the transaction of the write: the counts change with the data or not at all.
    """
    definition = _definitions[name]
    ids = sorted(set(subject_ids))
    if not ids:
        return False
    stored = Contribution.objects.filter(summary=name, subject_id__in=ids)
    before = sorted(_stored(stored))
    now = sorted(definition.counted(ids))
    if before == now:
        return False
    changes: Counter[TallyKey] = Counter()
    _changes(now, 1, changes)
    _changes(before, -1, changes)
    _tally_add(name, changes)
    stored.delete()
    Contribution.objects.bulk_create([_contribution(name, c) for c in now])
    return True


# --- reading ------------------------------------------------------------------------------------


def _on(day: datetime.date) -> Q:
    """The rows whose sum is the count on `day`: earlier years, months, then days."""
    year = day.replace(month=1, day=1)
    month = day.replace(day=1)
    return (
        Q(grain=Grain.YEAR, day__lt=year)
        | Q(grain=Grain.MONTH, day__gte=year, day__lt=month)
        | Q(grain=Grain.DAY, day__gte=month, day__lte=day)
    )


def summary_counts(name: str, unit_id: int, day: datetime.date) -> dict[str, int]:
    """The count of each key in a unit (commune or province) on a day."""
    rows = (
        Tally.objects.filter(_on(day), summary=name, unit_id=unit_id)
        .values("key")
        .annotate(n=Sum("value"))
        .order_by()
    )
    return {row["key"]: int(row["n"]) for row in rows if row["n"]}


def summary_counts_by_unit(
    name: str, unit_ids: Sequence[int], day: datetime.date
) -> dict[int, dict[str, int]]:
    """`summary_counts` for several units in one query."""
    rows = (
        Tally.objects.filter(_on(day), summary=name, unit_id__in=list(unit_ids))
        .values("unit_id", "key")
        .annotate(n=Sum("value"))
        .order_by()
    )
    found: dict[int, dict[str, int]] = {}
    for row in rows:
        if row["n"]:
            found.setdefault(row["unit_id"], {})[row["key"]] = int(row["n"])
    return found


def summary_subjects_between(
    name: str,
    *,
    key: str,
    also: str,
    commune_ids: Sequence[int],
    start: datetime.date,
    end: datetime.date,
) -> dict[int, tuple[int, int]]:
    """Per commune: the subjects counted under `key` on some day of [start, end], and how
    many of them are counted under `also` on some day of it too.

    A count of distinct subjects over a window is no sum of day counts: it reads the
    contributions (one row per subject and interval), never the source tables, in one pass
    grouped by subject (a subject's rows share its commune).
    """
    ids = [int(pk) for pk in commune_ids]
    if not ids:
        return {}
    table = connection.ops.quote_name(Contribution._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        "SELECT commune_id, COUNT(*), SUM(has_also) FROM ("  # noqa: S608 - fixed names, values are parameters
        " SELECT subject_id, MAX(commune_id) AS commune_id,"
        " MAX(CASE WHEN key = %s THEN 1 ELSE 0 END) AS has_key,"
        " MAX(CASE WHEN key = %s THEN 1 ELSE 0 END) AS has_also"
        f" FROM {table} WHERE summary = %s AND key IN (%s, %s) AND commune_id IN ({marks})"
        ' AND start <= %s AND ("end" IS NULL OR "end" >= %s)'
        " GROUP BY subject_id) AS subjects WHERE has_key = 1 GROUP BY commune_id"
    )
    day = connection.ops.adapt_datefield_value
    params: list[Any] = [key, also, name, key, also, *ids, day(end), day(start)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {int(commune): (int(n), int(m or 0)) for commune, n, m in cursor.fetchall()}


# --- rebuild ------------------------------------------------------------------------------------


@dataclass
class Drift:
    """What a rebuild found different from what the source tables say."""

    name: str
    subjects: int = 0  # subjects whose stored contributions were wrong
    tallies: int = 0  # tally rows (unit, grain, day, key) whose value was wrong
    examples: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.subjects and not self.tallies


def _ranges(ids: Iterable[int]) -> Iterator[list[int]]:
    yield from (list(chunk) for chunk in batched(ids, _BATCH))


def summary_rebuild(name: str, *, write: bool = True) -> Drift:
    """Recompute the whole summary from the source tables; report (and repair) any drift."""
    definition = _definitions[name]
    drift = Drift(name)
    expected: Counter[TallyKey] = Counter()
    with transaction.atomic():
        previous: int | None = None
        last = 0
        for chunk in _ranges(definition.subjects()):
            last = chunk[-1]
            now = sorted(definition.counted(chunk))
            _changes(now, 1, expected)
            # Stored rows of subjects that no longer exist fall in some range too.
            stored = Contribution.objects.filter(summary=name, subject_id__lte=last)
            if previous is not None:
                stored = stored.filter(subject_id__gt=previous)
            previous = last
            before = sorted(_stored(stored))
            if before != now:
                wrong = {c.subject_id for c in set(before) ^ set(now)}
                drift.subjects += len(wrong)
                drift.examples += [f"subject {pk}" for pk in sorted(wrong)[:3]]
                if write:
                    stored.delete()
                    Contribution.objects.bulk_create([_contribution(name, c) for c in now])
        beyond = Contribution.objects.filter(summary=name, subject_id__gt=last)
        gone = beyond.values("subject_id").distinct().count()
        if gone:
            drift.subjects += gone
            if write:
                beyond.delete()
        actual: Counter[TallyKey] = Counter()
        for unit, grain, day, key, value in Tally.objects.filter(summary=name).values_list(
            "unit_id", "grain", "day", "key", "value"
        ):
            actual[(unit, grain, day, key)] += value
        wanted = {k: v for k, v in expected.items() if v}
        have = {k: v for k, v in actual.items() if v}
        wrong_rows = {k for k in wanted.keys() | have.keys() if wanted.get(k) != have.get(k)}
        drift.tallies = len(wrong_rows)
        drift.examples += [
            f"{unit}/{grain}{day}/{key}: {have.get((unit, grain, day, key), 0)} "
            f"instead of {wanted.get((unit, grain, day, key), 0)}"
            for unit, grain, day, key in sorted(wrong_rows)[:3]
        ]
        if write and (wrong_rows or len(actual) != len(have)):
            Tally.objects.filter(summary=name).delete()
            _tally_add(name, Counter(wanted))
    return drift
