"""The person page reads each list of episodes once: its queries do not grow with them."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pcmt.audit.models import Event
from pcmt.casework.services import drug_test_record
from pcmt.support.services import check_in_record, release_record, service_record
from tests.support.factories import managed, summons

D = datetime.date


def _episodes(actor, person, count, offset):
    """`count` more episodes of each kind a commune records most often."""
    for i in range(count):
        day = D(2025, 1, 1) + datetime.timedelta(days=offset + 7 * i)
        drug_test_record(
            actor=actor,
            person=person,
            tested_on=day,
            place="Công an xã",
            result="negative",
            tested_by="Cán bộ",
        )
        service_record(
            actor=actor,
            person=person,
            service_type="counselling",
            received_on=day,
            provider="Trạm y tế",
        )
        check_in_record(actor=actor, person=person, checked_in_on=day)
        summons(actor, person, day + datetime.timedelta(days=400))
        release_record(actor=actor, person=person, released_on=day, facility="Trại giam")


def _queries(client, person):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("person_detail", args=[person.pk]))
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_person_page_reads_no_more_with_more_episodes(client, alice, person_a):
    managed(alice, person_a, D(2024, 12, 1))
    _episodes(alice, person_a, 1, 0)
    client.force_login(alice)
    _queries(client, person_a)  # the session and caches settle
    few = _queries(client, person_a)
    _episodes(alice, person_a, 5, 1)
    many = _queries(client, person_a)
    assert many <= few, (few, many)


def test_every_view_of_the_person_page_is_recorded(client, alice, person_a):
    client.force_login(alice)
    before = Event.objects.filter(subject_id=person_a.pk, action="read").count()
    _queries(client, person_a)
    _queries(client, person_a)
    assert Event.objects.filter(subject_id=person_a.pk, action="read").count() == before + 2


def test_the_documents_section_reads_the_episodes_the_page_read(alice, person_a):
    from pcmt.casework.selectors import person_episodes
    from pcmt.documents.selectors import person_documents
    from pcmt.persons.models import Person
    from pcmt.rehab.selectors import person_rehab

    managed(alice, person_a, D(2024, 12, 1))
    person = Person.objects.get(pk=person_a.pk)
    person_episodes(person)
    person_rehab(person)
    with CaptureQueriesContext(connection) as captured:
        found = person_documents(person)
    assert len(captured.captured_queries) == 0, captured.captured_queries
    assert [d.kind for d in found]  # the management's decision is offered
