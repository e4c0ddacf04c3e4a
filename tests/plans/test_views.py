"""Jurisdiction on every route of plans and the dashboard, pages and API.

Personas: alice and bob (officers of communes A and B), sam (provincial supervisor), hana
(health department: persons yes, places never), ann (analyst: numbers, no names), olga
(outsider), pc04 (provincial drug unit officer: writes the province's plans).
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from pcmt.places.models import HotspotSeverity
from pcmt.plans.models import Plan, TargetUnit, TaskStatus
from pcmt.plans.seeds import plan_templates_load
from pcmt.plans.services import plan_create, target_add, task_add

D = datetime.date


@pytest.fixture
def plans(pc04, alice, province, commune_a):
    """A province plan for 2024 (persons and places targets for each commune) and commune A's."""
    province_plan = plan_create(
        actor=pc04,
        unit=province,
        number="45/KH-UBND",
        issued_on=D(2024, 2, 2),
        issuer="UBND thành phố",
        title="Kế hoạch năm 2024",
        period_start=D(2024, 1, 1),
        period_end=D(2024, 12, 31),
    )
    for indicator, comparison, value in (
        ("post_rehab_managed", "gte", 1),
        ("hotspots_at_businesses", "lte", 0),
    ):
        target_add(
            actor=pc04,
            plan=province_plan,
            indicator=indicator,
            comparison=comparison,
            value=Decimal(value),
            applies_to=TargetUnit.EACH_COMMUNE,
        )
    commune_plan = plan_create(
        actor=alice,
        unit=commune_a,
        number="3/KH-UBND",
        issued_on=D(2024, 1, 20),
        issuer="UBND phường",
        title="Kế hoạch của phường",
        period_start=D(2024, 1, 1),
        period_end=D(2024, 12, 31),
    )
    task = task_add(
        actor=alice,
        plan=commune_plan,
        title="Tuyên truyền",
        deadline=D(2024, 3, 1),
        agency_name="A",
    )
    return province_plan, commune_plan, task


@pytest.fixture
def data(register, in_category, make_hotspot, make_business):
    person = register(full_name="Nguyễn Văn Sau Cai")
    in_category(person, "post_rehab", D(2024, 5, 1))
    make_hotspot(name="Phòng hát", business=make_business(), severity=HotspotSeverity.ORDINARY)
    return person


def _drill(indicator, part="numerator", **extra):
    query = {"indicator": indicator, "start": "2024-01-01", "end": "2024-12-31", "part": part}
    query.update(extra)
    return reverse("dashboard_drill") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


@pytest.mark.parametrize("who", ["alice", "sam", "hana", "ann"])
def test_readers_of_aggregates_open_the_dashboard(client, request, who, plans, data):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("dashboard") + "?year=2024")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Người được quản lý sau cai nghiện" in body or "post-rehab" in body.lower()


def test_the_outsider_does_not_find_the_dashboard(client, olga):
    client.force_login(olga)
    for name in ("dashboard", "plan_list", "dashboard_export", "indicator_library"):
        assert client.get(reverse(name)).status_code == 404
    assert client.get(reverse("api_indicator_list")).status_code == 404
    assert client.get(reverse("api_plan_list")).status_code == 404


def test_the_health_user_sees_person_targets_but_never_places(client, hana, plans, data):
    client.force_login(hana)
    body = client.get(reverse("dashboard") + "?year=2024").content.decode()
    assert "hotspots_at_businesses" not in body
    keys = [i["key"] for i in client.get(reverse("api_indicator_list")).json()]
    assert "post_rehab_managed" in keys and "hotspot_change" not in keys
    assert client.get(reverse("api_indicator_detail", args=["hotspot_change"])).status_code == 404
    assert client.get(_drill("hotspots_at_businesses")).status_code == 404


def test_an_officer_drills_down_to_the_persons_behind_a_number(client, alice, plans, data):
    client.force_login(alice)
    response = client.get(_drill("post_rehab_managed"))
    assert response.status_code == 200
    assert "Nguyễn Văn Sau Cai" in response.content.decode()
    places = client.get(_drill("hotspots_at_businesses")).content.decode()
    assert "Phòng hát" in places


def test_the_analyst_gets_numbers_and_no_names(client, ann, plans, data):
    client.force_login(ann)
    body = client.get(reverse("dashboard") + "?year=2024").content.decode()
    assert "drill-numerator" not in body
    assert client.get(_drill("post_rehab_managed")).status_code == 404
    (row,) = [
        i
        for i in client.get(
            reverse("api_indicator_list") + "?start=01/01/2024&end=31/12/2024"
        ).json()
        if i["key"] == "post_rehab_managed"
    ]
    assert row["total"]["numerator"] == 1
    assert "Nguyễn" not in str(row)


