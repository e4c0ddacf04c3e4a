"""Drug-free assessments against dated criteria, the recognition decided on one, its
revocation, and the shares of drug-free units as of past days."""

import datetime
from decimal import Decimal
from typing import Any

import pytest

from pcmt.accounts.scope import scope_for
from pcmt.audit.models import Event
from pcmt.core.errors import DomainError, NotFound
from pcmt.geo.models import DivisionType, VillageKind
from pcmt.places import drug_free_criteria as config
from pcmt.places.models import DrugFreeAssessmentStatus, DrugFreeResult
from pcmt.places.selectors import DrugFreeKind, drug_free_assessment_list, drug_free_share
from pcmt.places.services import (
    CriterionResult,
    DrugFreeAssessmentInput,
    DrugFreeInput,
    drug_free_assess,
    drug_free_assessment_recognise,
    drug_free_assessment_update,
    drug_free_recognise,
    drug_free_withdraw,
)

D = datetime.date


def _all_met(level: str, day: Any = None, evidence: str = "Biên bản") -> dict[str, Any]:
    found = config.criteria_set_on(day or D(2025, 11, 1))
    assert found is not None
    return {c.code: CriterionResult(True, evidence) for c in found.for_level(level)}


def _assess(actor: Any, commune: Any, village: Any = None, **overrides: Any) -> Any:
    level = "commune" if village is None else village.kind
    values: dict[str, Any] = {
        "commune": commune,
        "village": village,
        "assessed_on": D(2025, 11, 1),
        "assessor": "Công an phường",
        "result": DrugFreeResult.RECOGNISED,
        "checks": _all_met(level),
    }
    values.update(overrides)
    return drug_free_assess(actor=actor, data=DrugFreeAssessmentInput(**values))


def test_the_criteria_in_force_depend_on_the_date_and_the_level():
    first = config.criteria_set_on(D(2022, 1, 1))
    assert first is not None and first.key == "2022"
    assert config.criteria_set_on(D(2021, 12, 31)) is None
    village_codes = {c.code for c in first.for_level("village")}
    commune_codes = {c.code for c in first.for_level("commune")}
    assert "TC5" in village_codes and "TC5" not in commune_codes
    assert "TC6" in commune_codes and "TC6" not in village_codes
    later = config.CriteriaSet(
        key="2026", title="", valid_from=D(2026, 7, 1), valid_to=None, criteria=()
    )
    ended = config.CriteriaSet(
        key="old", title="", valid_from=D(2022, 1, 1), valid_to=D(2026, 7, 1), criteria=()
    )
    assert config.criteria_set_on(D(2026, 6, 30), (ended, later)) is ended
    assert config.criteria_set_on(D(2026, 7, 1), (ended, later)) is later


def test_an_assessment_keeps_every_criterion_with_its_evidence(alice, commune_a, village_of):
    group = village_of("Tổ dân phố 3")
    assessment = _assess(alice, commune_a, group)
    assert assessment.level == "residential_group"
    assert assessment.criteria_set == "2022"
    assert assessment.status == DrugFreeAssessmentStatus.AWAITING_DECISION
    codes = [c.code for c in assessment.checks.all()]
    assert codes == ["TC1", "TC2", "TC3", "TC4", "TC5"]
    assert all(c.met and c.evidence == "Biên bản" for c in assessment.checks.all())
    event = Event.objects.of("drug_free_assessment", assessment.pk).get()
    assert event.action == "drug_free_assessed"
    assert event.changes["TC1"] == [None, "✓ Biên bản"]


def test_a_unit_missing_a_criterion_cannot_be_assessed_drug_free(alice, commune_a):
    checks = _all_met("commune")
    checks["TC2"] = CriterionResult(False, "Có 2 người sử dụng")
    with pytest.raises(DomainError) as refused:
        _assess(alice, commune_a, checks=checks)
    assert refused.value.code == "drug_free_criteria_not_met"
    assert refused.value.field == "result"
    assessment = _assess(alice, commune_a, checks=checks, result=DrugFreeResult.NOT_RECOGNISED)
    assert assessment.status == DrugFreeAssessmentStatus.NOT_RECOGNISED


