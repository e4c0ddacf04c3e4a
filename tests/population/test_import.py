"""Importing figures from .xlsx and .csv: all rows or none, with a clear error per bad row."""

import io
import logging

import pytest
from django.utils import translation

from pcmt.accounts.models import User
from pcmt.core.errors import DomainError, NotFound
from pcmt.core.tabular import write_xlsx
from pcmt.geo.models import AdminUnit, Village
from pcmt.population.models import PopulationFigure
from pcmt.population.services import population_import, population_template_xlsx

HEADER = "Mã xã/phường;Xã/phường;Thôn/tổ dân phố;Năm;Số dân;Ngày số liệu;Nguồn\n"


def csv_file(*rows: str, header: str = HEADER) -> io.BytesIO:
    return io.BytesIO((header + "\n".join(rows) + "\n").encode("utf-8"))


def test_a_good_csv_is_imported_whole(
    hana: User, commune_a: AdminUnit, commune_b: AdminUnit, village_a: Village
) -> None:
    data = csv_file(
        "00004;;;2025;65.000;31/12/2025;Thống kê",
        ";Phường Ngọc Hà;;2025;48123;;Thống kê",
        ";Ba Đình;Tổ 1;2025;1200;31/12/2025;Công an phường",
    )

    report = population_import(actor=hana, name="dan-so.csv", data=data)

    assert (report.rows, report.created, report.errors) == (3, 3, [])
    assert PopulationFigure.objects.get(commune=commune_a, village=None).residents == 65000
    ngoc_ha = PopulationFigure.objects.get(commune=commune_b)
    assert (ngoc_ha.residents, ngoc_ha.as_of.isoformat()) == (48123, "2025-12-31")
    assert PopulationFigure.objects.get(village=village_a).source == "Công an phường"


def test_an_xlsx_with_headers_lower_down_and_a_default_source(
    hana: User, commune_a: AdminUnit
) -> None:
    buffer = io.BytesIO()
    write_xlsx(
        buffer,
        ["Danh sách dân số năm 2025"],
        [[], ["Xã", "Năm", "Dân số"], ["Ba Đình", 2025, 65000]],
    )
    buffer.seek(0)

    report = population_import(
        actor=hana, name="dan-so.xlsx", data=buffer, default_source="Niên giám thống kê"
    )

    assert report.created == 1
    assert PopulationFigure.objects.get().source == "Niên giám thống kê"


def test_a_second_import_updates_and_counts_unchanged_rows(
    hana: User, commune_a: AdminUnit, commune_b: AdminUnit
) -> None:
    population_import(
        actor=hana,
        name="a.csv",
        data=csv_file("00004;;;2025;65000;;TK", "00008;;;2025;48000;;TK"),
    )

    report = population_import(
        actor=hana,
        name="b.csv",
        data=csv_file("00004;;;2025;65000;;TK", "00008;;;2025;49000;;TK"),
    )

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)


def test_bad_rows_are_all_reported_in_vietnamese_and_nothing_is_saved(
    hana: User, commune_a: AdminUnit, caplog: pytest.LogCaptureFixture
) -> None:
    data = csv_file(
        "00004;;;2025;65000;;TK",
        ";Phường Không Có;;2025;100;;TK",
        "00004;;;năm ngoái;100;;TK",
        "00004;;;2024;12,5;;TK",
        "00004;;;2024;100;32/13/2024;TK",
        "00004;;Thôn Xa;2024;100;;TK",
        "00004;;;2025;65000;;TK",
        "26734;;;2025;100;;TK",
        "00004;;;2023;100;;",
    )

    with translation.override("vi"), caplog.at_level(logging.INFO, logger="pcmt.population"):
        report = population_import(actor=hana, name="x.csv", data=data)

    assert [(e.row, e.code) for e in report.errors] == [
        (3, "population_commune_unknown"),
        (4, "population_year"),
        (5, "population_residents"),
        (6, "population_as_of"),
        (7, "population_village_unknown"),
        (8, "population_row_repeated"),
        (9, "population_commune_unknown"),
        (10, "population_source"),
    ]
    assert "Phường Không Có" in report.errors[0].message
    assert "xã" in report.errors[0].message.lower()
    assert "dòng 2" in report.errors[5].message.lower()
    assert not report.saved
    assert PopulationFigure.objects.count() == 0
    assert not caplog.records


def test_a_file_without_the_needed_columns_is_refused(hana: User, commune_a: AdminUnit) -> None:
    with pytest.raises(DomainError) as caught:
        population_import(actor=hana, name="x.csv", data=csv_file("Ba Đình;x", header="Tên;Khác\n"))

    assert caught.value.code == "population_columns_missing"


def test_an_unreadable_file_is_refused(hana: User, commune_a: AdminUnit) -> None:
    with pytest.raises(DomainError) as caught:
        population_import(actor=hana, name="x.xlsx", data=io.BytesIO(b"not a workbook"))

    assert caught.value.code == "population_file_unreadable"


def test_only_writers_import(alice: User, commune_a: AdminUnit) -> None:
    with pytest.raises(NotFound):
        population_import(actor=alice, name="x.csv", data=csv_file("00004;;;2025;1;;TK"))


def test_the_template_reads_back_as_a_valid_import(admin_user: User, commune_a: AdminUnit) -> None:
    buffer = io.BytesIO()
    population_template_xlsx(buffer)
    buffer.seek(0)

    report = population_import(actor=admin_user, name="mau.xlsx", data=buffer, default_source="TK")

    assert (report.created, report.errors) == (1, [])
