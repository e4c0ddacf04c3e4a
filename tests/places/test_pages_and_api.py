"""Hotspot pages and API: who sees what (police data, need to know), filters, forms."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from pcmt.audit.models import Event
from pcmt.places.models import Hotspot, HotspotSeverity, HotspotStatus
from pcmt.places.services import hotspot_eliminate

D = datetime.date


@pytest.fixture
def personas(alice, bob, sam, hana, ann, olga, pc04, susan):
    return None


@pytest.fixture
def two(personas, make_hotspot, bob, commune_b):
    a = make_hotspot(name="Ngõ Ánh", severity=HotspotSeverity.SEVERE)
    b = make_hotspot(name="Ngõ Anh")
    c = make_hotspot(actor=bob, commune=commune_b, name="Chợ cũ")
    return a, b, c


def _names(response: Any) -> list[str]:
    return [h.name for h in response.context["page"]]


@pytest.mark.parametrize(
    ("persona", "status", "names"),
    [
        ("alice", 200, ["Ngõ Anh", "Ngõ Ánh"]),
        ("bob", 200, ["Chợ cũ"]),
        ("sam", 200, ["Ngõ Anh", "Ngõ Ánh", "Chợ cũ"]),
        ("pc04", 200, ["Ngõ Anh", "Ngõ Ánh", "Chợ cũ"]),
        ("hana", 404, None),
        ("susan", 404, None),
        ("ann", 404, None),
        ("olga", 404, None),
    ],
)
def test_the_list_by_persona(client, two, persona, status, names, django_user_model):
    client.force_login(django_user_model.objects.get(username=persona))
    response = client.get(reverse("hotspot_list"))
    assert response.status_code == status
    api = client.get(reverse("api_hotspot_list"))
    assert api.status_code == status
    if names is not None:
        # Ba Đình before Ngọc Hà; "Anh" before "Ánh" (letters, then tones).
        assert _names(response) == names
        assert response.context["count"] == len(names)
        assert [h["name"] for h in api.json()["results"]] == names


def test_filters_and_the_count_match_the_list(client, sam, two, commune_a):
    hotspot_eliminate(actor=two[1].created_by, hotspot=two[1], eliminated_on=D(2023, 6, 1))
    client.force_login(sam)
    response = client.get(reverse("hotspot_list"), {"commune": commune_a.pk, "status": "detected"})
    assert _names(response) == ["Ngõ Ánh"]
    assert response.context["count"] == 1
    assert "1 " in response.content.decode()
    severe = client.get(reverse("hotspot_list"), {"severity": "severe"})
    assert _names(severe) == ["Ngõ Ánh"]
    api = client.get(reverse("api_hotspot_list"), {"status": "eliminated"})
    assert [h["name"] for h in api.json()["results"]] == ["Ngõ Anh"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("sam", 200), ("pc04", 200), ("bob", 404), ("hana", 404), ("ann", 404)],
)
def test_the_detail_by_persona(client, two, persona, status, django_user_model):
    client.force_login(django_user_model.objects.get(username=persona))
    hotspot = two[0]
    assert client.get(reverse("hotspot_detail", args=[hotspot.pk])).status_code == status
    assert client.get(reverse("api_hotspot_detail", args=[hotspot.pk])).status_code == status


def test_the_detail_shows_the_timeline_and_the_next_step(client, alice, two):
    client.force_login(alice)
    hotspot = two[0]
    url = reverse("hotspot_eliminate", args=[hotspot.pk])
    response = client.post(url, {"eliminated_on": "01/06/2023", "measures": "Triệt phá"})
    assert response.status_code == 302
    assert response["Location"] == reverse("hotspot_detail", args=[hotspot.pk])
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Triệt phá" in html
    assert page.context["re_emerge_form"] is not None and page.context["eliminate_form"] is None
    assert len(page.context["timeline"]) == 2


def test_supervisors_see_no_forms_and_cannot_post(client, sam, two):
    client.force_login(sam)
    hotspot = two[0]
    page = client.get(reverse("hotspot_detail", args=[hotspot.pk]))
    assert page.context["eliminate_form"] is None
    response = client.post(
        reverse("hotspot_eliminate", args=[hotspot.pk]), {"eliminated_on": "01/06/2023"}
    )
    assert response.status_code == 404
    assert client.get(reverse("hotspot_create")).status_code == 404


def test_registering_on_the_page(client, alice, commune_a):
    client.force_login(alice)
    assert client.get(reverse("hotspot_create")).status_code == 200
    response = client.post(
        reverse("hotspot_create"),
        {
            "commune": commune_a.pk,
            "name": "Quán nước đầu ngõ",
            "kind": "selling",
            "severity": "ordinary",
            "discovered_on": "15/02/2024",
            "business_name": "Karaoke Hoa Hồng",
        },
    )
    hotspot = Hotspot.objects.get()
    assert response.status_code == 302
    assert hotspot.business_name == "Karaoke Hoa Hồng"
    assert Event.objects.of("hotspot", hotspot.pk).count() == 1


def test_a_bad_form_shows_field_errors_and_writes_nothing(client, alice, commune_a):
    client.force_login(alice)
    response = client.post(
        reverse("hotspot_create"),
        {"commune": commune_a.pk, "name": "X", "kind": "selling", "discovered_on": "01/01/2999"},
    )
    assert response.status_code == 200
    assert "discovered_on" in response.context["form"].errors or response.context["form"].errors
    assert not Hotspot.objects.exists()


def test_the_api_registers_and_runs_the_transitions(client, alice, commune_a):
    client.force_login(alice)
    created = client.post(
        reverse("api_hotspot_list"),
        {
            "commune": commune_a.code,
            "name": "Nhà hoang",
            "kind": "harbouring",
            "discovered_on": "01/03/2023",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    eliminated = client.post(
        reverse("api_hotspot_eliminate", args=[pk]),
        {"eliminated_on": "2023-09-01"},
        content_type="application/json",
    )
    assert eliminated.status_code == 200
    assert eliminated.json()["status"] == HotspotStatus.ELIMINATED
    again = client.post(
        reverse("api_hotspot_eliminate", args=[pk]),
        {"eliminated_on": "2023-10-01"},
        content_type="application/json",
    )
    assert again.status_code == 400
    assert again.json()["code"] == "illegal_transition"
    re_emerged = client.post(
        reverse("api_hotspot_re_emerge", args=[pk]),
        {"re_emerged_on": "2024-01-05", "severity": "severe"},
        content_type="application/json",
    )
    assert re_emerged.json()["severity"] == "severe"


def test_the_api_refuses_another_commune_with_a_code(client, alice, commune_b):
    client.force_login(alice)
    response = client.post(
        reverse("api_hotspot_list"),
        {"commune": commune_b.code, "name": "X", "kind": "selling", "discovered_on": "01/03/2023"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "hotspot_commune_unknown"


def test_the_api_schema_lists_the_routes(client, alice):
    client.force_login(alice)
    schema = client.get(reverse("api_schema")).content.decode()
    for path in ("/api/v1/hotspots/", "/api/v1/hotspots/{hotspot_pk}/eliminate/"):
        assert path in schema


@pytest.mark.parametrize("persona", ["alice", "sam", "hana", "ann"])
def test_the_menu_entry_follows_the_access(client, persona, django_user_model, personas):
    client.force_login(django_user_model.objects.get(username=persona))
    html = client.get(reverse("home")).content.decode()
    assert (f'href="{reverse("hotspot_list")}"' in html) == (persona in ("alice", "sam"))
    assert (f'href="{reverse("hotspot_counts")}"' in html) == (persona != "hana")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("alice", 200),
        ("sam", 200),
        ("pc04", 200),
        ("ann", 200),
        ("hana", 404),
        ("susan", 404),
        ("olga", 404),
    ],
)
def test_counts_are_open_to_analysts_but_not_to_health(
    client, two, persona, status, django_user_model
):
    client.force_login(django_user_model.objects.get(username=persona))
    assert client.get(reverse("hotspot_counts")).status_code == status
    assert client.get(reverse("api_hotspot_counts")).status_code == status


def test_counts_as_of_a_day_on_the_page_and_in_the_api(client, ann, two, commune_a, commune_b):
    alice = two[0].created_by
    hotspot_eliminate(actor=alice, hotspot=two[0], eliminated_on=D(2023, 12, 31))
    client.force_login(ann)
    page = client.get(reverse("hotspot_counts"), {"on": "31/12/2023"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert page.context["total"] == 2
    assert page.context["rows"] == [(commune_a, 1), (commune_b, 1)]
    assert "Còn hoạt động ngày 31/12/2023: 2" in page.content.decode()
    # No names for analysts.
    assert "Ngõ" not in page.content.decode()
    api = client.get(reverse("api_hotspot_counts"), {"on": "2023-06-01"}).json()
    assert api["total"] == 3
    assert api["by_commune"] == {commune_a.code: 2, commune_b.code: 1}
    assert api["by_severity"] == {"severe": 1, "ordinary": 2}


def test_the_list_speaks_vietnamese(client, sam, two):
    client.force_login(sam)
    html = client.get(reverse("hotspot_list"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Điểm, tụ điểm ma túy" in html
    assert "điểm nóng" in html
    assert "3 điểm, tụ điểm" in html


def test_the_form_warns_when_the_point_is_outside_the_commune(client, alice, commune_a, tmp_path):
    from pcmt.geo.boundaries import boundaries_load
    from tests.geo.test_boundaries import square, write_province

    write_province(tmp_path, "01", {"00004": square(105.80, 21.00, 0.01)})
    boundaries_load(provinces=["01"], directory=tmp_path)
    client.force_login(alice)
    data = {
        "commune": commune_a.pk,
        "name": "Bến xe",
        "kind": "gathering",
        "severity": "ordinary",
        "discovered_on": "01/02/2024",
        "latitude": "21.005",
        "longitude": "105.900",
    }
    warned = client.post(reverse("hotspot_create"), data)
    assert warned.status_code == 200
    assert warned.context["needs_reason"]
    assert "latitude" in warned.context["form"].errors
    assert not Hotspot.objects.exists()
    saved = client.post(
        reverse("hotspot_create"), {**data, "location_override_reason": "Bến xe liên xã"}
    )
    assert saved.status_code == 302
    assert Hotspot.objects.get().location_override_reason == "Bến xe liên xã"
