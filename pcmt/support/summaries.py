"""The summary behind the services indicator: when each person was on record, when served.

A person counts under `record` on the days one of its category periods (of any category)
covers, and under `served` on the days it received a service, in its managing commune; a
record merged into another counts no more. Every service write is an event on the person,
so it refreshes this summary in its transaction like every other person summary.
"""

from collections import defaultdict
from collections.abc import Iterator, Sequence

from pcmt.persons.models import CategoryPeriod, Person
from pcmt.persons.summaries import PERSON, Interval, person_subjects
from pcmt.summaries.services import Counted, SummaryDefinition, merged_intervals
from pcmt.support.models import ServiceReceived

SERVICES_REACHED = "services_reached"
RECORD = "record"
SERVED = "served"

Where = tuple[int | None, int | None]


def _counted(ids: Sequence[int]) -> Iterator[Counted]:
    where: dict[int, Where] = {
        pk: (commune, province)
        for pk, commune, province in Person.objects.filter(
            pk__in=ids, merged_into__isnull=True
        ).values_list("pk", "managing_commune_id", "managing_province_id")
    }
    found: dict[tuple[int, str], list[Interval]] = defaultdict(list)
    periods = CategoryPeriod.objects.filter(person_id__in=where).values_list(
        "person_id", "start_date", "end_date"
    )
    for person, start, end in periods:
        found[(person, RECORD)].append((start, end))
    served = ServiceReceived.objects.filter(person_id__in=where).values_list(
        "person_id", "received_on"
    )
    for person, day in served:
        found[(person, SERVED)].append((day, day))
    for (subject, key), intervals in found.items():
        commune, province = where[subject]
        for start, end in merged_intervals(intervals):
            yield Counted(subject, commune, province, key, start, end)


services_reached_summary = SummaryDefinition(
    SERVICES_REACHED, _counted, person_subjects, kind=PERSON
)
