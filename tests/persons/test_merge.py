"""Merging two records of the same person: nothing is lost, counts see one, undo restores."""

import datetime

import pytest
from django.urls import reverse

from pcmt.accounts.scope import scope_for
from pcmt.audit.models import Event
from pcmt.core.errors import DomainError, NotFound
from pcmt.persons.selectors import SearchQuery, person_search
from pcmt.persons.services import person_category_add, person_merge, person_merge_undo


@pytest.fixture
def twin(register, alice):
    """A second record of Trần Văn Bình, typed without marks, also a drug user."""
    person = register(full_name="Tran Van Binh", birth_year=1988)
    person_category_add(
        actor=alice,
        person=person,
        category="drug_user",
        start_date=datetime.date(2025, 2, 1),
        reason="Danh sách y tế",
    )
    return person


def _drug_users(client):
    page = client.get(reverse("home")).content.decode()
    counts = page.split('id="category-counts"')[1].split("</table>")[0]
    return counts


def test_a_merge_keeps_both_records_and_counts_the_person_once(client, alice, person_a, twin):
    client.force_login(alice)
    assert '<td class="num">2</td>' in _drug_users(client)
    response = client.post(
        reverse("person_merge", kwargs={"pk": twin.pk}), {"into": person_a.pk, "note": "CCCD"}
    )
    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.merged_into == person_a
    assert twin.category_periods.count() == 1  # its history and periods are kept
    assert '<td class="num">1</td>' in _drug_users(client)
    page = client.get(reverse("person_detail", kwargs={"pk": twin.pk})).content.decode()
    assert 'id="merged-banner"' in page and f"#{person_a.pk}" in page
    target = client.get(reverse("person_detail", kwargs={"pk": person_a.pk})).content.decode()
    assert 'id="merged-records"' in target and f"#{twin.pk}" in target
    for person in (twin, person_a):
        event = person.events.get(action="merged")
        assert event.actor == alice and event.note == "CCCD"


def test_undo_separates_the_records_again(client, alice, person_a, twin):
    person_merge(actor=alice, person=twin, into=person_a)
    client.force_login(alice)
    response = client.post(reverse("person_unmerge", kwargs={"pk": twin.pk}), {"note": "nhầm"})
    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.merged_into is None
    assert '<td class="num">2</td>' in _drug_users(client)
    assert Event.objects.filter(action="merge_undone").count() == 2


def test_illegal_merges_are_refused(alice, person_a, twin, register):
    third = register(full_name="Trần Bình", birth_year=1988)
    with pytest.raises(DomainError) as same:
        person_merge(actor=alice, person=twin, into=twin)
    assert same.value.field == "into"
    with pytest.raises(DomainError) as unknown:
        person_merge(actor=alice, person=twin, into=999_999)
    assert unknown.value.field == "into"
    person_merge(actor=alice, person=twin, into=person_a)
    with pytest.raises(DomainError) as again:
        person_merge(actor=alice, person=twin, into=third)
    assert again.value.code == "illegal_transition"
    with pytest.raises(DomainError) as into_merged:
        person_merge(actor=alice, person=third, into=twin)
    assert into_merged.value.code == "merge_target_merged"
    with pytest.raises(DomainError) as has_merged:
        person_merge(actor=alice, person=person_a, into=third)
    assert has_merged.value.code == "illegal_transition"
    with pytest.raises(DomainError) as not_merged:
        person_merge_undo(actor=alice, person=third)
    assert not_merged.value.code == "illegal_transition"


def test_a_record_outside_the_jurisdiction_cannot_be_merged_or_used(
    client, alice, bob, person_a, person_b, twin
):
    with pytest.raises(NotFound):
        person_merge(actor=bob, person=twin, into=person_b)
    with pytest.raises(DomainError) as foreign:
        person_merge(actor=alice, person=twin, into=person_b)
    assert foreign.value.field == "into"  # nothing says whether that record exists
    client.force_login(bob)
    response = client.post(reverse("person_merge", kwargs={"pk": twin.pk}), {"into": person_b.pk})
    assert response.status_code == 404
    twin.refresh_from_db()
    assert twin.merged_into is None


def test_bad_input_is_a_message_not_an_error(client, alice, twin):
    client.force_login(alice)
    response = client.post(reverse("person_merge", kwargs={"pk": twin.pk}), {"into": "abc"})
    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.merged_into is None


def test_the_api_merges_and_undoes(alice, person_a, twin):
    from rest_framework.test import APIClient

    from tests.tokens import api_token

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(alice)}")
    merged = api.post(f"/api/v1/persons/{twin.pk}/merge/", {"into": person_a.pk}, format="json")
    assert merged.status_code == 200 and merged.json() == {
        "id": twin.pk,
        "merged_into": person_a.pk,
    }
    again = api.post(f"/api/v1/persons/{twin.pk}/merge/", {"into": person_a.pk}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "illegal_transition"
    undone = api.post(f"/api/v1/persons/{twin.pk}/unmerge/", {}, format="json")
    assert undone.status_code == 200 and undone.json()["merged_into"] is None


def test_a_merged_record_is_not_found_by_search(alice, person_a, twin):
    def found(text):
        page = person_search(scope=scope_for(alice), query=SearchQuery(text=text))
        return {p.pk for p in page.persons}

    assert found("Tran Van Binh") == {person_a.pk, twin.pk}
    person_merge(actor=alice, person=twin, into=person_a)
    assert found("Tran Van Binh") == {person_a.pk}
    assert found("") == {person_a.pk}
    person_merge_undo(actor=alice, person=twin)
    assert found("Tran Van Binh") == {person_a.pk, twin.pk}
