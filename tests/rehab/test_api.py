"""The rehab REST API: every transition, errors as JSON, jurisdiction as 404."""

import datetime

import pytest
from rest_framework.test import APIClient

from pcmt.audit.models import Event
from pcmt.rehab.models import PostRehab
from tests.tokens import api_token

D = datetime.date


def _api(user):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return api


@pytest.fixture
def api(alice):
    return _api(alice)


def test_a_compulsory_rehab_through_the_api(api, person_a, today):
    opened = api.post(
        f"/api/v1/persons/{person_a.pk}/rehab/",
        {"kind": "compulsory", "opened_on": "02/03/2026"},
        format="json",
    )
    assert opened.status_code == 201, opened.json()
    rehab = opened.json()
    assert rehab["dossier_due"] == "2026-03-09" and rehab["status"] == "dossier"
    base = f"/api/v1/rehab/{rehab['id']}"
    for item in rehab["checklist"]:
        done = api.post(
            f"{base}/documents/",
            {"document": item["code"], "received_on": "03/03/2026"},
            format="json",
        )
        assert done.status_code == 201
    assert all(i["received"] for i in done.json()["checklist"])
    assert api.post(f"{base}/court-submission/", {"sent_on": "04/03/2026"}).status_code == 200
    refused = api.post(
        f"{base}/court-decision/",
        {"court": "TAND", "number": "9/QĐ", "decided_on": "10/07/2026", "months": 12},
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "months_out_of_range"
    assert refused.json()["field"] == "months" and "120/2025" in refused.json()["message"]
    decided = api.post(
        f"{base}/court-decision/",
        {"court": "TAND", "number": "9/QĐ", "decided_on": "10/07/2026"},
        format="json",
    )
    assert decided.json()["months"] == 24 and decided.json()["law_code"] == "law_120_2025"
    admitted = api.post(
        f"{base}/admission/", {"admitted_on": "15/07/2026", "facility": "Cơ sở 1"}, format="json"
    )
    assert admitted.json()["planned_end"] == "2028-07-15"
    moved = api.post(
        f"{base}/transfers/",
        {"transferred_on": "01/08/2026", "to_facility": "Cơ sở 2"},
        format="json",
    )
    assert moved.status_code == 201 and moved.json()["transfers"][0]["to_facility"] == "Cơ sở 2"
    api.post(f"{base}/escape/", {"left_on": "01/09/2026"}, format="json")
    back = api.post(f"{base}/return/", {"returned_on": "08/09/2026"}, format="json")
    assert back.json()["planned_end"] == "2028-07-22" and back.json()["days_away"] == 7
    early = api.post(f"{base}/complete/", {"completed_on": "21/07/2028"}, format="json")
    assert early.status_code == 400 and early.json()["code"] == "illegal_transition"
    done = api.post(f"{base}/complete/", {"completed_on": "22/07/2028"}, format="json")
    assert done.json()["status"] == "completed"
    post = PostRehab.objects.get()
    use = api.post(
        f"/api/v1/post-rehab/{post.pk}/use/", {"detected_on": "01/10/2028"}, format="json"
    )
    assert use.status_code == 200 and use.json()["determination"]
    ended = api.post(
        f"/api/v1/post-rehab/{post.pk}/end/",
        {"ended_on": "02/10/2028", "reason": "new_rehab"},
        format="json",
    )
    assert ended.json()["status"] == "ended"


def test_voluntary_registration_and_stop_through_the_api(api, person_a, today):
    made = api.post(
        f"/api/v1/persons/{person_a.pk}/rehab/",
        {"kind": "voluntary_home", "registered_on": "2025-04-01", "months": 6},
        format="json",
    )
    assert made.status_code == 201 and made.json()["commune"] == "00004"
    base = f"/api/v1/rehab/{made.json()['id']}"
    assert api.post(f"{base}/start/", {"started_on": "02/04/2025"}).json()["planned_end"] == (
        "2025-10-02"
    )
    stopped = api.post(
        f"{base}/end/", {"ended_on": "01/05/2025", "reason": "stopped_by_person"}, format="json"
    )
    assert stopped.json()["status"] == "ended_early"
    missing_date = api.post(
        f"/api/v1/persons/{person_a.pk}/rehab/", {"kind": "voluntary_home"}, format="json"
    )
    assert missing_date.status_code == 400 and missing_date.json()["field"] == "registered_on"


def test_supervisors_read_and_other_communes_see_nothing(alice, bob, sam, person_a, today):
    api = _api(alice)
    made = api.post(
        f"/api/v1/persons/{person_a.pk}/rehab/",
        {"kind": "compulsory", "opened_on": "02/03/2026"},
        format="json",
    )
    rehab = made.json()["id"]
    supervisor = _api(sam)
    listed = supervisor.get(f"/api/v1/persons/{person_a.pk}/rehab/")
    assert [e["id"] for e in listed.json()["episodes"]] == [rehab]
    assert supervisor.get(f"/api/v1/rehab/{rehab}/").status_code == 200
    assert Event.objects.filter(action="read", actor=sam, subject_id=person_a.pk).count() == 2
    assert (
        supervisor.post(f"/api/v1/rehab/{rehab}/court-submission/", {"sent_on": "03/03/2026"})
    ).status_code == 404
    other = _api(bob)
    assert other.get(f"/api/v1/rehab/{rehab}/").status_code == 404
    assert other.post(f"/api/v1/rehab/{rehab}/end/", {}).status_code == 404
