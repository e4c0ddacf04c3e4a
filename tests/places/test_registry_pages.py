"""Pages and API of incidents, key areas, businesses and drug-free units: who sees what,
Vietnamese order, forms with field errors, versions (hidden field, ETag/If-Match), counts,
spreadsheet export."""

import datetime
import io

import pytest
from django.urls import reverse

from pcmt.core.tabular import open_table
from pcmt.places.models import Business, BusinessKind, Incident, KeyArea
from pcmt.places.services import (
    DrugFreeInput,
    IncidentInput,
    business_inspect,
    drug_free_recognise,
    incident_create,
)

D = datetime.date
LISTS = ["incident_list", "key_area_list", "business_list", "drug_free_list"]


@pytest.fixture
def personas(alice, bob, sam, hana, ann, olga, pc04, susan):
    return None


@pytest.fixture
def world(personas, alice, bob, commune_a, commune_b, make_business, make_key_area, make_hotspot):
    karaoke = make_business(name="Karaoke Ánh")
    make_business(name="Karaoke Anh", kind=BusinessKind.KARAOKE)
    make_business(actor=bob, commune=commune_b, name="Nhà nghỉ Cúc", kind=BusinessKind.GUEST_HOUSE)
    make_key_area()
    make_key_area(actor=bob, commune=commune_b)
    for actor, commune in ((alice, commune_a), (bob, commune_b)):
        incident_create(
            actor=actor,
            data=IncidentInput(
                commune=commune, summary="Bắt quả tang", kind="arrest", occurred_on=D(2024, 1, 5)
            ),
        )
        drug_free_recognise(
            actor=actor,
            data=DrugFreeInput(
                commune=commune, decision_number="1/QĐ", recognised_on=D(2024, 1, 1)
            ),
        )
    make_hotspot(name="Phòng hát", business=karaoke)
    return karaoke


@pytest.mark.parametrize(
    ("persona", "status", "count"),
    [
        ("alice", 200, 1),
        ("bob", 200, 1),
        ("sam", 200, 2),
        ("pc04", 200, 2),
        ("hana", 404, None),
        ("susan", 404, None),
        ("ann", 404, None),
        ("olga", 404, None),
    ],
)
@pytest.mark.parametrize("route", LISTS)
def test_each_list_by_persona(client, world, route, persona, status, count, django_user_model):
    client.force_login(django_user_model.objects.get(username=persona))
    response = client.get(reverse(route))
    assert response.status_code == status
    api = client.get(reverse(f"api_{route}"))
    assert api.status_code == status
    export = client.get(reverse(route.replace("_list", "_export")))
    assert export.status_code == status
    if count is not None:
        expected = count + 1 if route == "business_list" and persona != "bob" else count
        assert response.context["count"] == expected
        assert api.json()["count"] == expected


def test_businesses_in_vietnamese_order_and_filtered(client, sam, world, commune_b):
    client.force_login(sam)
    response = client.get(reverse("business_list"))
    assert [b.name for b in response.context["page"]] == [
        "Karaoke Anh",
        "Karaoke Ánh",
        "Nhà nghỉ Cúc",
    ]
    kind = client.get(reverse("business_list"), {"kind": "guest_house"})
    assert [b.name for b in kind.context["page"]] == ["Nhà nghỉ Cúc"]
    api = client.get(reverse("api_business_list"), {"commune": commune_b.code})
    assert [b["name"] for b in api.json()["results"]] == ["Nhà nghỉ Cúc"]


