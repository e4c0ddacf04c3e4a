import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from pcmt.casework.models import DrugTest, UserManagement


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"tested_on": "31/02/2025", "place": "x", "result": "positive", "tested_by": "y"},
        {"tested_on": "01/01/2099", "place": "x", "result": "positive", "tested_by": "y"},
        {"tested_on": "01/01/2020", "place": "x", "result": "positive", "tested_by": "y"},
        {"tested_on": "01/01/2025", "place": "x", "result": "maybe", "tested_by": "y"},
    ],
)
def test_bad_test_input_is_a_message_and_saves_nothing(alice_client, person_a, data):
    response = alice_client.post(reverse("drug_test_add", kwargs={"pk": person_a.pk}), data)
    assert response.status_code == 302
    assert _messages(response), "the officer is told what is wrong"
    assert not DrugTest.objects.exists()


def test_the_person_page_shows_the_management_and_its_due_date(alice_client, person_a):
    alice_client.post(
        reverse("drug_test_add", kwargs={"pk": person_a.pk}),
        {"tested_on": "16/10/2025", "place": "Trụ sở", "result": "positive", "tested_by": "Cán bộ"},
    )
    page = alice_client.get(reverse("person_detail", kwargs={"pk": person_a.pk}))
    body = page.content.decode()
    assert "21/10/2025" in body and 'id="decision-form"' in body
    management = UserManagement.objects.get()
    bad = alice_client.post(
        reverse("management_decide", kwargs={"management_pk": management.pk}),
        {"number": "1", "decision_date": "15/10/2025", "signer": "x"},
    )
    assert any("16/10/2025" in m for m in _messages(bad))


def test_the_timeline_lists_the_open_deadline_with_its_law(alice_client, person_a):
    alice_client.post(
        reverse("drug_test_add", kwargs={"pk": person_a.pk}),
        {"tested_on": "30/06/2026", "place": "Trụ sở", "result": "positive", "tested_by": "Cán bộ"},
    )
    management = UserManagement.objects.get()
    page = alice_client.get(reverse("person_detail", kwargs={"pk": person_a.pk})).content.decode()
    deadlines = page.split('id="deadlines"')[1].split("</ul>")[0]
    assert management.decision_due.strftime("%d/%m/%Y") in deadlines
    assert "73/2021" in deadlines  # a test on 30/6/2026 is judged by Law 73/2021
    alice_client.post(
        reverse("management_decide", kwargs={"management_pk": management.pk}),
        {"number": "12/QĐ", "decision_date": "02/07/2026", "signer": "Chủ tịch"},
    )
    management.refresh_from_db()
    page = alice_client.get(reverse("person_detail", kwargs={"pk": person_a.pk})).content.decode()
    deadlines = page.split('id="deadlines"')[1].split("</ul>")[0]
    assert management.period_end.strftime("%d/%m/%Y") in deadlines  # the period's end, now
    assert management.decision_due.strftime("%d/%m/%Y") not in deadlines
    assert "120/2025" in deadlines  # the decision of 2/7/2026 is judged by Law 120/2025


def test_the_received_day_from_the_page_moves_the_due_date(alice_client, person_a):
    alice_client.post(
        reverse("drug_test_add", kwargs={"pk": person_a.pk}),
        {
            "tested_on": "16/10/2025",
            "result_received_on": "21/10/2025",
            "place": "Trụ sở",
            "result": "positive",
            "tested_by": "Cán bộ",
        },
    )
    assert UserManagement.objects.get().decision_due.isoformat() == "2025-10-24"
    page = alice_client.get(reverse("person_detail", kwargs={"pk": person_a.pk})).content.decode()
    assert "21/10/2025" in page.split('id="drug-tests"')[1].split("</ul>")[0]


def test_a_completed_therapy_shows_post_rehab_with_its_article(alice_client, alice, person_a):
    import datetime

    from pcmt.accounts.scope import scope_for
    from pcmt.core.extensions import worklist_sections
    from pcmt.rehab.models import PostRehab

    alice_client.post(
        reverse("therapy_add", kwargs={"pk": person_a.pk}),
        {"clinic": "Cơ sở methadone", "started_on": "01/03/2025"},
    )
    therapy = person_a.therapies.get()
    alice_client.post(
        reverse("therapy_end", kwargs={"therapy_pk": therapy.pk}),
        {"stopped_on": "01/09/2025", "reason": "completed"},
    )
    assert PostRehab.objects.get(person=person_a).planned_end == datetime.date(2026, 9, 1)
    page = alice_client.get(reverse("person_detail", kwargs={"pk": person_a.pk})).content.decode()
    posts = page.split('id="post-rehabs"')[1].split("</ul>")[0]
    assert "01/09/2026" in posts and "Điều 40 Luật 73/2021/QH14" in posts
    deadlines = page.split('id="deadlines"')[1].split("</ul>")[0]
    assert "01/09/2026" in deadlines and "Điều 40 Luật 73/2021/QH14" in deadlines
    sections = {s.key: s for s in worklist_sections(scope_for(alice), datetime.date(2026, 8, 20))}
    item = sections["post_rehab_ending"].items[0]
    assert item.due == datetime.date(2026, 9, 1) and "Điều 40" in item.label
