"""The location part of the place forms: the commune and village found from the address
typed, the small map's boundary, the point outside the commune with its reason."""

import pytest
from django.urls import reverse

from pcmt.geo.address import address_index_clear, address_village
from pcmt.geo.boundaries import boundaries_load
from pcmt.geo.models import VillageKind
from pcmt.places.models import Hotspot
from tests.geo.test_boundaries import square, write_province


@pytest.fixture(autouse=True)
def _fresh_index():
    address_index_clear()
    yield
    address_index_clear()


@pytest.fixture
def outlined(commune_a, tmp_path):
    write_province(tmp_path, "01", {"00004": square(105.80, 21.00, 0.01)})
    boundaries_load(provinces=["01"], directory=tmp_path)
    return commune_a


def _hotspot(**overrides):
    data = {
        "name": "Bãi đất trống",
        "kind": "gathering",
        "severity": "ordinary",
        "discovered_on": "01/02/2024",
    }
    data.update(overrides)
    return data


def test_a_village_is_found_in_an_address_only_when_one_matches(commune_a, village_of):
    one = village_of("Tổ dân phố 1")
    village_of("Tổ dân phố 12")
    east = village_of("Thôn Đông", VillageKind.VILLAGE)
    village_of("Thôn Đông Bắc", VillageKind.VILLAGE)
    assert address_village(commune_a, "Số 5, tổ dân phố 1, phường Ba Đình") == one
    assert address_village(commune_a, "ngõ 3 TDP 1 Ba Đình") == one
    assert address_village(commune_a, "Thôn Đông, xã X") == east
    assert address_village(commune_a, "Số 5 phố Đội Cấn") is None


def test_the_commune_and_village_come_from_the_address_when_left_empty(
    client, alice, commune_a, village_of
):
    group = village_of("Tổ dân phố 3")
    client.force_login(alice)
    saved = client.post(
        reverse("hotspot_create"), _hotspot(address="Ngõ 12, tổ dân phố 3, phường Ba Đình")
    )
    assert saved.status_code == 302
    hotspot = Hotspot.objects.get()
    assert (hotspot.commune, hotspot.village) == (commune_a, group)
    assert hotspot.address == "Ngõ 12, tổ dân phố 3, phường Ba Đình"


def test_the_officers_choice_of_commune_wins_over_the_address(client, alice, commune_a):
    client.force_login(alice)
    saved = client.post(
        reverse("hotspot_create"),
        _hotspot(commune=commune_a.pk, address="phường Ngọc Hà"),
    )
    assert saved.status_code == 302
    assert Hotspot.objects.get().commune == commune_a


def test_an_address_outside_the_officers_communes_is_a_field_error(client, alice, commune_b):
    client.force_login(alice)
    page = client.post(
        reverse("hotspot_create"), _hotspot(address="phường Ngọc Hà"), HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert page.status_code == 200
    assert "commune" in page.context["form"].errors
    missing = client.post(reverse("hotspot_create"), _hotspot(), HTTP_ACCEPT_LANGUAGE="vi")
    assert "Hãy chọn xã/phường, hoặc nhập địa chỉ để tìm." in missing.content.decode()
    assert not Hotspot.objects.exists()


def test_the_address_look_up_shows_the_unit_to_take(client, alice, bob, commune_a, village_of):
    group = village_of("Tổ dân phố 3")
    client.force_login(alice)
    url = reverse("place_address_resolve")
    found = client.get(url, {"address": "TDP 3, P. Ba Đình, Hà Nội"}).json()
    assert found["commune"]["pk"] == commune_a.pk
    assert found["village"] == {"pk": group.pk, "name": "Tổ dân phố 3"}
    other = client.get(url, {"address": "phường Ngọc Hà"}, HTTP_ACCEPT_LANGUAGE="vi").json()
    assert other["commune"] is None
    assert client.get(url).json()["commune"] is None


def test_the_form_map_gets_the_commune_outline_from_our_server(client, alice, bob, outlined):
    client.force_login(alice)
    form = client.get(reverse("hotspot_create")).content.decode()
    assert 'id="location-map"' in form and "js/place-location.js" in form
    assert "vendor/leaflet/leaflet.js" in form and "http" not in form.split("location-map")[1][:400]
    data = client.get(reverse("place_commune_boundary", args=["00004"])).json()
    assert data["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    client.force_login(bob)
    assert client.get(reverse("place_commune_boundary", args=["00004"])).status_code == 404


def test_a_point_outside_is_kept_with_its_reason_and_shown(client, alice, outlined):
    client.force_login(alice)
    data = _hotspot(commune=outlined.pk, latitude="21.005", longitude="105.9")
    warned = client.post(reverse("hotspot_create"), data, HTTP_ACCEPT_LANGUAGE="vi")
    assert warned.context["needs_reason"]
    saved = client.post(
        reverse("hotspot_create"), {**data, "location_override_reason": "Bến xe liên xã"}
    )
    page = client.get(saved.url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'id="location-override-reason">Bến xe liên xã' in page
    assert "Lý do" in page
