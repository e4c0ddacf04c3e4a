"""Linkage with known answers: a small fixed list, the pretrained model, no database.

Addresses go through a fake resolver (commune names → codes), so these tests need no units;
old versus new addresses are tested through the real resolver in test_command.py.
"""

import math

import pytest

from pcmt.linkage.engine import LinkRecord, LinkResult, LinkSettings, link

from .conftest import fake_resolver

BACKGROUND = [
    LinkRecord("bg1", "police", "Đinh Công Tráng", "01/01/1980", "Nam", "", "Phường Tây Hồ", ""),
    LinkRecord("bg2", "health", "Mai Thị Thu", "1991", "Nữ", "", "Phường Long Biên", ""),
    LinkRecord("bg3", "social", "Cao Xuân Huy", "07/07/1983", "Nam", "", "Phường Đống Đa", ""),
    LinkRecord("bg4", "police", "Lý Văn Sáu", "1976", "Nam", "", "Phường Ba Đình", ""),
    LinkRecord("bg5", "health", "Tạ Quang Bửu", "1999-09-09", "Nam", "", "Phường Ngọc Hà", ""),
]

# Each case: records, and which of them are one person (same cluster) or not.
CASES: dict[str, tuple[list[LinkRecord], bool]] = {
    "tone collision Hùng/Hưng, marks present": (
        [
            LinkRecord("a1", "police", "Nguyễn Văn Hùng", "1990", "Nam", "", "Phường Cửa Nam"),
            LinkRecord("a2", "health", "Nguyễn Văn Hưng", "1990", "Nam", "", "Phường Cửa Nam"),
        ],
        False,
    ),
    "same person, marks dropped": (
        [
            LinkRecord("b1", "police", "Trần Thị Mai", "12/03/1988", "Nữ", "", "Phường Ngọc Hà"),
            LinkRecord("b2", "social", "Tran Thi Mai", "1988-03-12", "Nu", "", "Phuong Ngoc Ha"),
        ],
        True,
    ),
    "regional surname variant Hoàng/Huỳnh": (
        [
            LinkRecord(
                "c1",
                "police",
                "Hoàng Văn Nam",
                "05/06/1979",
                "Nam",
                "",
                "Phường Tây Hồ",
                "0912345678",
            ),
            LinkRecord(
                "c2",
                "health",
                "Huỳnh Văn Nam",
                "05/06/1979",
                "Nam",
                "",
                "P. Tây Hồ",
                "+84 912 345 678",
            ),
        ],
        True,
    ),
    "Western name order": (
        [
            LinkRecord("d1", "police", "Phạm Minh Tuấn", "20/10/1995", "Nam", "", "Phường Đống Đa"),
            LinkRecord("d2", "rehab", "Tuấn Minh Phạm", "20/10/1995", "Nam", "", "Phường Đống Đa"),
        ],
        True,
    ),
    "year-only birth": (
        [
            LinkRecord("e1", "police", "Lê Văn Tám", "15/08/1985", "Nam", "", "Phường Long Biên"),
            LinkRecord("e2", "social", "Lê Văn Tám", "1985", "Nam", "", "Phường Long Biên"),
        ],
        True,
    ),
    "old 9-digit ID and new 12-digit ID": (
        [
            LinkRecord(
                "f1", "police", "Vũ Thị Hằng", "02/02/1992", "Nữ", "001192012345", "Phường Ba Đình"
            ),
            LinkRecord(
                "f2", "health", "Vũ Thị Hằng", "02/02/1992", "Nữ", "012345678", "Phường Ba Đình"
            ),
        ],
        True,
    ),
    "ID typo, birth year read from the ID": (
        [
            LinkRecord(
                "g1", "police", "Đỗ Văn Bình", "1990", "Nam", "001090123456", "Phường Ba Đình"
            ),
            LinkRecord("g2", "health", "Do Van Binh", "", "", "001090123465", "Phường Tây Hồ"),
        ],
        True,
    ),
    "siblings sharing surname, address and phone": (
        [
            LinkRecord(
                "i1",
                "police",
                "Nguyễn Văn An",
                "1990",
                "Nam",
                "",
                "Phường Cửa Nam",
                "0987654321",
            ),
            LinkRecord(
                "i2",
                "police",
                "Nguyễn Văn Bình",
                "1993",
                "Nam",
                "",
                "Phường Cửa Nam",
                "0987654321",
            ),
            LinkRecord(
                "i3",
                "social",
                "Nguyễn Thị Cúc",
                "1995",
                "Nữ",
                "",
                "Phường Cửa Nam",
                "0987.654.321",
            ),
        ],
        False,
    ),
    "father and son with the same name": (
        [
            LinkRecord(
                "j1",
                "police",
                "Nguyễn Văn Hùng",
                "1965",
                "Nam",
                "001065123456",
                "Phường Hoàn Kiếm",
                "0977111222",
            ),
            LinkRecord(
                "j2",
                "police",
                "Nguyễn Văn Hùng",
                "12/12/1992",
                "Nam",
                "",
                "Phường Hoàn Kiếm",
                "0977111222",
            ),
        ],
        False,
    ),
}


