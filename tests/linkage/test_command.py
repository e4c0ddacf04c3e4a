"""The census_link command: CSV in, record_id/cluster_id out, addresses read from the units."""

import csv
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pcmt.geo.loader import LoadReport
from pcmt.linkage.csvio import INPUT_COLUMNS

ROWS = [
    # Old (pre-2025) and new address of one commune: Hàng Bạc became part of Hoàn Kiếm.
    [
        "h1",
        "police",
        "Bùi Văn Long",
        "1987",
        "Nam",
        "",
        "Phường Hàng Bạc, Quận Hoàn Kiếm, Hà Nội",
        "",
    ],
    [
        "h2",
        "health",
        "Bui Van Long",
        "03/04/1987",
        "Nam",
        "",
        "Phường Hoàn Kiếm, Thành phố Hà Nội",
        "",
    ],
    [
        "k1",
        "police",
        "Đặng Thị Lan",
        "1990-01-02",
        "Nữ",
        "001190000123",
        "Phường Ngọc Hà, Hà Nội",
        "",
    ],
    ["k2", "social", "Dang Thi Lan", "02/01/1990", "", "001 190 000 123", "", "+84 912000111"],
    ["s1", "police", "Trần Văn Dũng", "1980", "Nam", "", "Phường Cửa Nam, Hà Nội", "0988000111"],
    ["s2", "police", "Trần Văn Cường", "1984", "Nam", "", "Phường Cửa Nam, Hà Nội", "0988000111"],
]


def _write(path: Path, rows: list[list[str]], header: tuple[str, ...] = INPUT_COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def loaded(hanoi_units: LoadReport, db: Any) -> LoadReport:
    return hanoi_units


def test_it_writes_a_cluster_for_every_record(loaded: LoadReport, tmp_path: Path) -> None:
    source = _write(tmp_path / "in.csv", ROWS)
    output = tmp_path / "out.csv"

    call_command("census_link", input=str(source), output=str(output), threads=1)

    rows = _read(output)
    assert list(rows[0]) == ["record_id", "cluster_id"]
    cluster = {row["record_id"]: row["cluster_id"] for row in rows}
    assert set(cluster) == {"h1", "h2", "k1", "k2", "s1", "s2"}
    assert cluster["h1"] == cluster["h2"], "old and new address of one commune"
    assert cluster["k1"] == cluster["k2"], "same ID, marks dropped"
    assert cluster["s1"] != cluster["s2"], "brothers sharing address and phone"
    assert cluster["h1"] != cluster["k1"]


def test_it_explains_pairs_and_writes_nothing_to_the_database(
    loaded: LoadReport, tmp_path: Path
) -> None:
    source = _write(tmp_path / "in.csv", ROWS)
    explain = tmp_path / "pairs.csv"

    with CaptureQueriesContext(connection) as queries:
        call_command(
            "census_link",
            input=str(source),
            output=str(tmp_path / "out.csv"),
            explain=str(explain),
            threads=1,
        )

    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    pairs = {(row["record_id_l"], row["record_id_r"]): row for row in _read(explain)}
    old_new = pairs.get(("h1", "h2")) or pairs[("h2", "h1")]
    assert old_new["commune"] == "same commune"
    assert old_new["band"] == "linked"
    assert float(old_new["commune_weight"]) > 0


def test_thresholds_change_the_bands(loaded: LoadReport, tmp_path: Path) -> None:
    source = _write(tmp_path / "in.csv", ROWS)
    output = tmp_path / "out.csv"

    call_command(
        "census_link",
        input=str(source),
        output=str(output),
        link_threshold=1.0,
        review_threshold=0.5,
        threads=1,
    )

    clusters = {row["cluster_id"] for row in _read(output)}
    assert len(clusters) == len(ROWS)


def test_it_refuses_a_file_without_the_columns(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.csv", [["1", "x"]], header=("record_id", "name"))
    with pytest.raises(CommandError, match="missing column"):
        call_command("census_link", input=str(source), output=str(tmp_path / "out.csv"))


def test_it_refuses_thresholds_in_the_wrong_order(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.csv", ROWS)
    with pytest.raises(CommandError, match="threshold"):
        call_command(
            "census_link",
            input=str(source),
            output=str(tmp_path / "out.csv"),
            link_threshold=0.5,
            review_threshold=0.9,
        )


def test_it_refuses_duplicate_record_ids(tmp_path: Path, db: None) -> None:
    source = _write(tmp_path / "in.csv", [ROWS[0], ROWS[0]])
    with pytest.raises(CommandError, match="unique"):
        call_command("census_link", input=str(source), output=str(tmp_path / "out.csv"))
