"""The classification pages, API and export, the drug route mark and the key area
evaluation: who sees what (commune officers their commune, the province all, analysts
numbers only, health users nothing)."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pcmt.audit.models import Event
from pcmt.persons.services import person_category_add
from pcmt.places.models import DrugRouteMark, KeyAreaEvaluation
from pcmt.population.models import PopulationFigure

D = datetime.date
ON = "31/03/2026"


@pytest.fixture
def world(alice, bob, sam, hana, ann, commune_a, commune_b, register, make_hotspot):
    PopulationFigure.objects.create(
        commune=commune_a, year=2025, residents=200, as_of=D(2025, 12, 31), source="Thống kê"
    )
    person = register(full_name="Phạm Văn Cường")
    person_category_add(actor=alice, person=person, category="drug_user", start_date=D(2025, 6, 1))
    make_hotspot(name="Nhà trọ A")
    make_hotspot(name="Bãi sông")
    return person


def _get(client, user, name, **kwargs):
    client.force_login(user)
    return client.get(reverse(name, kwargs=kwargs or None), {"on": ON})


def test_the_province_sees_every_commune_and_the_province_row(client, world, sam):
    page = _get(client, sam, "key_area_classification")
    assert page.status_code == 200
    names = [row.commune.name for row, _label in page.context["rows"]]
    assert names == ["Ba Đình", "Ngọc Hà"]
    assert page.context["province"] is not None
    ba_dinh = page.context["rows"][0][0]
    assert ba_dinh.area_type == "III"  # 0.5 % records and 2 places: two criteria
    assert "Toàn tỉnh" in page.content.decode()


def test_a_commune_officer_sees_only_his_commune(client, world, alice, bob, commune_a):
    page = _get(client, alice, "key_area_classification")
    assert [row.commune for row, _label in page.context["rows"]] == [commune_a]
    assert page.context["province"] is None
    assert (
        _get(client, bob, "key_area_classification_detail", code=commune_a.code).status_code == 404
    )


def test_the_drill_down_links_the_records_behind_each_criterion(client, world, alice, commune_a):
    page = _get(client, alice, "key_area_classification_detail", code=commune_a.code)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Phạm Văn Cường" in body and "Nhà trọ A" in body
    assert reverse("person_detail", kwargs={"pk": world.pk}) in body


def test_an_analyst_sees_the_numbers_without_names(client, world, ann, commune_a):
    page = _get(client, ann, "key_area_classification_detail", code=commune_a.code)
    assert page.status_code == 200
    assert page.context["behind"] is None
    body = page.content.decode()
    assert "Phạm Văn Cường" not in body and "Nhà trọ A" not in body
    assert page.context["row"].facts.records == 1


@pytest.mark.parametrize(
    "name",
    ["key_area_classification", "key_area_classification_export", "api_key_area_classification"],
)
def test_health_users_do_not_see_the_classification(client, world, hana, name):
    assert _get(client, hana, name).status_code == 404


def test_health_users_do_not_see_a_commune_drill_down(client, world, hana, commune_a):
    page = _get(client, hana, "key_area_classification_detail", code=commune_a.code)
    assert page.status_code == 404


def test_the_export_has_a_row_per_commune_and_the_province(client, world, sam):
    response = _get(client, sam, "key_area_classification_export")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["Toàn tỉnh", "Phường Ba Đình", "Phường Ngọc Hà"]
    assert rows[2][-1] == "loại III (chưa xác nhận)"


def test_the_api_gives_each_criterion_and_is_in_the_schema(client, world, sam):
    response = _get(client, sam, "api_key_area_classification")
    assert response.status_code == 200
    data = response.json()
    assert data["on"] == "2026-03-31"
    first = data["communes"][0]
    assert first["area_type"] == "III"
    assert [c["met"] for c in first["criteria"]] == [True, True, False, False, False]
    assert data["communes"][1]["criteria"][0]["no_population"] is True
    schema = client.get(reverse("api_schema")).content.decode()
    assert "/api/v1/key-areas/classification/" in schema
    assert "/api/v1/key-areas/{key_area_pk}/evaluate/" in schema


def test_an_officer_marks_his_commune_on_a_drug_route(client, world, alice, sam, commune_a):
    url = reverse("drug_route_mark", kwargs={"code": commune_a.code})
    client.force_login(sam)
    assert client.post(url, {"on_route": "1", "effective_on": "01/01/2026"}).status_code == 404
    client.force_login(alice)
    done = client.post(url, {"on_route": "1", "effective_on": "01/01/2026", "note": "QL 6"})
    assert done.status_code == 302
    mark = DrugRouteMark.objects.get()
    assert mark.on_route is True and mark.effective_on == D(2026, 1, 1)
    assert Event.objects.filter(stream="drug_route", action="drug_route_set").count() == 1
    bad = client.post(url, {"on_route": "1", "effective_on": "31/02/2026"}, follow=True)
    assert bad.status_code == 200 and DrugRouteMark.objects.count() == 1


def test_the_evaluation_form_is_prefilled_and_keeps_the_computed_classification(
    client, world, alice, make_key_area
):
    area = make_key_area(selected_on=D(2025, 9, 1))
    page = _get(client, alice, "key_area_evaluation_form", key_area_pk=area.pk)
    assert page.status_code == 200
    assert page.context["form"].initial["criteria_met"] == ["drug_records", "drug_use_places"]
    saved = client.post(
        reverse("key_area_evaluate", kwargs={"key_area_pk": area.pk}),
        {
            "evaluated_on": ON,
            "evaluator": "Tổ công tác tỉnh",
            "criteria_met": ["drug_records", "drug_use_places"],
            "result": "not_achieved",
        },
    )
    assert saved.status_code == 302
    evaluation = KeyAreaEvaluation.objects.get()
    assert evaluation.snapshot["type"] == "III"
    assert evaluation.criteria_met == ["drug_records", "drug_use_places"]
    assert Event.objects.filter(stream="key_area", action="key_area_evaluated").count() == 1


def test_an_evaluation_before_the_selection_is_refused(client, world, alice, make_key_area):
    area = make_key_area(selected_on=D(2025, 9, 1))
    client.force_login(alice)
    response = client.post(
        reverse("api_key_area_evaluate", kwargs={"key_area_pk": area.pk}),
        {"evaluated_on": "01/01/2025", "evaluator": "Tổ", "result": "achieved"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "date_before_previous_step"
    assert not KeyAreaEvaluation.objects.exists()
    created = client.post(
        reverse("api_key_area_evaluate", kwargs={"key_area_pk": area.pk}),
        {"evaluated_on": ON, "evaluator": "Tổ", "result": "achieved", "criteria_met": []},
        content_type="application/json",
    )
    assert created.status_code == 201


def test_health_users_and_other_communes_cannot_evaluate(client, world, hana, bob, make_key_area):
    area = make_key_area(selected_on=D(2025, 9, 1))
    for user in (hana, bob):
        assert (
            _get(client, user, "key_area_evaluation_form", key_area_pk=area.pk).status_code == 404
        )
        client.force_login(user)
        response = client.post(
            reverse("key_area_evaluate", kwargs={"key_area_pk": area.pk}),
            {"evaluated_on": ON, "evaluator": "Tổ", "result": "achieved"},
        )
        assert response.status_code == 404
    assert not KeyAreaEvaluation.objects.exists()


def test_the_key_area_counts_api_gives_the_plan_shares(client, alice, sam, make_key_area):
    from pcmt.places.services import key_area_start, key_area_transform

    area = make_key_area(selected_on=D(2024, 1, 10))
    key_area_start(actor=alice, key_area=area, transforming_since=D(2024, 2, 1))
    key_area_transform(actor=alice, key_area=area, transformed_on=D(2025, 1, 1))
    client.force_login(sam)
    early = client.get(reverse("api_key_area_counts"), {"on": "31/12/2024"}).json()
    assert (early["transformed_share"], early["sustained_share"]) == ("0.0", None)
    later = client.get(reverse("api_key_area_counts"), {"on": "01/01/2025"}).json()
    assert (later["transformed_share"], later["sustained_share"]) == ("100.0", "100.0")
