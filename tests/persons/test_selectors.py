import datetime

import pytest
from django.utils import timezone

from pcmt.accounts.scope import scope_for
from pcmt.core.errors import NotFound
from pcmt.persons.models import Person
from pcmt.persons.selectors import SearchQuery, person_get, person_search, person_timeline
from pcmt.persons.services import person_category_add


@pytest.fixture
def people(register, alice):
    names = [
        "Nguyễn Văn Hùng",
        "Nguyễn Văn Hưng",
        "Trần Thị An",
        "Lê Văn Ánh",
        "Đỗ Bá Đức",
        "Nguyễn Văn Hải",
    ]
    return {name: register(full_name=name, birth_year=1980 + i) for i, name in enumerate(names)}


def _names(scope, text="", **filters):
    page = person_search(scope=scope, query=SearchQuery(text=text, **filters))
    return [p.full_name for p in page.persons]


def test_search_without_diacritics_finds_both_tone_variants(alice, people):
    assert _names(scope_for(alice), "nguyen van hung") == ["Nguyễn Văn Hùng", "Nguyễn Văn Hưng"]


def test_search_tolerates_a_typo(alice, people):
    names = _names(scope_for(alice), "Nguyen Van Hng")
    assert "Nguyễn Văn Hùng" in names and "Nguyễn Văn Hưng" in names
    assert "Trần Thị An" not in names


def test_exact_matches_come_before_typo_matches(alice, people):
    page = person_search(scope=scope_for(alice), query=SearchQuery(text="nguyen van hai"))
    assert page.persons[0].full_name == "Nguyễn Văn Hải"
    assert page.fuzzy_from is None or page.fuzzy_from >= 1


def test_the_list_is_in_vietnamese_alphabetical_order_by_given_name(alice, people):
    assert _names(scope_for(alice)) == [
        "Trần Thị An",
        "Lê Văn Ánh",
        "Đỗ Bá Đức",
        "Nguyễn Văn Hải",
        "Nguyễn Văn Hùng",
        "Nguyễn Văn Hưng",
    ]


def test_search_is_exact_on_the_id_number(alice, register):
    person = register(full_name="Phạm Văn Tú", id_number="001090012345")
    register(full_name="Phạm Văn Tư", id_number="001090012346")
    assert _names(scope_for(alice), "001 090 012 345") == [person.full_name]
    assert _names(scope_for(alice), "00109001234") == []


def test_search_is_exact_on_the_phone_in_any_form(alice, register):
    register(full_name="Phạm Văn Tú", phone="0912345678")
    assert _names(scope_for(alice), "+84912345678") == ["Phạm Văn Tú"]


def test_search_filters_on_open_category_and_age(alice, people):
    hung = people["Nguyễn Văn Hùng"]
    person_category_add(
        actor=alice, person=hung, category="dependent", start_date=datetime.date(2024, 1, 1)
    )
    assert _names(scope_for(alice), category="dependent") == ["Nguyễn Văn Hùng"]
    year = timezone.localdate().year
    assert _names(scope_for(alice), age_min=year - 1980, age_max=year - 1980) == ["Nguyễn Văn Hùng"]


def test_search_never_returns_persons_outside_the_jurisdiction(alice, bob, people, person_b):
    assert person_b.full_name not in _names(scope_for(alice), "le thi cuc")
    assert _names(scope_for(bob), "nguyen") == []


def test_the_provincial_supervisor_sees_every_commune(sam, people, person_b):
    assert len(_names(scope_for(sam))) == len(people) + 1


def test_an_analyst_sees_no_names(ann, people):
    assert _names(scope_for(ann)) == []


def test_search_pages_are_counted(alice, register):
    for i in range(30):
        register(full_name=f"Nguyễn Văn Tám {chr(65 + i % 26)}", birth_year=1970 + i)
    page = person_search(scope=scope_for(alice), query=SearchQuery(text="tam"), page=2)
    assert page.total == 30 and page.pages == 2 and len(page.persons) == 5


def test_person_get_is_not_found_outside_the_jurisdiction_and_logs_reads(alice, bob, person_a):
    with pytest.raises(NotFound):
        person_get(scope=scope_for(bob), pk=person_a.pk)
    person_get(scope=scope_for(alice), pk=person_a.pk, user=alice, channel="ui")
    assert person_a.events.filter(action="read", actor=alice, origin__channel="ui").count() == 1


def test_the_timeline_holds_categories_and_changes_newest_first(alice, person_a):
    items = person_timeline(person_a, with_events=True)
    kinds = [i.kind for i in items]
    assert "category_start" in kinds and "event_created" in kinds
    assert items == sorted(items, key=lambda i: i.day, reverse=True)


def test_the_timeline_shows_changes_with_labels_unit_names_and_dates(alice, register, commune_a):
    from pcmt.persons.services import PersonInput, person_update

    person = register(full_name="Hà Văn Cường", birth_year=1990)
    person_update(
        actor=alice,
        person=person,
        data=PersonInput(
            full_name="Hà Văn Cường",
            birth_year=None,
            birth_date=datetime.date(1990, 8, 15),
            sex="male",
            current_commune=commune_a,
        ),
    )
    changes = {
        label: (old, new)
        for item in person_timeline(person, with_events=True)
        if item.kind == "event_updated"
        for label, old, new in item.changes
    }
    assert changes[str(Person._meta.get_field("birth_date").verbose_name)] == ("—", "15/08/1990")
    created = next(
        i for i in person_timeline(person, with_events=True) if i.kind == "event_created"
    )
    assert any(new == commune_a.full_name for _, _, new in created.changes)
