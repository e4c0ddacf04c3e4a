"""Places of commune A: police data. Its officer writes; the provincial supervisor reads;
health and social-services users and analysts do not reach them at all."""

import datetime
from typing import Any

from pcmt.places.drug_free_criteria import criteria_set_on
from pcmt.places.models import BusinessKind, HotspotKind, IncidentKind, KeyAreaType
from pcmt.places.services import (
    BusinessInput,
    CriterionResult,
    DrugFreeAssessmentInput,
    DrugFreeInput,
    HotspotInput,
    IncidentInput,
    KeyAreaInput,
    business_register,
    drug_free_assess,
    drug_free_recognise,
    hotspot_create,
    incident_create,
    key_area_select,
    place_person_link,
)

_CRITERIA = criteria_set_on(datetime.date(2025, 3, 1))
COMMUNE_CRITERIA = [c.code for c in _CRITERIA.for_level("commune")] if _CRITERIA else []

WRITE_ROUTES = {
    *(
        f"{prefix}hotspot_{step}"
        for prefix in ("", "api_")
        for step in ("detect", "suppress", "eliminate", "monitor", "close", "re_emerge", "reverify")
    ),
    "key_area_start",
    "key_area_transform",
    "key_area_sustain",
    "key_area_re_emerge",
    "key_area_reopen",
    "key_area_evaluate",
    "key_area_evaluation_form",
    "api_key_area_start",
    "api_key_area_transform",
    "api_key_area_sustain",
    "api_key_area_re_emerge",
    "api_key_area_reopen",
    "api_key_area_evaluate",
    "drug_route_mark",
    "business_inspect",
    "business_close",
    "api_business_inspect",
    "api_business_close",
    "drug_free_withdraw",
    "api_drug_free_withdraw",
    "drug_free_assessment_recognise",
    "api_drug_free_assessment_recognise",
    "drug_free_assessment_edit",
    "hotspot_edit",
    "incident_edit",
    "key_area_edit",
    "business_edit",
    "drug_free_edit",
    "hotspot_person_link",
    "hotspot_person_unlink",
    "incident_person_link",
    "incident_person_unlink",
}
PERSON_PARAMS: set[str] = set()
# Parameters with readers and writers of their own (instead of a person's).
PLACE_PARAMS = (
    "hotspot_pk",
    "incident_pk",
    "key_area_pk",
    "business_pk",
    "drug_free_pk",
    "drug_free_assessment_pk",
    "link_pk",
)
PARAM_READERS = {param: {"alice", "sam"} for param in PLACE_PARAMS}
PARAM_WRITERS = {param: {"alice"} for param in PLACE_PARAMS}


def build(context: dict[str, Any]) -> dict[str, Any]:
    officer, commune = context["officer"], context["commune"]
    day = datetime.date(2025, 3, 1)
    hotspot = hotspot_create(
        actor=officer,
        data=HotspotInput(
            commune=commune, name="Bãi đất trống", kind=HotspotKind.ORGANISED_USE, discovered_on=day
        ),
    )
    incident = incident_create(
        actor=officer,
        data=IncidentInput(
            commune=commune, summary="Bắt quả tang", kind=IncidentKind.ARREST, occurred_on=day
        ),
    )
    key_area = key_area_select(
        actor=officer,
        data=KeyAreaInput(
            commune=commune, area_type=KeyAreaType.TYPE_I, decision_number="1/QĐ", selected_on=day
        ),
    )
    business = business_register(
        actor=officer,
        data=BusinessInput(
            commune=commune, name="Karaoke Hoa Hồng", kind=BusinessKind.KARAOKE, opened_on=day
        ),
    )
    recognition = drug_free_recognise(
        actor=officer,
        data=DrugFreeInput(commune=commune, decision_number="2/QĐ", recognised_on=day),
    )
    assessment = drug_free_assess(
        actor=officer,
        data=DrugFreeAssessmentInput(
            commune=commune,
            assessed_on=day,
            assessor="Công an xã",
            result="not_recognised",
            checks={code: CriterionResult(False) for code in COMMUNE_CRITERIA},
        ),
    )
    link = place_person_link(
        actor=officer, place=hotspot, person_pk=context["person"].pk, role="organiser"
    )
    place_person_link(
        actor=officer, place=incident, person_pk=context["person"].pk, role="offender"
    )
    return {
        "link_pk": link.pk,
        "hotspot_pk": hotspot.pk,
        "incident_pk": incident.pk,
        "key_area_pk": key_area.pk,
        "business_pk": business.pk,
        "drug_free_pk": recognition.pk,
        "drug_free_assessment_pk": assessment.pk,
    }