def test_the_export_holds_the_filtered_list(client, sam, world):
    client.force_login(sam)
    response = client.get(reverse("business_export"), {"kind": "karaoke"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    table = open_table("x.xlsx", io.BytesIO(response.content), {"name": ["Tên"]})
    rows = [cells for _, cells in table.rows]
    assert table.headers[0] == "Name" or table.headers[0] == "Tên"
    assert [row[0] for row in rows] == ["Karaoke Anh", "Karaoke Ánh"]


def test_the_business_page_shows_its_hotspot_and_inspections(client, alice, world):
    business_inspect(
        actor=alice, business=world, inspected_on=D(2024, 2, 1), team="Tổ 1", drug_use_found=True
    )
    client.force_login(alice)
    page = client.get(reverse("business_detail", args=[world.pk]), HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    assert "Phòng hát" in html and "Tổ 1" in html
    assert page.context["inspect_form"] is not None
    assert [event.action for event, _ in page.context["timeline"]] == [
        "business_created",
        "business_inspected",
    ]


def test_registering_an_incident_on_the_page_with_field_errors(
    client, alice, commune_a, make_hotspot
):
    hotspot = make_hotspot()
    client.force_login(alice)
    data = {
        "commune": commune_a.pk,
        "summary": "Thu giữ ma túy đá",
        "kind": "seizure",
        "occurred_on": "05/04/2024",
        "quantity": "12.5",
        "hotspot": hotspot.pk,
    }
    refused = client.post(reverse("incident_create"), data)
    assert refused.status_code == 200
    assert "unit" in refused.context["form"].errors
    assert not Incident.objects.exists()
    saved = client.post(reverse("incident_create"), {**data, "unit": "gam"})
    incident = Incident.objects.get()
    assert saved["Location"] == reverse("incident_detail", args=[incident.pk])
    assert incident.hotspot == hotspot and incident.unit == "gam"


def test_selecting_and_transforming_a_key_area_on_the_pages(client, alice, commune_a):
    client.force_login(alice)
    created = client.post(
        reverse("key_area_create"),
        {
            "commune": commune_a.pk,
            "area_type": "I",
            "decision_number": "15/QĐ-UBND",
            "selected_on": "10/01/2024",
        },
    )
    area = KeyArea.objects.get()
    assert created.status_code == 302
    client.post(reverse("key_area_start", args=[area.pk]), {"transforming_since": "01/02/2024"})
    client.post(reverse("key_area_transform", args=[area.pk]), {"transformed_on": "01/12/2024"})
    area.refresh_from_db()
    assert area.status == "transformed"
    page = client.get(reverse("key_area_detail", args=[area.pk]))
    assert page.context["re_emerge_form"] is not None
    assert page.context["transform_form"] is None


def test_an_edit_form_carries_the_version_and_refuses_a_stale_one(client, alice, world):
    client.force_login(alice)
    url = reverse("business_edit", args=[world.pk])
    form = client.get(url).context["form"]
    assert form["version"].value() == 1
    assert "commune" not in form.fields
    data = {"name": "Karaoke Ánh Dương", "kind": "karaoke", "opened_on": "01/05/2022"}
    saved = client.post(url, {**data, "version": 1})
    assert saved.status_code == 302
    stale = client.post(url, {**data, "name": "Karaoke Khác", "version": 1})
    assert stale.status_code == 200
    assert "Karaoke Khác" not in Business.objects.values_list("name", flat=True)
    assert stale.context["form"].non_field_errors()
    assert stale.context["form"].data["version"] == "2"


def test_the_api_changes_a_record_only_with_the_version_it_read(client, alice, world):
    client.force_login(alice)
    url = reverse("api_business_detail", args=[world.pk])
    read = client.get(url)
    assert read["ETag"] == '"1"'
    missing = client.patch(url, {"name": "Mới"}, content_type="application/json")
    assert missing.status_code == 428
    changed = client.patch(
        url, {"name": "Karaoke Mới"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["name"], changed["ETag"]) == ("Karaoke Mới", '"2"')
    assert changed.json()["kind"] == "karaoke"
    stale = client.patch(
        url, {"name": "Karaoke Cũ"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert stale.status_code == 412
    assert stale.json()["code"] == "stale_version"


def test_the_api_registers_a_business_and_records_an_inspection(client, alice, commune_a):
    client.force_login(alice)
    created = client.post(
        reverse("api_business_list"),
        {"commune": commune_a.code, "name": "Bar Sao", "kind": "bar", "opened_on": "2023-01-01"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    inspected = client.post(
        reverse("api_business_inspect", args=[pk]),
        {"inspected_on": "2024-03-01", "team": "Tổ kiểm tra", "drug_use_found": True},
        content_type="application/json",
    )
    assert inspected.status_code == 200, inspected.content
    assert Business.objects.get(pk=pk).inspections.get().drug_use_found


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("sam", 200), ("ann", 200), ("hana", 404), ("susan", 404), ("olga", 404)],
)
def test_counts_are_for_analysts_too_but_not_for_health(
    client, world, persona, status, django_user_model
):
    client.force_login(django_user_model.objects.get(username=persona))
    assert client.get(reverse("place_counts")).status_code == status
    for name in ("api_key_area_counts", "api_business_counts", "api_drug_free_counts"):
        assert client.get(reverse(name)).status_code == status
    since = client.get(reverse("api_incident_counts"), {"since": "2024-01-01"})
    assert since.status_code == status


def test_the_counts_page_shows_numbers_and_no_names(client, ann, world):
    client.force_login(ann)
    page = client.get(reverse("place_counts"), {"on": "31/12/2024"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert page.context["hotspots"]["tied_to_entertainment"] == 1
    assert page.context["key_areas"]["selected"] == 2
    assert page.context["drug_free"]["commune"]["drug_free"] == 2
    html = page.content.decode()
    assert "Karaoke" not in html
    assert "Gắn với cơ sở kinh doanh dịch vụ vui chơi giải trí" in html
    api = client.get(reverse("api_drug_free_counts"), {"on": "2023-12-31"}).json()
    assert api["commune"] == {"drug_free": 0, "units": 2, "share": "0.0"}
    incidents = client.get(
        reverse("api_incident_counts"), {"since": "2024-01-01", "until": "2024-12-31"}
    ).json()
    assert incidents["total"] == 2


def test_the_api_schema_lists_every_registry(client, alice):
    client.force_login(alice)
    schema = client.get(reverse("api_schema")).content.decode()
    for path in (
        "/api/v1/incidents/",
        "/api/v1/incidents/counts/",
        "/api/v1/key-areas/{key_area_pk}/transform/",
        "/api/v1/businesses/{business_pk}/inspect/",
        "/api/v1/drug-free-recognitions/{drug_free_pk}/withdraw/",
        "/api/v1/drug-free-assessments/",
        "/api/v1/drug-free-assessments/{drug_free_assessment_pk}/",
        "/api/v1/drug-free-assessments/{drug_free_assessment_pk}/recognise/",
        "/api/v1/drug-free-assessments/counts/",
        "/api/v1/hotspots/{hotspot_pk}/persons/",
    ):
        assert path in schema


@pytest.mark.parametrize(
    ("registry", "model"),
    [
        ("hotspot", "Hotspot"),
        ("incident", "Incident"),
        ("key_area", "KeyArea"),
        ("business", "Business"),
        ("drug_free", "DrugFreeRecognition"),
    ],
)
def test_each_edit_page_saves_a_change_with_one_event(client, alice, world, registry, model):
    from pcmt.audit.models import Event
    from pcmt.places import models

    record = getattr(models, model).objects.filter(commune__code="00004").first()
    client.force_login(alice)
    url = reverse(f"{registry}_edit", args=[record.pk])
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if hasattr(value, "strftime"):
            value = value.strftime("%d/%m/%Y")
        elif hasattr(value, "pk"):
            value = value.pk
        data[name] = value
    data["note"] = "Đã xác minh lại"
    before = Event.objects.of(registry, record.pk).count()
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    record.refresh_from_db()
    assert (record.note, record.version) == ("Đã xác minh lại", 2)
    assert Event.objects.of(registry, record.pk).count() == before + 1


def test_put_needs_the_whole_record_and_keeps_the_commune_and_dates(client, alice, world):
    client.force_login(alice)
    url = reverse("api_business_detail", args=[world.pk])
    partial = client.put(
        url, {"name": "Chỉ có tên"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert partial.status_code == 400
    whole = client.put(
        url,
        {
            "commune": "00008",
            "name": "Karaoke Ánh Dương",
            "kind": "bar",
            "opened_on": "2022-05-01",
            "licence_number": "9/GCN",
        },
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
    )
    assert whole.status_code == 200, whole.content
    body = whole.json()
    assert (body["commune"], body["kind"], body["licence_number"]) == ("00004", "bar", "9/GCN")
    assert whole["ETag"] == '"2"'


def test_put_on_a_hotspot_keeps_its_dated_steps(client, alice, world):
    from pcmt.places.models import Hotspot

    hotspot = Hotspot.objects.get(name="Phòng hát")
    client.force_login(alice)
    response = client.put(
        reverse("api_hotspot_detail", args=[hotspot.pk]),
        {"name": "Phòng hát số 3", "kind": "selling", "discovered_on": "2020-01-01"},
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == "Phòng hát số 3"
    assert body["discovered_on"] == hotspot.discovered_on.isoformat()
    assert body["business"] is None


def test_a_place_is_registered_in_a_village_of_its_commune_only(
    client, alice, commune_a, commune_b, village_of
):
    own = village_of("Tổ dân phố 1")
    other = village_of("Tổ dân phố 9", commune=commune_b)
    client.force_login(alice)
    form = client.get(reverse("business_create")).context["form"]
    assert list(form.fields["village"].queryset) == [own]
    data = {"commune": commune_a.pk, "name": "Bar Sao", "kind": "bar", "opened_on": "01/01/2023"}
    refused = client.post(reverse("business_create"), {**data, "village": other.pk})
    assert "village" in refused.context["form"].errors
    saved = client.post(reverse("business_create"), {**data, "village": own.pk})
    assert saved.status_code == 302
    assert Business.objects.get().village == own


def test_the_business_worklist_names_licences_inspections_and_hotspots(
    client, alice, bob, hana, make_business
):
    from django.utils import timezone

    today = timezone.localdate()
    expiring = make_business(
        name="Quán bar Trăng",
        kind="bar",
        licence_issued_on=D(2022, 1, 1),
        licence_expires_on=today + datetime.timedelta(days=10),
    )
    inspected = make_business(name="Nhà nghỉ Hòa Bình", kind="guest_house")
    business_inspect(
        actor=alice,
        business=inspected,
        inspected_on=today - datetime.timedelta(days=20),
        team="Tổ kiểm tra",
    )
    client.force_login(alice)
    page = client.get(reverse("business_worklist"))
    worklist = page.context["worklist"]
    assert list(worklist.licences_expiring) == [expiring]
    assert list(worklist.not_inspected) == [expiring]
    short = client.get(reverse("business_worklist"), {"days": 10}).context["worklist"]
    assert set(short.not_inspected) == {expiring, inspected}
    client.force_login(bob)
    assert list(client.get(reverse("business_worklist")).context["worklist"].not_inspected) == []
    client.force_login(hana)
    assert client.get(reverse("business_worklist")).status_code == 404
