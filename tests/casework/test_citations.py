"""Each computed date of a user management carries the text that sets it, on both sides of
1/7/2026, in the API and on the person page."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from pcmt.casework.models import UserManagement
from pcmt.rules.citations import citation_text
from tests.tokens import api_token


@pytest.fixture
def api(alice):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(alice)}")
    return client


def _test(day):
    return {"tested_on": day, "place": "Công an phường", "result": "positive", "tested_by": "CB"}


@pytest.mark.parametrize(
    ("tested_on", "decided_on", "due_cite", "period_cite"),
    [
        (
            "16/10/2025",
            "17/10/2025",
            "Law 73/2021/QH14 art. 23; Decree 105/2021/NĐ-CP",
            "Law 73/2021/QH14 art. 23",
        ),
        (
            "02/07/2026",
            "03/07/2026",
            "Law 120/2025/QH15 (time limit as under Decree 105/2021/NĐ-CP until a decree)",
            "Law 120/2025/QH15",
        ),
    ],
)
def test_the_decision_due_and_the_period_end_cite_their_articles(
    api, client, alice, person_a, tested_on, decided_on, due_cite, period_cite
):
    api.post(f"/api/v1/persons/{person_a.pk}/drug-tests/", _test(tested_on), format="json")
    management = UserManagement.objects.get()
    decided = api.post(
        f"/api/v1/managements/{management.pk}/decision/",
        {"number": "1/QĐ", "decision_date": decided_on, "signer": "Chủ tịch"},
        format="json",
    ).json()
    assert decided["decision_due_citation"] == due_cite
    assert decided["period_end_citation"] == period_cite
    client.force_login(alice)
    page = client.get(reverse("person_detail", kwargs={"pk": person_a.pk})).content.decode()
    # The page writes the article first, in Vietnamese.
    assert citation_text(period_cite, "vi") in page and period_cite not in page.replace(
        citation_text(period_cite, "vi"), ""
    )
