"""The lists of schools and industrial zones import from Excel or CSV, all rows or none."""

import io

import pytest

from pcmt.core.errors import DomainError, NotFound
from pcmt.core.tabular import write_xlsx
from pcmt.outreach.models import IndustrialZone, School, SchoolLevel
from pcmt.outreach.spreadsheets import targets_import


def _xlsx(rows):
    target = io.BytesIO()
    write_xlsx(target, ["Mã xã/phường", "Tên", "Loại"], rows)
    target.seek(0)
    return target


def test_it_imports_schools_and_industrial_zones(alice, commune_a):
    report = targets_import(
        actor=alice,
        filename="truong.xlsx",
        data=_xlsx(
            [
                [commune_a.code, "THCS Nguyễn Du", "THCS"],
                [commune_a.code, "Trường Cao đẳng nghề Hà Nội", "Trường đại học, cao đẳng"],
                [commune_a.code, "KCN Bắc Thăng Long", "Khu công nghiệp"],
            ]
        ),
    )
    assert (report.rows, report.created, report.errors) == (3, 3, [])
    assert dict(School.objects.values_list("name", "level")) == {
        "THCS Nguyễn Du": SchoolLevel.LOWER_SECONDARY,
        "Trường Cao đẳng nghề Hà Nội": SchoolLevel.UNIVERSITY,
    }
    assert IndustrialZone.objects.get().commune == commune_a


def test_a_bad_row_saves_nothing_and_is_named(alice, commune_a, commune_b):
    report = targets_import(
        actor=alice,
        filename="truong.xlsx",
        data=_xlsx(
            [
                [commune_a.code, "THCS Nguyễn Du", "THCS"],
                [commune_a.code, "Trường Mầm non Hoa Sen", "mầm non"],
                [commune_b.code, "THPT Phan Đình Phùng", "THPT"],
            ]
        ),
    )
    assert report.created == 0 and not School.objects.exists()
    assert [(e.row, e.code) for e in report.errors] == [
        (3, "outreach_import_kind"),
        (4, "population_commune_unknown"),
    ]


def test_a_file_without_the_columns_is_refused(alice):
    target = io.BytesIO()
    write_xlsx(target, ["Ghi chú"], [["x"]])
    target.seek(0)
    with pytest.raises(DomainError) as error:
        targets_import(actor=alice, filename="x.xlsx", data=target)
    assert error.value.code == "outreach_import_columns_missing"


def test_a_reader_without_writing_rights_finds_nothing(ann):
    with pytest.raises(NotFound):
        targets_import(actor=ann, filename="x.xlsx", data=_xlsx([]))
