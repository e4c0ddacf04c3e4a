"""Circular 10/2024/TT-BCA art. 8: the residence is verified within 3 official working days
of the prison's notice, across the swapped days of 2026 and Tết 2027; the page and API cite
the article."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from pcmt.rules.services import holidays_load
from pcmt.support.services import release_record
from tests.tokens import api_token

D = datetime.date


@pytest.fixture(autouse=True)
def _calendar(db, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2030, 12, 31))
    holidays_load()


@pytest.mark.parametrize(
    ("released_on", "notice", "due"),
    [
        # Notice on Wednesday 31/12/2025: 1/1 and Friday 2/1/2026 off; 5, 6, 7/1.
        (D(2026, 1, 5), D(2025, 12, 31), D(2026, 1, 7)),
        # Notice on Friday 9/1/2026: Saturday 10/1 is worked; 10, 12, 13/1.
        (D(2026, 1, 12), D(2026, 1, 9), D(2026, 1, 13)),
        # Notice on Friday 28/8/2026: 31/8 (swapped), 1–2/9 off; 3, 4, 7/9.
        (D(2026, 9, 1), D(2026, 8, 28), D(2026, 9, 7)),
        # No notice date: from the release, Thursday 4/2/2027; Tết 2027 (provisional).
        (D(2027, 2, 4), None, D(2027, 2, 16)),
    ],
)
def test_verification_is_due_3_working_days_after_the_notice(
    alice, person_a, released_on, notice, due
):
    release = release_record(
        actor=alice,
        person=person_a,
        released_on=released_on,
        facility="Trại giam",
        notice_received_on=notice,
    )
    assert release.contact_due == due
    assert release.contact_due_citation == "Circular 10/2024/TT-BCA art. 8"


def test_the_api_and_the_page_show_the_article(client, alice, person_a):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(alice)}")
    response = api.post(
        f"/api/v1/persons/{person_a.pk}/prison-releases/",
        {"released_on": "12/01/2026", "facility": "Trại giam", "notice_received_on": "09/01/2026"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["contact_due"] == "2026-01-13"
    assert body["contact_due_citation"] == "Circular 10/2024/TT-BCA art. 8"
    client.force_login(alice)
    page = client.get(reverse("person_detail", kwargs={"pk": person_a.pk})).content.decode()
    assert "Điều 8 Thông tư 10/2024/TT-BCA" in page
