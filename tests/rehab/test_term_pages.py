"""The person page shows each computed date with its article, and takes the term decisions
and electronic monitoring; the API does the same with the OpenAPI schema."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from pcmt.rehab.models import ElectronicMonitoring, TermChange
from pcmt.rehab.services import dossier_holding_record, rehab_register, rehab_start
from tests.tokens import api_token

D = datetime.date


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def api(alice):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(alice)}")
    return client


def test_the_page_records_a_reduction_and_shows_the_article(
    alice_client, person_a, admitted, today
):
    episode = admitted(person_a, D(2025, 7, 1), months=12)
    url = reverse("rehab_term_reduce", kwargs={"rehab_pk": episode.pk})
    bad = alice_client.post(
        url,
        {
            "decision_number": "15/QĐ-TA",
            "decided_on": "31/12/2025",
            "issuer": "TAND khu vực 3",
            "ground": "good_conduct",
            "months": "5",
        },
    )
    assert bad.status_code in (200, 302) and not TermChange.objects.exists()
    response = alice_client.post(
        url,
        {
            "decision_number": "15/QĐ-TA",
            "decided_on": "31/12/2025",
            "issuer": "TAND khu vực 3",
            "ground": "good_conduct",
            "months": "2",
        },
    )
    assert response.status_code == 302
    page = alice_client.get(reverse("person_detail", kwargs={"pk": person_a.pk})).content.decode()
    assert "01/05/2026" in page
    assert "Decree 116/2021/NĐ-CP art. 58(1) (15/QĐ-TA)" in page
    assert "Law on Handling Administrative Violations art. 95" in page


def test_the_page_starts_monitoring_and_lists_alerts(alice_client, alice, person_a, today):
    episode = rehab_register(
        actor=alice, person=person_a, kind="voluntary_home", registered_on=D(2026, 6, 1), months=6
    )
    rehab_start(actor=alice, episode=episode, started_on=D(2026, 6, 1))
    response = alice_client.post(
        reverse("monitoring_start", kwargs={"pk": person_a.pk}),
        {"monitored": "voluntary_home", "started_on": "01/07/2026", "device_reference": "VT-9"},
    )
    assert response.status_code == 302
    monitoring = ElectronicMonitoring.objects.get()
    alice_client.post(
        reverse("monitoring_alert", kwargs={"monitoring_pk": monitoring.pk}),
        {"occurred_on": "02/07/2026", "kind": "zone_exit", "note": "Ra khỏi xã"},
    )
    page = alice_client.get(reverse("person_detail", kwargs={"pk": person_a.pk})).content.decode()
    assert "VT-9" in page and "Ra khỏi xã" in page and "Law 120/2025/QH15" in page


def test_the_api_gives_credit_term_changes_and_citations(api, alice, person_a, to_court, today):
    episode = to_court(person_a, D(2025, 6, 2))
    dossier_holding_record(
        actor=alice,
        episode=episode,
        place="facility",
        held_from=D(2025, 6, 2),
        held_to=D(2025, 6, 11),
    )
    base = f"/api/v1/rehab/{episode.pk}"
    held = api.post(
        f"{base}/holdings/",
        {"place": "home", "held_from": "12/06/2025", "held_to": "14/06/2025"},
        format="json",
    )
    assert held.status_code == 201, held.json()
    api.post(
        f"{base}/court-decision/",
        {"court": "TAND", "number": "9/QĐ", "decided_on": "16/06/2025", "months": 12},
        format="json",
    )
    admitted = api.post(
        f"{base}/admission/", {"admitted_on": "01/07/2025", "facility": "Cơ sở 1"}, format="json"
    )
    body = admitted.json()
    assert body["credited_days"] == 10 and body["planned_end"] == "2026-06-21"
    assert body["facility_kind"] == "compulsory_rehab_facility"
    assert "Decree 116/2021/NĐ-CP art. 44" in body["planned_end_citation"]
    assert body["dossier_due_citation"].startswith("Decree 116/2021/NĐ-CP")
    suspended = api.post(
        f"{base}/term-suspension/",
        {
            "decision_number": "2/QĐ",
            "decided_on": "01/09/2025",
            "issuer": "TAND khu vực 3",
            "ground": "serious_illness",
        },
        format="json",
    )
    assert suspended.status_code == 201, suspended.json()
    assert suspended.json()["status"] == "suspended" and suspended.json()["planned_end"] is None
    resumed = api.post(f"{base}/term-resumption/", {"resumed_on": "11/09/2025"}, format="json")
    assert resumed.json()["planned_end"] == "2026-07-01"
    change = resumed.json()["term_changes"][0]
    assert change["citation"] == "Decree 116/2021/NĐ-CP art. 58(2)"
    assert change["suspended_to"] == "2025-09-10"
    refused = api.post(
        f"{base}/term-exemption/",
        {
            "decision_number": "3/QĐ",
            "decided_on": "12/09/2025",
            "issuer": "TAND",
            "ground": "progress",
        },
        format="json",
    )
    assert refused.status_code == 400 and refused.json()["code"] == "illegal_transition"


def test_the_schema_lists_the_new_routes(api):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    text = schema.content.decode()
    for route in ("term-reduction", "term-suspension", "term-exemption", "holdings", "monitoring"):
        assert route in text
