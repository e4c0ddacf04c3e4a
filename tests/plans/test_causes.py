"""Causes of new cases on constructed data: recorded with one event per change, checked, and
counted by each breakdown for the scope and the period."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pcmt.accounts.scope import scope_for
from pcmt.audit.models import Event
from pcmt.core.errors import DomainError, NotFound
from pcmt.geo.models import AdminUnit
from pcmt.outreach.services import industrial_zone_add
from pcmt.plans.causes import causes_analyse
from pcmt.plans.models import CAUSE_STREAM, CauseReason
from pcmt.plans.services import CauseInput, new_case_cause_record
from tests.conftest import make_unit

D = datetime.date


def _reason(code):
    return CauseReason.objects.get(code=code)


@pytest.fixture
def northwest(db):
    return make_unit("14", "Tỉnh Sơn La")


def test_a_cause_is_recorded_then_corrected_with_one_event_each(
    register, alice, bob, commune_a, northwest
):
    person = register(full_name="Vũ Văn Mới", birth_year=2000)
    zone = industrial_zone_add(actor=alice, commune=commune_a, name="KCN Đại An")
    data = CauseInput(
        detected_on=D(2030, 5, 2),
        age_at_first_use=22,
        first_substance="methamphetamine",
        reasons=[_reason("peers"), _reason("work")],
        workplace="industrial_zone",
        industrial_zone=zone,
        origin_province=northwest,
    )
    cause = new_case_cause_record(actor=alice, person=person, data=data)
    assert sorted(r.code for r in cause.reasons.all()) == ["peers", "work"]
    corrected = CauseInput(**{**data.__dict__, "age_at_first_use": 21})
    new_case_cause_record(actor=alice, person=person, data=corrected)
    events = Event.objects.filter(stream=CAUSE_STREAM, subject_id=cause.pk).order_by("pk")
    assert [e.action for e in events] == ["cause_recorded", "cause_changed"]
    assert events.last().changes == {"age_at_first_use": [22, 21]}
    with pytest.raises(NotFound):
        new_case_cause_record(actor=bob, person=person, data=data)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"age_at_first_use": 3}, "age_out_of_range"),
        ({"age_at_first_use": 40}, "age_after_detection"),  # born 2000, detected at 30
        ({"workplace": "school"}, "workplace_incomplete"),
        ({"first_substance": "sugar"}, "substance_invalid"),
        ({"detected_on": D(2031, 1, 1)}, "detected_in_future"),
    ],
)
def test_a_cause_that_cannot_be_is_refused(register, alice, fields, code):
    person = register(full_name="Vũ Văn Mới", birth_year=2000)
    with pytest.raises(DomainError) as refused:
        new_case_cause_record(
            actor=alice, person=person, data=CauseInput(**{"detected_on": D(2030, 5, 2), **fields})
        )
    assert refused.value.code == code


def test_the_analysis_counts_each_way(register, alice, bob, ann, commune_a, northwest):
    def record(actor, name, born, day, substance, reasons, origin=None, **person):
        found = register(actor=actor, full_name=name, birth_year=born, **person)
        new_case_cause_record(
            actor=actor,
            person=found,
            data=CauseInput(
                detected_on=day,
                first_substance=substance,
                reasons=[_reason(r) for r in reasons],
                origin_province=origin,
            ),
        )

    record(alice, "Một", 2015, D(2030, 2, 1), "methamphetamine", ["peers", "curiosity"], northwest)
    record(alice, "Hai", 2000, D(2030, 5, 1), "ecstasy", ["peers"], occupation="Công nhân")
    record(bob, "Ba", 1990, D(2030, 11, 1), "methamphetamine", ["stress"])
    record(alice, "Bốn", 1990, D(2029, 12, 31), "heroin", ["family"])  # the year before
    result = causes_analyse(scope_for(ann), D(2030, 1, 1), D(2030, 12, 31))
    tables = {b.key: dict(b.rows) for b in result.breakdowns}
    assert result.total == 3
    # A person with two reasons counts under each.
    assert tables["reason"] == {"Bạn bè rủ rê, lôi kéo": 2, "Tò mò": 1, "Căng thẳng, áp lực": 1}
    assert tables["substance"] == {"ma túy đá (methamphetamine)": 2, "thuốc lắc (MDMA)": 1}
    assert tables["age_group"] == {"dưới 16": 1, "từ 18 đến 30": 1, "từ 31 đến 45": 1}
    assert tables["origin"] == {"Tỉnh Sơn La": 1, "chưa ghi nhận": 2}
    assert tables["quarter"] == {"1/2030": 1, "2/2030": 1, "4/2030": 1}
    assert tables["commune"] == {
        commune_a.name: 2,
        AdminUnit.objects.get(pk=bob.agency.unit_id).name: 1,
    }
    # The commune's officer counts his commune only.
    assert causes_analyse(scope_for(alice), D(2030, 1, 1), D(2030, 12, 31)).total == 2


def test_an_officer_records_the_causes_from_the_person_page(client, register, alice, sam, ann):
    person = register(full_name="Đinh Văn Mới", birth_year=2000)
    client.force_login(alice)
    page = client.get(reverse("person_detail", kwargs={"pk": person.pk})).content.decode()
    assert "Ghi nhận nguyên nhân" in page
    response = client.post(
        reverse("plan_cause_edit", kwargs={"pk": person.pk}),
        {
            "detected_on": "02/05/2030",
            "age_at_first_use": "19",
            "first_substance": "ecstasy",
            "reasons": [_reason("peers").pk],
            "workplace": "construction_site",
            "construction_site": "Công trường cầu Vĩnh Tuy",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("person_detail", kwargs={"pk": person.pk})).content.decode()
    assert "Công trường cầu Vĩnh Tuy" in page and "thuốc lắc (MDMA)" in page
    refused = client.post(
        reverse("plan_cause_edit", kwargs={"pk": person.pk}),
        {"detected_on": "02/05/2030", "workplace": "school"},
    )
    assert "Ghi rõ khu công nghiệp, trường học hoặc công trường" in refused.content.decode()
    # The provincial supervisor reads the record but does not write it.
    client.force_login(sam)
    assert client.get(reverse("plan_cause_edit", kwargs={"pk": person.pk})).status_code == 404
    # Analysts see the counts, never the names.
    client.force_login(ann)
    analysis = client.get(reverse("plan_causes"), {"year": "2030"}).content.decode()
    assert "1 trường hợp mới được ghi nhận từ 01/01/2030 đến 31/12/2030." in analysis
    assert "Đinh Văn Mới" not in analysis and "Bạn bè rủ rê, lôi kéo" in analysis
    export = client.get(reverse("plan_causes_export"), {"year": "2030"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert ("Chất ma túy sử dụng lần đầu", "thuốc lắc (MDMA)", 1, "100.0") in rows