def test_every_criterion_must_be_answered_and_belong_to_the_unit(alice, commune_a):
    checks = _all_met("commune")
    del checks["TC7"]
    with pytest.raises(DomainError) as missing:
        _assess(alice, commune_a, checks=checks)
    assert (missing.value.code, missing.value.field) == (
        "drug_free_criterion_missing",
        "criterion_TC7",
    )
    with pytest.raises(DomainError) as unknown:
        _assess(alice, commune_a, checks={**_all_met("commune"), "TC5": CriterionResult(True)})
    assert unknown.value.code == "drug_free_criterion_unknown"
    with pytest.raises(DomainError) as early:
        _assess(alice, commune_a, assessed_on=D(2021, 6, 1))
    assert early.value.code == "drug_free_no_criteria"


def test_another_communes_officer_cannot_assess(bob, commune_a):
    with pytest.raises(NotFound):
        _assess(bob, commune_a)


def test_a_recognition_decided_on_the_assessment_then_revoked(alice, commune_a, village_of):
    group = village_of("Tổ dân phố 4")
    assessment = _assess(alice, commune_a, group)
    with pytest.raises(DomainError) as before:
        drug_free_assessment_recognise(
            actor=alice,
            assessment=assessment,
            decision_number="12/QĐ-UBND",
            recognised_on=D(2025, 10, 1),
        )
    assert before.value.code == "date_before_previous_step"
    assessment = drug_free_assessment_recognise(
        actor=alice,
        assessment=assessment,
        decision_number="12/QĐ-UBND",
        decided_by="UBND phường",
        recognised_on=D(2025, 12, 1),
    )
    assert assessment.status == DrugFreeAssessmentStatus.RECOGNISED
    recognition = assessment.recognition
    assert (recognition.village, recognition.recognised_on) == (group, D(2025, 12, 1))
    assert assessment.version == 2
    drug_free_withdraw(
        actor=alice,
        recognition=recognition,
        withdrawn_on=D(2026, 3, 1),
        withdrawal_reason="Phát hiện người sử dụng",
    )
    assessment.refresh_from_db()
    assert assessment.status == DrugFreeAssessmentStatus.REVOKED
    assert [a.pk for a in drug_free_assessment_list(alice, status="revoked")] == [assessment.pk]
    assert list(drug_free_assessment_list(alice, status="recognised")) == []


def test_a_not_recognised_assessment_leads_to_no_recognition(alice, commune_a):
    checks = _all_met("commune")
    checks["TC1"] = CriterionResult(False)
    assessment = _assess(alice, commune_a, checks=checks, result=DrugFreeResult.NOT_RECOGNISED)
    with pytest.raises(DomainError) as refused:
        drug_free_assessment_recognise(
            actor=alice,
            assessment=assessment,
            decision_number="1/QĐ",
            recognised_on=D(2025, 12, 1),
        )
    assert refused.value.code == "illegal_transition"


def test_an_edit_changes_criteria_in_one_event_but_not_a_decided_result(alice, commune_a):
    assessment = _assess(alice, commune_a)
    checks = _all_met("commune")
    checks["TC3"] = CriterionResult(True, "Biên bản kiểm tra 10/2025")
    changed = drug_free_assessment_update(
        actor=alice,
        assessment=assessment,
        data=DrugFreeAssessmentInput(
            commune=commune_a,
            assessor="Công an phường Ba Đình",
            result=DrugFreeResult.RECOGNISED,
            checks=checks,
        ),
        version=1,
    )
    assert changed.version == 2
    event = Event.objects.of("drug_free_assessment", assessment.pk).last()
    assert event.changes["TC3"] == ["✓ Biên bản", "✓ Biên bản kiểm tra 10/2025"]
    assert event.changes["assessor"] == ["Công an phường", "Công an phường Ba Đình"]
    drug_free_assessment_recognise(
        actor=alice, assessment=changed, decision_number="1/QĐ", recognised_on=D(2025, 12, 1)
    )
    changed.refresh_from_db()
    checks["TC3"] = CriterionResult(False)
    with pytest.raises(DomainError) as decided:
        drug_free_assessment_update(
            actor=alice,
            assessment=changed,
            data=DrugFreeAssessmentInput(
                commune=commune_a,
                assessor="x",
                result=DrugFreeResult.NOT_RECOGNISED,
                checks=checks,
            ),
        )
    assert decided.value.code == "drug_free_assessment_decided"


