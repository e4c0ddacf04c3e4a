"""The habits of real agency lists: each habit's pair is linked, and what must stay apart does.

Each case is one person written twice, with one habit on one side and the other evidence a
list usually has (a full or year-only birth, a commune); the background keeps the prior
realistic. The shipped parameters are used, as on any list below the estimation size.
"""

import sys
from pathlib import Path

import pytest

from pcmt.linkage.engine import LinkRecord, LinkResult, LinkSettings, link
from pcmt.linkage.normalize import id_region, name_order, parse_dob, parse_id

from .conftest import fake_resolver

BACKGROUND = [
    LinkRecord("bg1", "police", "Đinh Công Tráng", "02/03/1980", "Nam", "", "Phường Tây Hồ"),
    LinkRecord("bg2", "health", "Mai Thị Thu", "1991", "Nữ", "", "Phường Long Biên"),
    LinkRecord("bg3", "social", "Cao Xuân Huy", "07/07/1983", "Nam", "", "Phường Đống Đa"),
    LinkRecord("bg4", "police", "Lý Văn Sáu", "1976", "Nam", "", "Phường Ba Đình"),
    LinkRecord("bg5", "health", "Tạ Quang Bửu", "1999-09-09", "Nam", "", "Phường Ngọc Hà"),
]


def _pair(key: str, left: tuple[str, ...], right: tuple[str, ...]) -> tuple[LinkRecord, LinkRecord]:
    return LinkRecord(f"{key}1", "police", *left), LinkRecord(f"{key}2", "health", *right)


# habit → two records of one person.
SAME_PERSON: dict[str, tuple[LinkRecord, LinkRecord]] = {
    "placeholder 01/01/yyyy for an unknown date": _pair(
        "a",
        ("Khuất Văn Bình", "14/05/1980", "Nam", "", "Phường Tây Hồ"),
        ("Khuất Văn Bình", "01/01/1980", "", "", "Tây Hồ"),
    ),
    "placeholder 1/1/yyyy": _pair(
        "b",
        ("Vi Thị Lụa", "23/09/1972", "Nữ", "", "Phường Long Biên"),
        ("Vi Thị Lụa", "1/1/1972", "", "", "Phường Long Biên"),
    ),
    "placeholder 30/06/yyyy": _pair(
        "c",
        ("Tôn Thất Hiếu", "1990", "Nam", "", "Phường Ngọc Hà"),
        ("Tôn Thất Hiếu", "30/06/1990", "Nam", "", "Phường Ngọc Hà"),
    ),
    "birth year off by one, year only": _pair(
        "d",
        ("Lò Văn Quàng", "1985", "Nam", "", "Phường Đống Đa"),
        ("Lò Văn Quàng", "12/11/1986", "Nam", "", "Phường Đống Đa"),
    ),
    "day and month swapped": _pair(
        "e",
        ("Kiều Minh Tâm", "04/09/1993", "Nam", "", "Phường Ba Đình"),
        ("Kiều Minh Tâm", "09/04/1993", "Nam", "", "Phường Ba Đình"),
    ),
    "given name first, lower case": _pair(
        "f",
        ("Lê Ngọc Thăng", "08/08/1988", "Nam", "", "Phường Cửa Nam"),
        ("thăng lê ngọc", "08/08/1988", "", "", "Phường Cửa Nam"),
    ),
    "a middle name added": _pair(
        "g",
        ("Nguyễn Văn Quyết", "17/02/1979", "Nam", "", "Phường Hoàn Kiếm", "0912000111"),
        ("Nguyễn Văn Đình Quyết", "17/02/1979", "Nam", "", "Phường Hoàn Kiếm"),
    ),
    "a compound given name joined": _pair(
        "h",
        ("Trần Thị Ngọc Anh", "21/12/1996", "Nữ", "", "Phường Tây Hồ"),
        ("Trần Thị Ngọcanh", "21/12/1996", "Nữ", "", "Phường Tây Hồ"),
    ),
    "surname and given name only, given name first": _pair(
        "i",
        ("Trương Minh", "1968", "Nam", "", "Phường Long Biên", "0987 654 321"),
        ("Minh Trương Văn", "03/04/1968", "Nam", "", "Phường Long Biên", "+84 987.654.321"),
    ),
    "old 9-digit ID and 12-digit ID, consistent": _pair(
        "j",
        ("Hà Thị Xuân", "1975", "Nữ", "011234567", "Phường Đống Đa"),
        ("Ha Thi Xuan", "12/05/1975", "", "001175009876", "Đống Đa"),
    ),
    "birth typed wrong, same personal ID": _pair(
        "l",
        ("Quách Văn Long", "12/03/1988", "Nam", "001088123123", "Phường Ba Đình"),
        ("Quách Văn Long", "12/03/1968", "Nam", "001088123123", "Phường Ba Đình"),
    ),
    "without marks, commune abbreviated": _pair(
        "k",
        ("Đoàn Văn Hậu", "19/04/1999", "Nam", "", "Phường Ba Đình"),
        ("Doan Van Hau", "19/04/1999", "", "", "P. Ba Dinh"),
    ),
}

