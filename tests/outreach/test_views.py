"""Outreach pages: the list with filters, the form with clear errors, an activity, the export."""

import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from pcmt.outreach.models import IndustrialZone, OutreachActivity, School

D = datetime.date


def _post(client, commune, **fields):
    data = {
        "commune": commune.pk,
        "held_on": "05/03/2024",
        "organiser": "Công an phường",
        "audience": "150",
        "topics": ["e_cigarettes", "laughing_gas"],
        **fields,
    }
    return client.post(reverse("outreach_create"), data)


def test_an_officer_records_an_activity_and_sees_it(client, alice, commune_a, school_of):
    school = school_of("THCS Nguyễn Du")
    client.force_login(alice)
    response = _post(client, commune_a, schools=[school.pk])
    activity = OutreachActivity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("outreach_detail", args=[activity.pk])
    page = client.get(response["Location"]).content.decode()
    assert "THCS Nguyễn Du" in page and "05/03/2024" in page
    assert "thuốc lá điện tử" in page


def test_the_form_explains_a_missing_target(client, alice, commune_a):
    client.force_login(alice)
    response = _post(client, commune_a)
    assert response.status_code == 200
    assert "Chọn trường học, tổ dân phố hoặc thôn" in response.content.decode()
    assert not OutreachActivity.objects.exists()


def test_the_list_filters_by_day_and_topic_and_exports(client, sam, commune_a, school_of, held):
    school = school_of("THCS Nguyễn Du")
    held(D(2024, 3, 5), schools=[school])
    held(D(2023, 3, 5), schools=[school])
    client.force_login(sam)
    page = client.get(reverse("outreach_list"), {"since": "01/01/2024"}).content.decode()
    assert "05/03/2024" in page and "05/03/2023" not in page
    none = client.get(reverse("outreach_list"), {"topic": "cyberspace"}).content.decode()
    assert "Chưa có hoạt động tuyên truyền nào." in none
    both = client.get(reverse("outreach_list"), {"topic": "laughing_gas"}).content.decode()
    assert "05/03/2024" in both and "05/03/2023" in both
    export = client.get(reverse("outreach_export"), {"since": "01/01/2024"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["05/03/2024"]


def test_out_of_jurisdiction_is_not_found(client, bob, ann, commune_a, school_of, held):
    activity = held(D(2024, 3, 5), schools=[school_of("THCS Nguyễn Du")])
    client.force_login(bob)
    assert client.get(reverse("outreach_detail", args=[activity.pk])).status_code == 404
    # Another commune's officer cannot record for commune A: the commune is not a choice.
    response = _post(client, commune_a, channel="zalo", channel_name="Nhóm", channel_reach="5")
    assert response.status_code == 200 and OutreachActivity.objects.count() == 1
    client.force_login(ann)
    assert client.get(reverse("outreach_list")).status_code == 404
    assert client.get(reverse("outreach_create")).status_code == 404


def test_an_officer_imports_the_list_from_a_page(client, alice, commune_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pcmt.core.tabular import write_xlsx
    from pcmt.outreach.models import School

    client.force_login(alice)
    template = client.get(reverse("outreach_import_template"))
    assert template.status_code == 200
    target = io.BytesIO()
    write_xlsx(
        target, ["Mã xã/phường", "Tên", "Loại"], [[commune_a.code, "THPT Chu Văn An", "THPT"]]
    )
    upload = SimpleUploadedFile("truong.xlsx", target.getvalue())
    response = client.post(reverse("outreach_import"), {"file": upload})
    assert response.status_code == 302
    assert School.objects.get().name == "THPT Chu Văn An"
    bad = io.BytesIO()
    write_xlsx(bad, ["Mã xã/phường", "Tên", "Loại"], [[commune_a.code, "Mầm non", "mầm non"]])
    response = client.post(
        reverse("outreach_import"), {"file": SimpleUploadedFile("x.xlsx", bad.getvalue())}
    )
    assert response.status_code == 400 and "outreach_import_kind" in response.content.decode()


def test_only_writers_reach_the_import(client, sam, ann):
    for user in (sam, ann):
        client.force_login(user)
        assert client.get(reverse("outreach_import")).status_code == 404
        assert client.get(reverse("outreach_import_template")).status_code == 404


def test_an_officer_keeps_the_lists_of_schools_and_zones(client, alice, sam, commune_a):
    client.force_login(alice)
    added = client.post(
        reverse("school_create"),
        {"commune": commune_a.pk, "name": "THCS Nguyễn Du", "level": "lower_secondary"},
    )
    assert added.status_code == 302 and added["Location"] == reverse("outreach_targets")
    client.post(reverse("industrial_zone_create"), {"commune": commune_a.pk, "name": "KCN Quế Võ"})
    school = School.objects.get()
    twice = client.post(
        reverse("school_create"),
        {"commune": commune_a.pk, "name": "THCS Nguyễn Du", "level": "lower_secondary"},
    )
    assert "Danh sách của xã đã có trường học mang tên này." in twice.content.decode()
    edited = client.post(
        reverse("school_edit", args=[school.pk]),
        {"name": "THPT Nguyễn Du", "level": "upper_secondary"},
    )
    assert edited.status_code == 302
    school.refresh_from_db()
    # The box unticked takes the school off the list; it stays on the record.
    assert (school.name, school.level, school.is_active) == (
        "THPT Nguyễn Du",
        "upper_secondary",
        False,
    )
    zone = IndustrialZone.objects.get()
    client.force_login(sam)
    listed = client.get(reverse("outreach_targets"), {"commune": commune_a.pk}).content.decode()
    assert "THPT Nguyễn Du" in listed and "KCN Quế Võ" in listed
    assert reverse("school_edit", args=[school.pk]) not in listed
    assert client.get(reverse("industrial_zone_edit", args=[zone.pk])).status_code == 404


def test_an_officer_corrects_an_activity(client, alice, sam, commune_a, school_of, held):
    first, second = school_of("THCS Một"), school_of("THCS Hai")
    activity = held(D(2024, 3, 5), schools=[first])
    client.force_login(alice)
    form = client.get(reverse("outreach_edit", args=[activity.pk])).content.decode()
    assert 'value="05/03/2024"' in form and "Sửa hoạt động tuyên truyền" in form
    # Another activity alongside: the edit touches only its own.
    held(D(2024, 4, 1), schools=[first])
    saved = client.post(
        reverse("outreach_edit", args=[activity.pk]),
        {
            "commune": commune_a.pk,
            "held_on": "06/03/2024",
            "organiser": "Công an phường",
            "audience": "80",
            "topics": ["e_cigarettes"],
            "schools": [second.pk],
        },
    )
    assert saved.status_code == 302
    activity.refresh_from_db()
    assert (activity.held_on, activity.audience) == (D(2024, 3, 6), 80)
    assert list(activity.schools.all()) == [second]
    assert OutreachActivity.objects.count() == 2
    client.force_login(sam)
    assert client.get(reverse("outreach_edit", args=[activity.pk])).status_code == 404
