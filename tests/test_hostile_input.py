"""Odd input gets a clear Vietnamese field error and changes nothing; never a 500."""

import json

import pytest
from django.urls import reverse

from pcmt.persons.models import Person

HUGE = 2**70


@pytest.fixture
def officer(client, alice):
    client.force_login(alice)
    return client


def _person_payload(**changes):
    payload = {
        "full_name": "Nguyễn Văn An",
        "birth_year": 1990,
        "sex": "male",
        "current_commune": "00004",
    }
    payload.update(changes)
    return payload


def test_an_id_beyond_64_bits_is_a_field_error(officer, person_a, person_b):
    response = officer.post(
        reverse("api_person_merge", args=[person_a.pk]),
        {"into": HUGE, "reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "into" in response.json()["fields"]


def test_census_agencies_beyond_64_bits_are_a_field_error(client, sam):
    client.force_login(sam)
    response = client.post(
        reverse("api_round_list"),
        {
            "name": "Đợt 1",
            "cutoff_date": "01/01/2026",
            "deadline": "01/02/2026",
            "agencies": [HUGE],
        },
        content_type="application/json",
    )
    assert response.status_code in (400, 404)


def test_a_huge_number_in_a_page_filter_is_not_a_500(officer):
    response = officer.get(reverse("person_list"), {"commune": str(HUGE)})
    assert response.status_code < 500


def test_json_nested_thousands_deep_is_a_400(officer):
    body = "[" * 5000 + "]" * 5000
    response = officer.post(reverse("api_person_list"), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"]


@pytest.mark.parametrize("name", ["\u200b\u200b\u200b", "\u0301\u0302", " \u200d ", "12345"])
def test_a_name_without_letters_is_refused(officer, name):
    response = officer.post(
        reverse("api_person_list"), _person_payload(full_name=name), content_type="application/json"
    )
    assert response.status_code == 400
    assert not Person.objects.exists()


def test_ten_thousand_aliases_are_refused(officer):
    response = officer.post(
        reverse("api_person_list"),
        _person_payload(aliases=[f"Tên {i}" for i in range(10_000)]),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Person.objects.exists()


def test_a_round_dated_9999_is_refused(client, sam):
    client.force_login(sam)
    response = client.post(
        reverse("api_round_list"),
        json.dumps(
            {
                "name": "Đợt 1",
                "cutoff_date": "31/12/9999",
                "deadline": "31/12/9999",
                "agencies": [1],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assert "cutoff_date" in response.json()["fields"]


def test_a_date_in_year_9999_is_a_field_error_in_a_form(officer, person_a):
    response = officer.post(
        reverse("person_category_add", args=[person_a.pk]),
        {"category": "high_risk", "start_date": "31/12/9999"},
        follow=True,
    )
    assert response.status_code == 200
    assert "31/12/2100" in response.content.decode()
    assert not person_a.category_periods.filter(category="high_risk").exists()


def test_every_date_field_is_bounded():
    """Dates are typed through pcmt.core.dates, which refuses years no record can hold."""
    from pathlib import Path

    import pcmt

    root = Path(pcmt.__file__).parent
    bare = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "dates.py"
        and ("serializers.DateField(" in (text := path.read_text()) or "forms.DateField(" in text)
    ]
    assert bare == [], f"use form_date / api_date from pcmt.core.dates in {bare}"
