"""The synthetic-person generator: deterministic, realistic shares, consistent numbers."""

import collections
import dataclasses
import datetime
import itertools
import re

import pytest

from pcmt.demo.generator import CommuneRef, PersonSpec, generate_persons
from pcmt.persons.idnumbers import BIRTH_PROVINCE_CODES, check_personal_id
from pcmt.persons.models import Category
from tests.demo.conftest import TODAY

MOBILE = re.compile(r"^0(3[2-9]|5[2689]|7[06-9]|8[1-9]|9[0-46-9])\d{7}$")


@pytest.fixture(scope="module")
def sample(communes: list[CommuneRef]) -> list[PersonSpec]:
    """5,000 persons generated with the default seed."""
    return list(generate_persons(count=5000, communes=communes, today=TODAY))


def share(persons: list[PersonSpec], test: object) -> float:
    assert callable(test)
    return sum(1 for p in persons if test(p)) / len(persons)


def age(person: PersonSpec) -> int:
    return TODAY.year - person.birth_year


def test_the_same_seed_gives_the_same_persons(communes: list[CommuneRef]) -> None:
    first = list(generate_persons(count=300, communes=communes, seed=7, today=TODAY))
    second = list(generate_persons(count=300, communes=communes, seed=7, today=TODAY))
    assert first == second


def test_another_seed_gives_other_persons(communes: list[CommuneRef]) -> None:
    first = list(generate_persons(count=50, communes=communes, seed=7, today=TODAY))
    other = list(generate_persons(count=50, communes=communes, seed=8, today=TODAY))
    assert [p.full_name for p in first] != [p.full_name for p in other]


def test_it_generates_exactly_the_count_asked_even_with_families(
    communes: list[CommuneRef],
) -> None:
    for count in (0, 1, 2, 3, 101):
        assert len(list(generate_persons(count=count, communes=communes, today=TODAY))) == count


def test_it_streams_lazily(communes: list[CommuneRef]) -> None:
    stream = generate_persons(count=10**9, communes=communes, today=TODAY)
    assert len(list(itertools.islice(stream, 10))) == 10


def test_it_refuses_to_generate_without_communes() -> None:
    with pytest.raises(ValueError, match="commune"):
        list(generate_persons(count=1, communes=[]))


def test_nguyen_is_between_33_and_43_percent_of_surnames(sample: list[PersonSpec]) -> None:
    nguyen = share(sample, lambda p: p.full_name.split(" ")[0] == "Nguyễn")
    assert 0.33 <= nguyen <= 0.43


def test_the_next_surnames_follow_the_real_order(sample: list[PersonSpec]) -> None:
    counts = collections.Counter(p.full_name.split(" ")[0] for p in sample)
    assert [name for name, _ in counts.most_common(4)] == ["Nguyễn", "Trần", "Lê", "Phạm"]


def test_about_95_percent_are_male(sample: list[PersonSpec]) -> None:
    assert 0.93 <= share(sample, lambda p: p.sex == "male") <= 0.97


def test_women_have_female_middle_names(sample: list[PersonSpec]) -> None:
    women = [p for p in sample if p.sex == "female"]
    assert not any(" Văn " in p.full_name for p in women)
    assert share(women, lambda p: " Thị " in p.full_name) > 0.4


def test_ids_pass_the_check_without_warnings_against_sex_and_birth_year(
    sample: list[PersonSpec],
) -> None:
    for person in sample:
        if person.id_number:
            check = check_personal_id(
                person.id_number, sex=person.sex, birth_year=person.birth_year
            )
            assert check.errors == [] and check.warnings == [], person


def test_ids_are_unique(communes: list[CommuneRef]) -> None:
    ids = [
        p.id_number
        for p in generate_persons(count=30_000, communes=communes, today=TODAY)
        if p.id_number
    ]
    assert len(ids) == len(set(ids))


def test_most_ids_carry_the_provinces_own_birth_code(sample: list[PersonSpec]) -> None:
    with_id = [p for p in sample if p.id_number]
    assert all(p.id_number[:3] in BIRTH_PROVINCE_CODES for p in with_id)
    assert share(with_id, lambda p: p.id_number.startswith("001")) > 0.8


def test_about_ten_percent_have_no_id_and_some_an_old_one(sample: list[PersonSpec]) -> None:
    assert 0.07 <= share(sample, lambda p: not p.id_number) <= 0.13
    assert 0.03 <= share(sample, lambda p: bool(p.old_id_number)) <= 0.07
    assert all(len(p.old_id_number) == 9 for p in sample if p.old_id_number)


def test_about_70_percent_have_a_ten_digit_mobile_number(sample: list[PersonSpec]) -> None:
    assert 0.65 <= share(sample, lambda p: bool(p.phone)) <= 0.75
    assert all(MOBILE.match(p.phone) for p in sample if p.phone)


