"""ID numbers and phones are masked on pages and in the API; revealing asks why and is recorded."""

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from pcmt.audit.models import Event
from pcmt.core import crypto
from pcmt.persons.models import PERSON_STREAM, READ_ACTION

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
FULL_ID, FULL_PHONE = "001088012345", "0912345678"


def _reveals(person: Any) -> Any:
    return Event.objects.of(PERSON_STREAM, person.pk).filter(
        action=READ_ACTION, changes__has_key="revealed"
    )


def test_mask_tail_keeps_the_last_four_digits():
    assert crypto.mask_tail(FULL_ID) == "••••••••2345"
    assert crypto.mask_tail(" 0912345678 ") == "••••••5678"
    assert crypto.mask_tail("") == ""
    assert crypto.mask_tail("123") == "123"


def test_the_person_page_shows_the_id_and_phone_masked(client, alice, person_a):
    client.force_login(alice)
    page = client.get(reverse("person_detail", args=[person_a.pk])).content.decode()
    assert "••••••••2345" in page and "••••••5678" in page
    assert FULL_ID not in page and FULL_PHONE not in page
    assert 'id="reveal"' in page and "Hiện" in page


def test_reveal_asks_for_a_reason_first(client, alice, person_a):
    client.force_login(alice)
    url = reverse("person_reveal", args=[person_a.pk])
    form = client.get(url, **HX).content.decode()
    assert 'id="reveal-form"' in form and FULL_ID not in form
    refused = client.post(url, {"reason": "", "detail": ""}, **HX).content.decode()
    assert FULL_ID not in refused and 'id="reveal-form"' in refused
    assert not _reveals(person_a).exists()


def test_reveal_shows_the_values_and_records_the_reason(client, alice, person_a):
    client.force_login(alice)
    url = reverse("person_reveal", args=[person_a.pk])
    shown = client.post(url, {"reason": "contact", "detail": "Gọi triệu tập"}, **HX)
    body = shown.content.decode()
    assert FULL_ID in body and FULL_PHONE in body and 'id="revealed-note"' in body
    event = _reveals(person_a).get()
    assert event.actor == alice and event.changes["revealed"] == [None, "contact"]
    assert event.note == "Gọi triệu tập" and event.channel == "ui"


def test_reveal_without_htmx_is_a_page_of_its_own(client, alice, person_a):
    client.force_login(alice)
    url = reverse("person_reveal", args=[person_a.pk])
    assert "<html" in client.get(url).content.decode()
    page = client.post(url, {"reason": "identity_check", "detail": "Đối chiếu CCCD"})
    assert FULL_ID in page.content.decode()


def test_reveal_outside_the_jurisdiction_is_404(client, bob, ann, person_a):
    for user in (bob, ann):
        client.force_login(user)
        url = reverse("person_reveal", args=[person_a.pk])
        assert client.post(url, {"reason": "contact", "detail": "xem thử"}).status_code == 404
    assert not _reveals(person_a).exists()


def _edit_data(person: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "full_name": person.full_name,
        "birth_date": "04/03/1988",
        "sex": person.sex,
        "current_commune": person.current_commune_id,
        "version": person.version,
    }
    data.update(changes)
    return data


def test_the_edit_form_shows_secrets_masked_and_keeps_them_on_save(client, alice, person_a):
    client.force_login(alice)
    url = reverse("person_edit", args=[person_a.pk])
    page = client.get(url).content.decode()
    assert "••••••••2345" in page and FULL_ID not in page and FULL_PHONE not in page
    response = client.post(url, _edit_data(person_a, occupation="Thợ hồ"))
    assert response.status_code == 302
    person_a.refresh_from_db()
    assert person_a.occupation == "Thợ hồ"
    assert crypto.decrypt(person_a.id_number_encrypted) == FULL_ID
    assert crypto.decrypt(person_a.phone_encrypted) == FULL_PHONE


def test_the_edit_form_reveals_inputs_and_saves_a_changed_phone(client, alice, person_a):
    client.force_login(alice)
    url = reverse("person_reveal", args=[person_a.pk]) + "?for=edit"
    inputs = client.post(url, {"reason": "record_correction", "detail": "Số mới"}, **HX)
    body = inputs.content.decode()
    assert f'name="id_number" id="id_id_number" maxlength="20" value="{FULL_ID}"' in body
    assert 'name="secrets_shown" value="1"' in body
    data = _edit_data(
        person_a, secrets_shown="1", id_number=FULL_ID, phone="0987654321", old_id_number=""
    )
    assert client.post(reverse("person_edit", args=[person_a.pk]), data).status_code == 302
    person_a.refresh_from_db()
    assert crypto.decrypt(person_a.phone_encrypted) == "0987654321"
    assert crypto.decrypt(person_a.id_number_encrypted) == FULL_ID


@pytest.fixture
def api(alice: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(alice)
    return client


def test_the_api_masks_by_default(api, person_a):
    data = api.get(f"/api/v1/persons/{person_a.pk}/").data
    assert data["id_number"] == "••••••••2345" and data["phone"] == "••••••5678"


def test_the_api_reveals_with_a_reason_and_records_it(api, alice, person_a):
    url = f"/api/v1/persons/{person_a.pk}/reveal/"
    refused = api.post(url, {"reason": "nonsense", "detail": ""}, format="json")
    assert refused.status_code == 400 and not _reveals(person_a).exists()
    shown = api.post(url, {"reason": "agency_exchange", "detail": "Trả lời Công an tỉnh"})
    assert shown.status_code == 200
    assert shown.data == {"id_number": FULL_ID, "old_id_number": "", "phone": FULL_PHONE}
    event = _reveals(person_a).get()
    assert event.actor == alice and event.channel == "api"


def test_the_api_reveal_outside_the_jurisdiction_is_404(bob, person_a):
    client = APIClient()
    client.force_authenticate(bob)
    url = f"/api/v1/persons/{person_a.pk}/reveal/"
    assert client.post(url, {"reason": "contact", "detail": "xem thử"}).status_code == 404


def test_a_patch_that_echoes_the_masked_values_keeps_them(api, person_a):
    url = f"/api/v1/persons/{person_a.pk}/"
    read = api.get(url)
    body = {"id_number": read.data["id_number"], "phone": read.data["phone"], "occupation": "X"}
    changed = api.patch(url, body, format="json", HTTP_IF_MATCH=read["ETag"])
    assert changed.status_code == 200, changed.data
    person_a.refresh_from_db()
    assert crypto.decrypt(person_a.id_number_encrypted) == FULL_ID
    assert crypto.decrypt(person_a.phone_encrypted) == FULL_PHONE
