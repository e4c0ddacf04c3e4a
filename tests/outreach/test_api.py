"""The outreach API: list with filters, record an activity, read one; 404 outside the scope."""

import datetime

from django.urls import reverse

from pcmt.outreach.models import OutreachActivity

D = datetime.date


def test_an_officer_records_and_reads_an_activity(client, alice, commune_a, school_of):
    school = school_of("THCS Nguyễn Du")
    client.force_login(alice)
    response = client.post(
        reverse("api_outreach_list"),
        {
            "commune": commune_a.code,
            "held_on": "05/03/2024",
            "organiser": "Công an phường",
            "audience": 90,
            "topics": ["synthetic_drugs"],
            "schools": [school.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["schools"] == [school.pk]
    listed = client.get(reverse("api_outreach_list"), {"since": "01/03/2024"}).json()
    assert [a["held_on"] for a in listed] == ["2024-03-05"]
    one = client.get(reverse("api_outreach_detail", args=[listed[0]["id"]]))
    assert one.json()["topics"] == ["synthetic_drugs"]


def test_a_rule_broken_answers_its_code(client, alice, commune_a):
    client.force_login(alice)
    response = client.post(
        reverse("api_outreach_list"),
        {
            "commune": commune_a.code,
            "held_on": "05/03/2024",
            "organiser": "Công an phường",
            "audience": 90,
            "topics": ["synthetic_drugs"],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "outreach_no_target" in response.content.decode()
    assert not OutreachActivity.objects.exists()


def test_another_commune_is_not_found(client, bob, commune_a, school_of, held):
    activity = held(D(2024, 3, 5), schools=[school_of("THCS Nguyễn Du")])
    client.force_login(bob)
    assert client.get(reverse("api_outreach_detail", args=[activity.pk])).status_code == 404
    assert client.get(reverse("api_outreach_list")).json() == []
    response = client.post(
        reverse("api_outreach_list"),
        {
            "commune": commune_a.code,
            "held_on": "05/03/2024",
            "organiser": "X",
            "audience": 1,
            "topics": ["cyberspace"],
        },
        content_type="application/json",
    )
    assert response.status_code == 404


def test_the_openapi_schema_describes_outreach(client, alice):
    client.force_login(alice)
    schema = client.get(reverse("api_schema"))
    assert schema.status_code == 200
    body = schema.content.decode()
    assert "/api/v1/outreach/" in body and "/api/v1/outreach/{activity_pk}/" in body
