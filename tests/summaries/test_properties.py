"""Random sequences of writes keep the summary equal to the naive count over the periods."""

import contextlib
import datetime
import itertools

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Exists, OuterRef, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcmt.core.errors import DomainError
from pcmt.persons.models import Category, CategoryPeriod, Person
from pcmt.persons.services import (
    PersonInput,
    person_category_add,
    person_category_end,
    person_merge,
    person_merge_undo,
    person_register,
    person_update,
)
from pcmt.persons.summaries import PERSONS_IN_CATEGORY
from pcmt.summaries.services import summary_counts, summary_rebuild, summary_subjects_between
from pcmt.support.models import ServiceReceived
from pcmt.support.services import service_record
from pcmt.support.summaries import RECORD, SERVED, SERVICES_REACHED
from tests.support.factories import managed

D = datetime.date
START = D(2023, 1, 1)
TODAY = D(2026, 11, 1)
DAYS = [START, D(2024, 2, 29), D(2024, 12, 31), D(2025, 1, 1), D(2025, 6, 15), TODAY]
CATEGORIES = [Category.DRUG_USER, Category.DEPENDENT, Category.POST_REHAB]
_names = itertools.count()

STEP = st.tuples(
    st.sampled_from(["register", "add", "end", "move", "merge", "unmerge", "managed", "serve"]),
    st.integers(0, 50),  # which person
    st.sampled_from(CATEGORIES),
    st.integers(0, 1400),  # a day after START
)


def naive(unit, day):
    """The count the home page made before the summaries: persons, distinct, per category."""
    where = (
        {"person__managing_commune": unit}
        if unit.parent_id
        else {"person__managing_province": unit}
    )
    rows = (
        CategoryPeriod.objects.filter(
            start_date__lte=day, person__merged_into__isnull=True, **where
        )
        .exclude(end_date__lt=day)
        .values("category")
        .annotate(n=Count("person", distinct=True))
    )
    return {row["category"]: row["n"] for row in rows}


WINDOWS = [(START, TODAY), (D(2024, 1, 1), D(2024, 12, 31)), (D(2025, 6, 15), D(2025, 6, 15))]


def naive_reach(commune, start, end):
    """The services indicator before the summaries: persons on record in the window, served."""
    on_record = CategoryPeriod.objects.filter(person=OuterRef("pk"), start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    served = ServiceReceived.objects.filter(
        person=OuterRef("pk"), received_on__gte=start, received_on__lte=end
    )
    persons = Person.objects.filter(
        Exists(on_record), managing_commune=commune, merged_into__isnull=True
    )
    return persons.count(), persons.filter(Exists(served)).count()


def _person(index):
    persons = list(Person.objects.order_by("pk"))
    return persons[index % len(persons)] if persons else None


def _input(person, commune):
    return PersonInput(
        full_name=person.full_name,
        birth_year=person.birth_year,
        sex=person.sex,
        current_commune=person.current_commune,
        managing_commune=commune,
    )


def _apply(step, which, category, offset, actor, communes):
    day = min(START + datetime.timedelta(days=offset), TODAY)
    person = _person(which)
    if step == "register" or person is None:
        person_register(
            actor=actor,
            data=PersonInput(
                full_name=f"Người Thử {next(_names)}",
                birth_year=1980 + which,
                sex="male",
                current_commune=communes[which % 2],
            ),
            acknowledge_duplicates=True,
        )
    elif step == "add":
        person_category_add(actor=actor, person=person, category=category, start_date=day)
    elif step == "end":
        period = person.category_periods.filter(end_date__isnull=True).first()
        if period is not None:
            person_category_end(actor=actor, period=period, end_date=day, end_reason="hết")
    elif step == "move":
        other = communes[1] if person.managing_commune_id == communes[0].pk else communes[0]
        person_update(actor=actor, person=person, data=_input(person, other))
    elif step == "merge":
        target = _person(which + 1)
        person_merge(actor=actor, person=person, into=target)
    elif step == "unmerge":
        person_merge_undo(actor=actor, person=person)
    elif step == "managed":
        managed(actor, person, day)
    elif step == "serve":
        service_record(
            actor=actor, person=person, service_type="counselling", received_on=day, provider="Hội"
        )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(STEP, min_size=1, max_size=12))
def test_random_writes_keep_the_summary_equal_to_the_naive_count(
    hana, province, commune_a, commune_b, steps
):
    for step in steps:
        # A write the rules refuse changes nothing.
        with contextlib.suppress(DomainError, ObjectDoesNotExist):
            _apply(*step, hana, [commune_a, commune_b])
    for unit, day in itertools.product([province, commune_a, commune_b], DAYS):
        assert summary_counts(PERSONS_IN_CATEGORY, unit.pk, day) == naive(unit, day), (unit, day)
    assert summary_rebuild(PERSONS_IN_CATEGORY, write=False).clean
    for start, end in WINDOWS:
        reach = summary_subjects_between(
            SERVICES_REACHED,
            key=RECORD,
            also=SERVED,
            commune_ids=[commune_a.pk, commune_b.pk],
            start=start,
            end=end,
        )
        for commune in (commune_a, commune_b):
            assert reach.get(commune.pk, (0, 0)) == naive_reach(commune, start, end)
    assert summary_rebuild(SERVICES_REACHED, write=False).clean