# Shares as of a day ------------------------------------------------------------------------


def _recognise(actor: Any, commune: Any, village: Any = None, day: Any = None) -> Any:
    return drug_free_recognise(
        actor=actor,
        data=DrugFreeInput(
            commune=commune, village=village, decision_number="45/QĐ", recognised_on=day
        ),
    )


@pytest.fixture
def rural_b(commune_b: Any) -> Any:
    """Commune B is a rural commune (xã): its units are villages."""
    commune_b.division_type = DivisionType.COMMUNE
    commune_b.save()
    return commune_b


def test_shares_follow_recognitions_and_revocations_over_time(
    alice, bob, sam, commune_a, rural_b, village_of
):
    groups = [village_of(f"Tổ dân phố {n}") for n in range(1, 5)]
    villages = [village_of(f"Thôn {n}", VillageKind.VILLAGE, rural_b) for n in range(1, 6)]
    # A village in a ward and a residential group in a rural commune count in neither share.
    village_of("Thôn lạc", VillageKind.VILLAGE, commune_a)
    first = _recognise(alice, commune_a, groups[0], D(2024, 6, 1))
    _recognise(alice, commune_a, groups[1], D(2025, 1, 10))
    _recognise(bob, rural_b, villages[0], D(2024, 12, 31))
    _recognise(bob, rural_b, day=D(2025, 6, 1))
    drug_free_withdraw(
        actor=alice, recognition=first, withdrawn_on=D(2025, 3, 1), withdrawal_reason="Tái"
    )
    # Revoked and recognised again later: counted once.
    _recognise(alice, commune_a, groups[0], D(2025, 9, 1))
    scope = scope_for(sam)

    def share(day: Any, kind: str) -> tuple[int, int, Any]:
        found = drug_free_share(scope, day, kind)
        return found.numerator, found.denominator, found.share

    wards = DrugFreeKind.RESIDENTIAL_GROUPS_IN_WARDS
    rural = DrugFreeKind.VILLAGES_IN_COMMUNES
    assert share(D(2024, 5, 31), wards) == (0, 4, Decimal("0.0"))
    assert share(D(2024, 6, 1), wards) == (1, 4, Decimal("25.0"))
    assert share(D(2024, 12, 30), rural) == (0, 5, Decimal("0.0"))
    assert share(D(2024, 12, 31), rural) == (1, 5, Decimal("20.0"))
    assert share(D(2025, 2, 1), wards) == (2, 4, Decimal("50.0"))
    # Revoked on 1/3/2025: no longer drug-free that day.
    assert share(D(2025, 3, 1), wards) == (1, 4, Decimal("25.0"))
    assert share(D(2025, 9, 1), wards) == (2, 4, Decimal("50.0"))
    assert share(D(2025, 5, 31), DrugFreeKind.COMMUNES) == (0, 2, Decimal("0.0"))
    assert share(D(2025, 6, 1), DrugFreeKind.COMMUNES) == (1, 2, Decimal("50.0"))


def test_a_share_without_units_is_none_not_zero(alice, commune_a):
    found = drug_free_share(scope_for(alice), D(2025, 1, 1), DrugFreeKind.VILLAGES_IN_COMMUNES)
    assert (found.numerator, found.denominator, found.share) == (0, 0, None)
    wards = drug_free_share(
        scope_for(alice), D(2025, 1, 1), DrugFreeKind.RESIDENTIAL_GROUPS_IN_WARDS
    )
    assert wards.share is None


def test_the_list_is_in_vietnamese_order_of_the_units(alice, commune_a, village_of):
    # Vietnamese order: D before Đ, whatever the letters after them.
    dong = village_of("Thôn Đông", VillageKind.VILLAGE)
    duong = village_of("Thôn Dương", VillageKind.VILLAGE)
    for village in (dong, duong):
        _assess(alice, commune_a, village, checks=_all_met("village"))
    listed = [a.village.name for a in drug_free_assessment_list(alice)]
    assert listed == ["Thôn Dương", "Thôn Đông"]
