"""The indicator "persons with records who reached services" on a small known dataset."""

import datetime
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from pcmt.accounts.models import AgencyKind, DataRole
from pcmt.accounts.scope import scope_for
from pcmt.core.errors import NotFound
from pcmt.persons.models import CategoryPeriod
from pcmt.summaries.services import summary_rebuild
from pcmt.support.models import ServiceReceived
from pcmt.support.selectors import services_reached
from pcmt.support.services import service_record
from pcmt.support.summaries import SERVICES_REACHED
from tests.conftest import make_user
from tests.tokens import api_token

D = datetime.date
START, END = D(2025, 1, 1), D(2025, 6, 30)


def _period(person, start, end=None, category="drug_user"):
    return CategoryPeriod.objects.create(
        person=person, category=category, start_date=start, end_date=end
    )


def _serve(actor, person, day):
    return service_record(
        actor=actor, person=person, service_type="counselling", received_on=day, provider="Hội"
    )


@pytest.fixture
def dataset(alice, bob, register, person_a, other_province_commune):
    """Commune A: 3 persons on record in the window, 2 reached; commune B: 1 of 1."""
    # person_a: drug user since 10/01/2025, served in the window → counted, reached.
    _serve(alice, person_a, D(2025, 2, 1))
    # Category ended before the window; a service in it does not make a person on record.
    ended_before = register(full_name="Phạm Văn Cũ", birth_year=1980)
    _period(ended_before, D(2024, 1, 1), D(2024, 12, 31))
    _serve(alice, ended_before, D(2025, 3, 1))
    # On record in the window, served only after it → counted, not reached.
    served_late = register(full_name="Vũ Thị Muộn", sex="female", birth_year=1992)
    _period(served_late, D(2025, 3, 1), category="dependent")
    _serve(alice, served_late, D(2025, 8, 1))
    # On record only after the window → not counted although served in it.
    recorded_late = register(full_name="Đỗ Văn Sau", birth_year=1993)
    _period(recorded_late, D(2025, 7, 1))
    _serve(alice, recorded_late, D(2025, 5, 1))
    # Never on record → not counted.
    no_record = register(full_name="Bùi Văn Không", birth_year=1994)
    _serve(alice, no_record, D(2025, 5, 1))
    # Period ended inside the window, served later in the window → counted, reached.
    ended_inside = register(full_name="Ngô Văn Giữa", birth_year=1985)
    _period(ended_inside, D(2024, 6, 1), D(2025, 2, 1), category="post_rehab")
    _serve(alice, ended_inside, D(2025, 5, 1))
    # Two categories count the person once.
    _period(person_a, D(2025, 2, 1), category="high_risk")
    _serve(alice, person_a, D(2025, 6, 1))
    # Commune B: one person on record, served on the window's last day.
    person_b = register(actor=bob, full_name="Lê Thị Cúc", sex="female", birth_year=1995)
    _period(person_b, D(2025, 6, 30), category="suspected_user")
    _serve(bob, person_b, END)
    # Another province: outside every scope of this province.
    hoa = make_user("hoa", other_province_commune, AgencyKind.COMMUNE_POLICE, DataRole.OFFICER)
    elsewhere = register(actor=hoa, full_name="Trương Văn Xa", birth_year=1990)
    _period(elsewhere, D(2025, 1, 1))
    _serve(hoa, elsewhere, D(2025, 1, 2))
    return {"a": "00004", "b": "00008"}


def _rows(result):
    return {row.code: (row.persons, row.reached, row.rate) for row in result.communes}


def test_the_province_sees_each_commune_and_the_total(sam, dataset):
    result = services_reached(scope_for(sam), START, END)
    assert _rows(result) == {"00004": (3, 2, 0.6667), "00008": (1, 1, 1.0)}
    assert (result.total.persons, result.total.reached, result.total.rate) == (4, 3, 0.75)


def test_an_analyst_sees_the_same_counts(ann, dataset):
    result = services_reached(scope_for(ann), START, END)
    assert (result.total.persons, result.total.reached) == (4, 3)


def test_a_commune_sees_only_itself(alice, dataset):
    result = services_reached(scope_for(alice), START, END)
    assert _rows(result) == {"00004": (3, 2, 0.6667)}
    assert (result.total.persons, result.total.reached) == (3, 2)


def test_the_window_decides_who_counts(sam, dataset):
    # Second half of 2025: person_a, served_late (served 01/08), recorded_late and person_b
    # are on record; ended_inside is no longer. Served in it: served_late only.
    result = services_reached(scope_for(sam), D(2025, 7, 1), D(2025, 12, 31))
    assert _rows(result)["00004"][:2] == (3, 1)
    assert _rows(result)["00008"][:2] == (1, 0)


def test_a_commune_with_no_one_on_record_has_no_rate(sam, commune_a, commune_b, db):
    result = services_reached(scope_for(sam), START, END)
    assert {row.code: row.rate for row in result.communes} == {"00004": None, "00008": None}
    assert result.total.rate is None


def test_outsiders_get_nothing(olga, dataset):
    with pytest.raises(NotFound):
        services_reached(scope_for(olga), START, END)


def test_the_api_gives_counts_only(ann, dataset):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(ann)}")
    body = client.get(
        "/api/v1/indicators/services/", {"start": "01/01/2025", "end": "30/06/2025"}
    ).json()
    total = body["total"]
    assert (total["persons"], total["reached"], total["rate"]) == (4, 3, 0.75)
    assert {row["code"]: row["reached"] for row in body["communes"]} == {"00004": 2, "00008": 1}
    assert "Trần Văn Bình" not in str(body)
    assert ServiceReceived.objects.count() == 9


def test_the_api_refuses_a_reversed_or_malformed_period(ann, olga, dataset):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(ann)}")
    reversed_ = client.get(
        "/api/v1/indicators/services/", {"start": "01/07/2025", "end": "1/1/2025"}
    )
    assert reversed_.status_code == 400 and reversed_.json()["field"] == "end"
    malformed = client.get("/api/v1/indicators/services/", {"start": "31/02/2025"})
    assert malformed.status_code == 400 and "start" in malformed.json()["fields"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(olga)}")
    assert client.get("/api/v1/indicators/services/").status_code == 404


def test_the_page_total_is_the_sum_of_its_rows(client, sam, dataset):
    client.force_login(sam)
    page = client.get(reverse("indicator_services"), {"start": "01/01/2025", "end": "30/06/2025"})
    html = page.content.decode()
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    rows = [re.findall(r'<td class="num">([\d.,]+)</td>', row) for row in body.split("<tr>")[1:]]
    total = re.findall(r'<th class="num">([\d.,]+)</th>', html.split("services-reached-total")[1])
    assert [sum(int(row[i]) for row in rows) for i in (0, 1)] == [int(total[0]), int(total[1])]
    assert (int(total[0]), int(total[1])) == (4, 3)


def test_the_indicator_reads_the_summary(sam, dataset):
    # A service written behind the services' back shows only after the summary is rebuilt.
    ServiceReceived.objects.filter(person__managing_commune__code="00008").delete()
    assert _rows(services_reached(scope_for(sam), START, END))["00008"][:2] == (1, 1)
    summary_rebuild(SERVICES_REACHED)
    assert _rows(services_reached(scope_for(sam), START, END))["00008"][:2] == (1, 0)