@pytest.fixture(scope="module")
def result() -> LinkResult:
    records = list(BACKGROUND)
    for case, _ in CASES.values():
        records.extend(case)
    return link(records, settings=LinkSettings(resolver=fake_resolver, threads=1))


@pytest.mark.parametrize("name", list(CASES))
def test_known_answers(result: LinkResult, name: str) -> None:
    records, same_person = CASES[name]
    clusters = {result.clusters[r.record_id] for r in records}
    if same_person:
        assert len(clusters) == 1, _explain(result, records)
    else:
        assert len(clusters) == len(records), _explain(result, records)
        ids = {r.record_id for r in records}
        pairs = [p for p in result.pairs if {p.record_id_l, p.record_id_r} <= ids]
        assert all(p.band != "linked" for p in pairs)


def _explain(result: LinkResult, records: list[LinkRecord]) -> str:
    ids = {r.record_id for r in records}
    pairs = [p for p in result.pairs if {p.record_id_l, p.record_id_r} <= ids]
    return "\n".join(result.explain(p) for p in pairs) or "no pair scored"


def test_hard_negatives_fall_in_the_not_linked_band_not_review(result: LinkResult) -> None:
    for name in (
        "siblings sharing surname, address and phone",
        "father and son with the same name",
    ):
        ids = {r.record_id for r in CASES[name][0]}
        for pair in result.pairs:
            if {pair.record_id_l, pair.record_id_r} <= ids:
                assert pair.band == "not_linked", result.explain(pair)


def test_the_tone_collision_is_explained_by_its_marks() -> None:
    records = CASES["tone collision Hùng/Hưng, marks present"][0]
    settings = LinkSettings(resolver=fake_resolver, report_floor=1e-9)
    (pair,) = link(records, settings=settings).pairs
    name = next(c for c in pair.explanation if c.comparison == "name")
    assert name.level == "same letters, different marks"
    assert name.weight < 0


def test_every_pair_is_explained_by_its_levels_and_weights(result: LinkResult) -> None:
    assert result.pairs
    for pair in result.pairs:
        lines = pair.explanation
        assert [c.comparison for c in lines[:7]] == [
            "prior",
            "name",
            "birth",
            "sex",
            "id_number",
            "phone",
            "commune",
        ]
        assert math.isclose(sum(c.weight for c in lines), pair.match_weight, abs_tol=1e-6)
        for line in lines:
            assert math.isclose(line.bayes_factor, 2**line.weight)
        probability = 1 / (1 + 2 ** (-pair.match_weight))
        assert math.isclose(probability, pair.match_probability, rel_tol=1e-6)


def test_the_explanation_names_the_levels_that_matched(result: LinkResult) -> None:
    pair = next(p for p in result.pairs if {p.record_id_l, p.record_id_r} == {"c1", "c2"})
    levels = {c.comparison: c.level for c in pair.explanation}
    assert levels["name"] == "surname variant (Hoàng/Huỳnh, Vũ/Võ)"
    assert levels["birth"] == "same date"
    assert levels["phone"] == "same, one person's number"
    text = result.explain(pair)
    assert "c1" in text and "surname variant" in text


def test_clusters_come_from_linked_pairs_only() -> None:
    records = [
        LinkRecord("x1", "police", "Nguyễn Văn Hùng", "1990", "Nam", "", "Phường Cửa Nam"),
        LinkRecord("x2", "health", "Nguyễn Văn Hùng", "1990", "Nam", "", ""),
    ]
    settings = LinkSettings(resolver=fake_resolver, link_threshold=0.999999, review_threshold=0.01)
    result = link(records, settings=settings)
    assert [p.band for p in result.pairs] == ["review"]
    assert result.clusters == {"x1": "x1", "x2": "x2"}


def test_bands_follow_the_thresholds() -> None:
    records = CASES["same person, marks dropped"][0]
    low = link(records, settings=LinkSettings(resolver=fake_resolver))
    assert [p.band for p in low.pairs] == ["linked"]
    high = link(
        records,
        settings=LinkSettings(resolver=fake_resolver, link_threshold=1.0, review_threshold=0.5),
    )
    assert [p.band for p in high.pairs] == ["review"]


def test_reference_records_are_not_compared_with_each_other() -> None:
    registry = [
        LinkRecord("r1", "registry", "Lê Văn Tám", "15/08/1985", "Nam", "001085000001"),
        LinkRecord("r2", "registry", "Lê Văn Tám", "15/08/1985", "Nam", "001085999888"),
    ]
    records = [LinkRecord("n1", "police", "Le Van Tam", "1985", "Nam", "001085000001")]
    result = link(records, reference=registry, settings=LinkSettings(resolver=fake_resolver))
    assert all({p.record_id_l, p.record_id_r} != {"r1", "r2"} for p in result.pairs)
    assert result.clusters["n1"] == result.clusters["r1"] != result.clusters["r2"]


def test_record_ids_must_be_unique() -> None:
    records = [LinkRecord("same", full_name="A"), LinkRecord("same", full_name="B")]
    with pytest.raises(ValueError, match="unique"):
        link(records, settings=LinkSettings(resolver=fake_resolver))


def test_a_single_record_is_its_own_cluster() -> None:
    result = link([LinkRecord("only", full_name="Lê Văn Tám")])
    assert result.clusters == {"only": "only"} and result.pairs == []