def test_ages_are_mostly_18_to_45_with_some_minors_and_elders(sample: list[PersonSpec]) -> None:
    assert share(sample, lambda p: 18 <= age(p) <= 46) > 0.75
    assert share(sample, lambda p: age(p) < 18) > 0.01
    assert share(sample, lambda p: age(p) > 50) > 0.01
    assert all(age(p) >= 14 for p in sample)


def test_about_85_percent_have_a_full_birth_date_agreeing_with_the_year(
    sample: list[PersonSpec],
) -> None:
    assert 0.82 <= share(sample, lambda p: p.birth_date is not None) <= 0.88
    assert all(p.birth_date.year == p.birth_year for p in sample if p.birth_date)


def test_about_ten_percent_have_aliases(sample: list[PersonSpec]) -> None:
    assert 0.07 <= share(sample, lambda p: bool(p.aliases)) <= 0.13


def test_addresses_name_the_commune_and_the_province(sample: list[PersonSpec]) -> None:
    names = {1: "Phường Ba Đình", 2: "Phường Ngọc Hà", 3: "Xã Sóc Sơn"}
    for person in sample:
        assert person.current_address.endswith("Thành phố Hà Nội")
        if "Quận" not in person.current_address and "Huyện" not in person.current_address:
            assert names[person.current_commune_id] in person.current_address


def test_about_30_percent_have_an_old_form_address(sample: list[PersonSpec]) -> None:
    old = share(sample, lambda p: "Quận " in p.permanent_address or "Huyện " in p.permanent_address)
    assert 0.25 <= old <= 0.35


def test_old_addresses_use_the_legacy_commune_that_converts_into_the_commune(
    sample: list[PersonSpec],
) -> None:
    ba_dinh_old = [
        p.permanent_address
        for p in sample
        if p.permanent_commune_id == 1 and "Quận" in p.permanent_address
    ]
    assert ba_dinh_old
    assert all("Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội" in a for a in ba_dinh_old)


def test_villages_belong_to_the_commune(
    sample: list[PersonSpec], communes: list[CommuneRef]
) -> None:
    villages = {c.id: set(c.villages) for c in communes}
    for person in sample:
        if person.current_village is not None:
            assert person.current_village in villages[person.current_commune_id]


def test_category_periods_are_valid_and_never_in_the_future(sample: list[PersonSpec]) -> None:
    five_years_ago = TODAY - datetime.timedelta(days=5 * 366)
    for person in sample:
        assert person.categories
        open_categories = [c.category for c in person.categories if c.end_date is None]
        assert len(open_categories) == len(set(open_categories))
        for period in person.categories:
            assert period.category in Category.values
            assert five_years_ago <= period.start_date <= TODAY
            assert period.reason
            if period.end_date is not None:
                assert period.start_date <= period.end_date <= TODAY
                assert period.end_reason


def test_category_mixes_cover_every_category_and_some_ended_periods(
    sample: list[PersonSpec],
) -> None:
    categories = collections.Counter(c.category for p in sample for c in p.categories)
    assert set(categories) == set(Category.values)
    assert categories[Category.DRUG_USER] == max(categories.values())
    assert share(sample, lambda p: any(c.end_date for c in p.categories)) > 0.2


def test_siblings_share_surname_address_and_phone(sample: list[PersonSpec]) -> None:
    families = collections.defaultdict(list)
    for person in sample:
        if person.relation == "sibling":
            families[person.family].append(person)
    assert len(families) > 20
    for members in families.values():
        assert len(members) >= 2
        assert len({m.full_name.split(" ")[0] for m in members}) == 1
        assert len({m.current_address for m in members}) == 1
        assert len({m.phone for m in members}) == 1


def test_father_and_son_share_surname_middle_name_and_address(sample: list[PersonSpec]) -> None:
    pairs = collections.defaultdict(dict)
    for person in sample:
        if person.relation in ("father", "son"):
            pairs[person.family][person.relation] = person
    assert pairs
    for pair in pairs.values():
        father, son = pair["father"], pair["son"]
        assert father.full_name.split(" ")[:-1] == son.full_name.split(" ")[:-1]
        assert father.current_address == son.current_address
        assert father.birth_year + 15 <= son.birth_year


def test_commune_weights_steer_where_persons_live(communes: list[CommuneRef]) -> None:
    heavy = [dataclasses.replace(c, weight=8.0) if c.id == 1 else c for c in communes]
    persons = list(generate_persons(count=2000, communes=heavy, today=TODAY))
    assert 0.7 <= share(persons, lambda p: p.current_commune_id == 1) <= 0.9


def test_persons_registered_outside_the_province_name_another_province(
    sample: list[PersonSpec],
) -> None:
    outside = [p for p in sample if p.permanent_commune_id is None]
    assert outside
    assert not any("Hà Nội" in p.permanent_address for p in outside)
    assert all(", Huyện " in p.permanent_address for p in outside)
