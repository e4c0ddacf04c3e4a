"""Spreadsheet import of the registries: template, columns by name, every bad row reported,
all rows or none."""

import datetime
import io

from django.urls import reverse

from pcmt.core.tabular import open_table, write_xlsx
from pcmt.places.models import Business, Hotspot
from pcmt.places.spreadsheets import IMPORTS, registry_import


def _xlsx(headers, rows):
    buffer = io.BytesIO()
    write_xlsx(buffer, headers, rows)
    buffer.seek(0)
    return buffer


def test_the_template_reads_back_with_its_own_columns(client, alice):
    client.force_login(alice)
    response = client.get(reverse("hotspot_import_template"))
    table = open_table("mau.xlsx", io.BytesIO(response.content), IMPORTS["hotspot"].synonyms)
    assert set(table.mapping) == set(IMPORTS["hotspot"].headers)
    row = next(table.rows)[1]
    assert row[3] == "tổ chức sử dụng"


def test_a_list_with_bad_rows_saves_nothing_and_names_each_row(alice, commune_a, commune_b):
    data = _xlsx(
        ["Mã xã", "Tên điểm", "Loại", "Ngày phát hiện", "Vĩ độ", "Kinh độ"],
        [
            ["00004", "Bãi đất trống", "organised_use", "15/03/2024", "", ""],
            ["00008", "Chợ cũ", "selling", "15/03/2024", "", ""],
            ["00004", "Nhà hoang", "không rõ", "15/03/2024", "", ""],
            ["00004", "Quán nước", "selling", "31/02/2024", "", ""],
            ["00004", "", "selling", "01/03/2024", "", ""],
        ],
    )
    report = registry_import(actor=alice, name="hotspot", filename="ds.xlsx", data=data)
    assert [(e.row, e.code) for e in report.errors] == [
        (3, "population_commune_unknown"),
        (4, "place_import_choice"),
        (5, "place_import_date"),
        (6, "hotspot_name_required"),
    ]
    assert report.rows == 5 and not report.saved
    assert not Hotspot.objects.exists()


def test_a_good_list_is_saved_through_the_service_with_vietnamese_labels(alice, commune_a):
    data = _xlsx(
        ["Mã xã/phường", "Tên cơ sở", "Loại hình", "Hoạt động từ ngày", "Ngày hết hạn"],
        [
            ["4", "Karaoke Hoa Hồng", "karaoke", "01/05/2022", "01/05/2027"],
            ["00004", "Nhà nghỉ Bình An", "Nhà nghỉ", "2023-01-10", ""],
        ],
    )
    report = registry_import(actor=alice, name="business", filename="ds.xlsx", data=data)
    assert report.errors == [] and report.created == 2
    assert sorted(Business.objects.values_list("kind", flat=True)) == ["guest_house", "karaoke"]


def test_the_import_page_reports_bad_rows_and_hides_from_supervisors(client, alice, sam):
    client.force_login(sam)
    assert client.get(reverse("hotspot_import")).status_code == 404
    client.force_login(alice)
    upload = _xlsx(["Mã xã", "Tên điểm", "Loại", "Ngày phát hiện"], [["00004", "X", "?", ""]])
    upload.name = "ds.xlsx"
    response = client.post(reverse("hotspot_import"), {"file": upload})
    assert response.status_code == 400
    assert [e.code for e in response.context["report"].errors] == ["place_import_choice"]
    csv = io.BytesIO(
        "Mã xã,Tên điểm,Loại,Ngày phát hiện\n00004,Ngõ 5,selling,01/02/2024\n".encode()
    )
    csv.name = "ds.csv"
    saved = client.post(reverse("hotspot_import"), {"file": csv})
    assert saved.status_code == 302
    assert Hotspot.objects.get().name == "Ngõ 5"


def test_a_file_without_the_needed_columns_is_refused(client, alice):
    client.force_login(alice)
    upload = _xlsx(["Cột A", "Cột B"], [["1", "2"]])
    upload.name = "ds.xlsx"
    response = client.post(reverse("key_area_import"), {"file": upload})
    assert response.status_code == 400
    assert "file" in response.context["form"].errors


def test_hotspots_are_imported_at_risk_or_detected_and_exported_with_their_steps(
    client, alice, commune_a
):
    from pcmt.places.models import HotspotStatus
    from pcmt.places.services import hotspot_eliminate

    data = _xlsx(
        ["Mã xã", "Tên điểm", "Loại", "Tình trạng", "Ngày phát hiện"],
        [
            ["00004", "Bãi đất trống", "organised_use", "điểm nguy cơ", "15/03/2024"],
            ["00004", "Chợ cũ", "selling", "", "15/03/2024"],
            ["00004", "Nhà hoang", "selling", "đã triệt xóa", "15/03/2024"],
        ],
    )
    report = registry_import(actor=alice, name="hotspot", filename="ds.xlsx", data=data)
    assert [(e.row, e.code) for e in report.errors] == [(4, "place_import_choice")]
    data = _xlsx(
        ["Mã xã", "Tên điểm", "Loại", "Tình trạng", "Ngày phát hiện"],
        [
            ["00004", "Bãi đất trống", "organised_use", "điểm nguy cơ", "15/03/2024"],
            ["00004", "Chợ cũ", "selling", "", "15/03/2024"],
        ],
    )
    report = registry_import(actor=alice, name="hotspot", filename="ds.xlsx", data=data)
    assert report.errors == [] and report.created == 2
    statuses = dict(Hotspot.objects.values_list("name", "status"))
    assert statuses == {"Bãi đất trống": HotspotStatus.AT_RISK, "Chợ cũ": HotspotStatus.DETECTED}
    market = Hotspot.objects.get(name="Chợ cũ")
    hotspot_eliminate(actor=alice, hotspot=market, eliminated_on=datetime.date(2024, 6, 1))
    client.force_login(alice)
    exported = client.get(reverse("hotspot_export"), HTTP_ACCEPT_LANGUAGE="vi")
    table = open_table("ds.xlsx", io.BytesIO(exported.content), {"name": ["Tên"]})
    rows = [" | ".join(str(c) for c in row) for _, row in table.rows]
    assert any("đã triệt xóa" in row and "01/09/2024" in row for row in rows), rows
    assert any("điểm nguy cơ" in row for row in rows), rows