# What must stay apart.
DIFFERENT_PERSONS: dict[str, tuple[LinkRecord, LinkRecord]] = {
    "two different 12-digit IDs, same name, birth and commune": _pair(
        "x",
        ("Nguyễn Văn Hùng", "10/10/1990", "Nam", "001090123456", "Phường Tây Hồ"),
        ("Nguyễn Văn Hùng", "10/10/1990", "Nam", "001090654321", "Phường Tây Hồ"),
    ),
    "father and son of the same name": _pair(
        "y",
        ("Phạm Văn Toàn", "1960", "Nam", "", "Phường Ngọc Hà", "0903111222"),
        ("Phạm Văn Toàn", "1986", "Nam", "", "Phường Ngọc Hà", "0903111222"),
    ),
}


@pytest.fixture(scope="module")
def result() -> LinkResult:
    records = list(BACKGROUND)
    for pair in (*SAME_PERSON.values(), *DIFFERENT_PERSONS.values()):
        records += pair
    settings = LinkSettings(resolver=fake_resolver, estimation="pretrained", threads=1)
    return link(records, settings=settings)


@pytest.mark.parametrize("habit", list(SAME_PERSON))
def test_each_habit_pair_is_linked(result: LinkResult, habit: str) -> None:
    left, right = SAME_PERSON[habit]
    assert result.clusters[left.record_id] == result.clusters[right.record_id], habit


@pytest.mark.parametrize("case", list(DIFFERENT_PERSONS))
def test_different_persons_are_not_linked(result: LinkResult, case: str) -> None:
    left, right = DIFFERENT_PERSONS[case]
    assert result.clusters[left.record_id] != result.clusters[right.record_id], case


def test_two_different_personal_ids_weigh_more_than_name_birth_and_commune(
    result: LinkResult,
) -> None:
    (pair,) = [p for p in result.pairs if {p.record_id_l, p.record_id_r} == {"x1", "x2"}]
    levels = {line.comparison: line for line in pair.explanation}
    assert levels["id_number"].level == "two different 12-digit personal IDs"
    positive = sum(levels[name].weight for name in ("name", "birth", "commune"))
    assert levels["id_number"].weight < -positive + 20  # the prior does the rest


def test_an_old_and_a_new_id_count_only_when_consistent() -> None:
    records = [
        *BACKGROUND,
        LinkRecord("o1", "police", "Lương Thị Yến", "1975", "Nữ", "011234567", "Phường Đống Đa"),
        LinkRecord("o2", "health", "Lương Thị Yến", "1975", "Nữ", "001175009876", "Đống Đa"),
        LinkRecord("o3", "social", "Lương Thị Yến", "1975", "Nữ", "021234567", "Phường Đống Đa"),
    ]
    settings = LinkSettings(resolver=fake_resolver, estimation="pretrained", threads=1)
    result = link(records, settings=settings)
    levels = {
        frozenset((p.record_id_l, p.record_id_r)): {c.comparison: c for c in p.explanation}
        for p in result.pairs
    }
    consistent = levels[frozenset(("o1", "o2"))]["id_number"]
    assert consistent.level == "9 and 12 digits, province and birth year consistent"
    assert consistent.weight > 0
    # 02 is Hồ Chí Minh City's range; the 12-digit ID was registered in Hà Nội (001).
    assert levels[frozenset(("o2", "o3"))]["id_number"].level.startswith("missing")


@pytest.mark.parametrize("text", ["01/01/1980", "1/1/1980", "30/06/1980", "30/6/1980"])
def test_placeholder_dates_keep_the_year_only(text: str) -> None:
    assert parse_dob(text) == (1980, None, None)


def test_given_name_first_is_turned_round() -> None:
    order, moved = name_order(["thang", "le", "ngoc"])
    assert moved and [["thang", "le", "ngoc"][i] for i in order] == ["le", "ngoc", "thang"]
    assert name_order(["nguyen", "van", "hung"]) == ([0, 1, 2], False)


def test_old_and_new_ids_share_the_birth_province() -> None:
    assert "001" in id_region(parse_id("011234567"))  # Hà Tây's range, now Hà Nội
    assert id_region(parse_id("182345678")) == ("040", "042")  # Nghệ An and Hà Tĩnh
    assert id_region(parse_id("040190000123")) == ("040",)
    assert id_region(parse_id("1234567")) == ()


# --- A held-out seed of the independent generator ----------------------------------------------

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))


@pytest.mark.django_db
def test_a_held_out_seed_of_the_agency_habits_generator_keeps_its_f1(hanoi_units: object) -> None:
    import linkage_habits
    import linkage_synth

    bench = linkage_habits.generate(persons=400, seed=2027, provinces=("01",))
    records = [LinkRecord(**row) for row in bench.records]
    reference = [LinkRecord(**row) for row in bench.reference]
    linked = link(records, reference=reference, settings=LinkSettings(threads=1))
    precision, _recall, f1 = linkage_synth.pairs_scores(bench.truth, linked.clusters)
    assert precision >= 0.97
    assert f1 >= 0.88
