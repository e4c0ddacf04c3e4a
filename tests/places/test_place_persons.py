"""Persons linked to hotspots and incidents: shown only where the jurisdiction reads them."""

import pytest
from django.urls import reverse

from pcmt.audit.models import Event
from pcmt.core.errors import DomainError, NotFound
from pcmt.places.models import PlacePerson
from pcmt.places.selectors import place_persons
from pcmt.places.services import place_person_link, place_person_unlink


@pytest.fixture
def hotspot(make_hotspot):
    return make_hotspot()


def test_a_link_writes_an_event_on_the_place_and_is_refused_twice(alice, hotspot, person_a):
    link = place_person_link(actor=alice, place=hotspot, person_pk=person_a.pk, role="organiser")
    event = Event.objects.of("hotspot", hotspot.pk).last()
    assert event.action == "place_person_linked"
    assert event.changes == {"person": [None, person_a.pk], "role": [None, "organiser"]}
    with pytest.raises(DomainError) as twice:
        place_person_link(actor=alice, place=hotspot, person_pk=person_a.pk, role="organiser")
    assert twice.value.code == "place_person_already_linked"
    place_person_unlink(actor=alice, place=hotspot, link_pk=link.pk)
    assert not PlacePerson.objects.exists()
    assert Event.objects.of("hotspot", hotspot.pk).last().action == "place_person_unlinked"


def test_an_officer_links_only_persons_his_jurisdiction_reads(alice, hotspot, person_b):
    with pytest.raises(DomainError) as unknown:
        place_person_link(actor=alice, place=hotspot, person_pk=person_b.pk, role="user")
    assert (unknown.value.code, unknown.value.field) == ("place_person_unknown", "person")


def test_each_reader_sees_only_the_persons_of_his_jurisdiction(
    alice, bob, sam, ann, pc04, hotspot, person_a, person_b
):
    place_person_link(actor=alice, place=hotspot, person_pk=person_a.pk, role="organiser")
    place_person_link(actor=pc04, place=hotspot, person_pk=person_b.pk, role="seller")
    assert [link.person for link in place_persons(alice, hotspot)] == [person_a]
    assert {link.person for link in place_persons(sam, hotspot)} == {person_a, person_b}
    assert list(place_persons(ann, hotspot)) == []
    with pytest.raises(NotFound):
        place_person_link(actor=bob, place=hotspot, person_pk=person_b.pk, role="user")


def test_the_page_and_the_api_show_linked_persons_by_jurisdiction(
    client, alice, sam, ann, bob, pc04, hotspot, person_a, person_b
):
    client.force_login(alice)
    linked = client.post(
        reverse("hotspot_person_link", args=[hotspot.pk]),
        {"person": person_a.pk, "role": "organiser"},
    )
    assert linked.status_code == 302
    place_person_link(actor=pc04, place=hotspot, person_pk=person_b.pk, role="seller")
    page = client.get(reverse("hotspot_detail", args=[hotspot.pk])).content.decode()
    assert person_a.full_name in page and person_b.full_name not in page
    api = client.get(reverse("api_hotspot_persons", args=[hotspot.pk])).json()
    assert [row["full_name"] for row in api] == [person_a.full_name]
    client.force_login(sam)
    page = client.get(reverse("hotspot_detail", args=[hotspot.pk])).content.decode()
    assert person_a.full_name in page and person_b.full_name in page
    client.force_login(ann)
    assert client.get(reverse("api_hotspot_persons", args=[hotspot.pk])).status_code == 404
    client.force_login(bob)
    link = PlacePerson.objects.get(person=person_a)
    url = reverse("api_hotspot_person", args=[hotspot.pk, link.pk])
    assert client.delete(url).status_code == 404
    client.force_login(alice)
    hidden = PlacePerson.objects.get(person=person_b)
    assert (
        client.delete(reverse("api_hotspot_person", args=[hotspot.pk, hidden.pk])).status_code
        == 404
    )
    assert client.delete(url).status_code == 204
    assert list(PlacePerson.objects.all()) == [hidden]


def test_an_incident_lists_its_offenders(client, alice, commune_a, person_a):
    import datetime

    from pcmt.places.services import IncidentInput, incident_create

    incident = incident_create(
        actor=alice,
        data=IncidentInput(
            commune=commune_a,
            summary="Bắt giữ",
            kind="arrest",
            occurred_on=datetime.date(2024, 1, 1),
        ),
    )
    client.force_login(alice)
    created = client.post(
        reverse("api_incident_persons", args=[incident.pk]),
        {"person": person_a.pk, "role": "offender"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["full_name"] == person_a.full_name
    page = client.get(reverse("incident_detail", args=[incident.pk]))
    assert [link.person for link, _ in page.context["persons"]] == [person_a]


def test_the_person_page_lists_the_places_only_for_readers_of_places(
    client, alice, sam, hana, hotspot, person_a
):
    place_person_link(actor=alice, place=hotspot, person_pk=person_a.pk, role="organiser")
    for persona, shown in ((alice, True), (sam, True), (hana, False)):
        client.force_login(persona)
        page = client.get(reverse("person_detail", args=[person_a.pk]), HTTP_ACCEPT_LANGUAGE="vi")
        assert page.status_code == 200
        html = page.content.decode()
        assert ('id="person-places"' in html) == shown
        assert (hotspot.name in html) == shown


def test_the_timeline_names_each_step_in_vietnamese(client, alice, make_business):
    import datetime

    from pcmt.places.services import business_inspect

    business = make_business()
    business_inspect(
        actor=alice, business=business, inspected_on=datetime.date(2024, 1, 2), team="Tổ 1"
    )
    client.force_login(alice)
    page = client.get(reverse("business_detail", args=[business.pk]), HTTP_ACCEPT_LANGUAGE="vi")
    assert [label for _, label in page.context["timeline"]] == [
        "đăng ký cơ sở kinh doanh",
        "kiểm tra cơ sở kinh doanh",
    ]
