"""Worklist sections read together: two queries for every section of a page, however many.

A section is declared as a `WorklistQuery`: its rows (a filtered, ordered queryset in the
scope), the values one item shows (`fields`), how an item is built from them, and which
commune name its counts are broken down by. `worklist_read` sends the items of every section
as one UNION ALL (each part ordered and limited on its own) and the counts by commune of
every section as another. Values travel as one JSON object per row, so sections over
different tables share one result.
"""

import datetime
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, OrderBy, QuerySet, Value, Window
from django.db.models.functions import JSONObject, RowNumber
from django.utils import timezone

from pcmt.audit.reads import reads_note

if TYPE_CHECKING:
    from pcmt.core.extensions import WorkItem, WorklistSection

# How many communes a section's breakdown lists at most.
BY_COMMUNE_LIMIT = 20


@dataclass
class WorklistQuery:
    """A section not read yet; reading one alone (`.items`, `.count`) costs two queries."""

    key: str
    title: str
    rows: QuerySet[Any]
    fields: dict[str, Any]
    item: Callable[[dict[str, Any]], "WorkItem"]
    commune: str | None = "person__managing_commune__name"
    limit: int = 50

    @cached_property
    def section(self) -> "WorklistSection":
        return worklist_read([self])[0]

    @property
    def items(self) -> list["WorkItem"]:
        return self.section.items

    @property
    def count(self) -> int:
        return self.section.count

    @property
    def by_commune(self) -> list[tuple[str, int]]:
        return self.section.by_commune


def as_date(value: Any) -> datetime.date | None:
    """A date read back from a row's JSON (ISO text on every database)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def as_datetime(value: Any) -> datetime.datetime | None:
    """An aware datetime read back from a row's JSON (SQLite keeps naive UTC text)."""
    if value in (None, ""):
        return None
    moment = datetime.datetime.fromisoformat(str(value))
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def _ordering(rows: QuerySet[Any]) -> list[Any]:
    """The queryset's ORDER BY as expressions, for the row number of each item."""
    found: list[Any] = []
    for term in [*rows.query.order_by, "pk"]:
        if isinstance(term, OrderBy):
            found.append(term)
        elif isinstance(term, str):
            name = term.lstrip("-")
            found.append(F(name).desc() if term.startswith("-") else F(name).asc())
    return found


def _sql(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]] | None:
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    return sql, tuple(params)


def _part(
    index: int, columns: str, compiled: tuple[str, tuple[Any, ...]]
) -> tuple[str, tuple[Any, ...]]:
    """One member of the UNION ALL: the section's number and columns of its compiled query."""
    sql, params = compiled
    # Only an integer and fixed column names are formatted in; values stay parameters.
    return f"SELECT {index}, {columns} FROM ({sql}) w", params  # noqa: S608


def _decode(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    decoded: dict[str, Any] = json.loads(value)
    return decoded


def _union(parts: list[tuple[str, tuple[Any, ...]]]) -> list[tuple[Any, ...]]:
    if not parts:
        return []
    sql = " UNION ALL ".join(part for part, _ in parts)
    params = tuple(param for _, found in parts for param in found)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def worklist_read(queries: Sequence[WorklistQuery]) -> list["WorklistSection"]:
    """Every section with its first items, full count and counts by commune (two queries)."""
    from pcmt.core.extensions import WorklistSection

    item_parts: list[tuple[str, tuple[Any, ...]]] = []
    count_parts: list[tuple[str, tuple[Any, ...]]] = []
    for index, query in enumerate(queries):
        ordering = _ordering(query.rows)
        listed = _sql(
            query.rows.annotate(
                wl_pos=Window(RowNumber(), order_by=ordering),
                wl_data=JSONObject(**query.fields),
            ).values_list("wl_pos", "wl_data")[: query.limit]
        )
        if listed is None:
            continue
        item_parts.append(_part(index, "w.wl_pos, w.wl_data", listed))
        commune = F(query.commune) if query.commune else Value("")
        counted = _sql(
            query.rows.order_by()
            .annotate(wl_commune=commune)
            .values("wl_commune")
            .annotate(wl_n=Count("pk"))
            .values_list("wl_commune", "wl_n")
        )
        if counted is not None:
            count_parts.append(_part(index, "w.wl_commune, w.wl_n", counted))
    items: dict[int, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for index, position, data in _union(item_parts):
        items[int(index)].append((int(position), _decode(data)))
    counts: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for index, commune, n in _union(count_parts):
        counts[int(index)].append((commune or "", int(n)))
    sections = []
    for index, query in enumerate(queries):
        rows = [data for _, data in sorted(items[index], key=lambda pair: pair[0])]
        by_commune = sorted(counts[index], key=lambda pair: (-pair[1], pair[0]))
        sections.append(
            WorklistSection(
                key=query.key,
                title=str(query.title),
                items=[query.item(data) for data in rows],
                count=sum(n for _, n in by_commune),
                by_commune=by_commune[:BY_COMMUNE_LIMIT] if query.commune else [],
            )
        )
    # Items are read as values, not as person rows: name the persons shown for the read audit.
    reads_note(
        "person",
        {item.person_id for section in sections for item in section.items if item.person_id},
    )
    return sections