def test_another_communes_officer_finds_nothing_of_commune_a(client, bob, commune_a, plans, data):
    _province_plan, commune_plan, task = plans
    client.force_login(bob)
    assert client.get(reverse("dashboard") + f"?commune={commune_a.pk}").status_code == 404
    assert client.get(_drill("post_rehab_managed", commune=commune_a.pk)).status_code == 404
    assert client.get(reverse("plan_detail", args=[commune_plan.pk])).status_code == 404
    assert client.get(reverse("api_plan_detail", args=[commune_plan.pk])).status_code == 404
    posted = client.post(
        reverse("plan_task_progress", args=[task.pk]), {"status": "done", "on": "01/03/2024"}
    )
    assert posted.status_code == 404
    assert client.post(reverse("plan_copy", args=[commune_plan.pk]), {}).status_code == 404
    # Bob's own drill-down of his commune shows nobody of commune A.
    own = client.get(_drill("post_rehab_managed")).content.decode()
    assert "Nguyễn Văn Sau Cai" not in own


def test_province_users_read_commune_plans_but_only_writers_change_them(client, sam, pc04, plans):
    province_plan, commune_plan, _task = plans
    client.force_login(sam)
    assert client.get(reverse("plan_detail", args=[commune_plan.pk])).status_code == 200
    assert client.post(reverse("plan_task_add", args=[province_plan.pk]), {}).status_code == 404
    client.force_login(pc04)
    response = client.post(
        reverse("plan_task_add", args=[province_plan.pk]),
        {"title": "Bản đồ số", "agency_name": "Công an tỉnh", "deadline": "31/12/2024"},
    )
    assert response.status_code == 302
    assert province_plan.tasks.get().title == "Bản đồ số"


def test_the_commune_officer_writes_his_plan_and_records_progress(client, alice, plans):
    _province_plan, commune_plan, task = plans
    client.force_login(alice)
    response = client.post(
        reverse("plan_task_progress", args=[task.pk]),
        {"status": "in_progress", "note": "Đã tổ chức 2 buổi", "on": "15/02/2024"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    assert (
        "Đã tổ chức 2 buổi"
        in client.get(reverse("plan_detail", args=[commune_plan.pk])).content.decode()
    )


def test_bad_input_gets_a_vietnamese_error_not_a_crash(client, pc04, alice, plans):
    province_plan, _commune_plan, _task = plans
    client.force_login(pc04)
    response = client.post(
        reverse("plan_copy", args=[province_plan.pk]), {"number": "", "issued_on": "31/02/2025"}
    )
    assert response.status_code == 400
    client.force_login(alice)
    assert client.get(reverse("dashboard_drill") + "?indicator=x&start=abc").status_code == 400
    assert client.get(reverse("dashboard") + "?year=abc").status_code == 200
    bad = client.get(reverse("api_indicator_list") + "?start=31/12/2024&end=01/01/2024")
    assert bad.status_code == 400 and bad.json()["code"] == "period_reversed"


def test_copy_and_create_through_the_pages(client, pc04, province, plans):
    province_plan, _commune_plan, _task = plans
    client.force_login(pc04)
    response = client.post(
        reverse("plan_copy", args=[province_plan.pk]),
        {"number": "7/KH-UBND", "issued_on": "10/01/2025"},
    )
    assert response.status_code == 302
    copy = Plan.objects.get(number="7/KH-UBND")
    assert copy.targets.count() == 2 and copy.period_start == D(2025, 1, 1)


def test_the_export_is_a_spreadsheet_of_the_dashboard(client, sam, plans, data):
    client.force_login(sam)
    response = client.get(reverse("dashboard_export") + "?year=2024")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_the_api_lists_plans_and_is_in_the_schema(client, sam, plans, province):
    plan_templates_load(province=province)
    client.force_login(sam)
    numbers = [p["number"] for p in client.get(reverse("api_plan_list")).json()]
    assert "45/KH-UBND" in numbers and "3220/KH-UBND" in numbers
    rows = client.get(reverse("api_plan_dashboard") + "?year=2024").json()
    assert {row["status"] for row in rows} <= {"met", "on_track", "at_risk", "missed", "no_data"}
    schema = client.get(reverse("api_schema")).content.decode()
    assert "/api/v1/indicators/" in schema and "/api/v1/plans/" in schema


def test_the_health_user_reads_a_plan_with_every_target_named(client, hana, plans):
    province_plan, _commune_plan, _task = plans
    client.force_login(hana)
    body = client.get(reverse("plan_detail", args=[province_plan.pk])).content.decode()
    assert "Điểm, tụ điểm tại cơ sở kinh doanh có điều kiện" in body
    assert "hotspots_at_businesses" not in body


def test_a_commune_officer_gets_the_figures_of_his_commune_only(client, bob, commune_b, data):
    client.force_login(bob)
    found = client.get(
        reverse("api_indicator_detail", args=["post_rehab_managed"])
        + "?start=01/01/2024&end=31/12/2024"
    ).json()
    assert [c["commune"] for c in found["communes"]] == [commune_b.pk]
    assert found["total"]["numerator"] == 0


def test_the_dashboard_takes_the_figures_at_the_end_of_a_quarter(client, sam, plans, data):
    client.force_login(sam)
    body = client.get(reverse("dashboard") + "?year=2024&quarter=1").content.decode()
    assert "31/03/2024" in body
    assert "Quý 2/2024" not in body
    assert client.get(reverse("dashboard") + "?year=2024&quarter=9").status_code == 200
