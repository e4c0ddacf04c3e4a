"""The summary of persons in each category: the home counts read it, never the periods.

A person counts under each category on the days one of its periods covers, in its managing
commune and province; a record merged into another counts no more (its target does).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from pcmt.persons.models import CategoryPeriod, Person
from pcmt.summaries.services import (
    Counted,
    SummaryDefinition,
    merged_intervals,
    summaries_refresh,
)

PERSONS_IN_CATEGORY = "persons_in_category"
PERSON = "person"  # the kind of subject of every summary over persons
Interval = tuple[datetime.date, datetime.date | None]


def _counted(ids: Sequence[int]) -> Iterator[Counted]:
    rows = CategoryPeriod.objects.filter(
        person_id__in=ids, person__merged_into__isnull=True
    ).values_list(
        "person_id",
        "person__managing_commune_id",
        "person__managing_province_id",
        "category",
        "start_date",
        "end_date",
    )
    periods: dict[tuple[int, int | None, int | None, str], list[Interval]] = defaultdict(list)
    for person, commune, province, category, start_date, end_date in rows:
        periods[(person, commune, province, category)].append((start_date, end_date))
    for (subject, commune_id, province_id, key), found in periods.items():
        for start, end in merged_intervals(found):
            yield Counted(subject, commune_id, province_id, key, start, end)


def _subjects() -> Iterable[int]:
    return Person.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=5000)


def person_subjects() -> Iterable[int]:
    """Every person id, ascending: the subjects of every summary over persons."""
    return _subjects()


persons_in_category = SummaryDefinition(PERSONS_IN_CATEGORY, _counted, _subjects, kind=PERSON)


def person_summaries_refresh(person_id: int) -> None:
    """Count the person as its records now say, in every summary over persons (other apps
    declare theirs too), in the write's transaction."""
    summaries_refresh(PERSON, [person_id])
