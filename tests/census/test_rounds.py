"""Rounds: who opens them, agency status transitions, the registry extract."""

import datetime

import pytest

from pcmt.census.models import AgencyStatus, RoundAgency, Submission
from pcmt.census.services import (
    registry_extract,
    round_agency_review,
    round_close,
    round_create,
    submission_upload,
)
from pcmt.core.errors import DomainError, NotFound
from pcmt.persons.services import person_category_add, person_category_end
from tests.census.conftest import CUTOFF, good_row, xlsx_file


def test_a_provincial_supervisor_opens_a_round_with_its_agencies(census_round, alice, bob, sam):
    assert census_round.province.code == "01" and census_round.created_by == sam
    statuses = RoundAgency.objects.filter(round=census_round).values_list("status", flat=True)
    assert list(statuses) == [AgencyStatus.NOT_SUBMITTED] * 2


@pytest.mark.parametrize("persona", ["alice", "hana", "ann", "olga"])
def test_only_supervisors_of_the_province_open_rounds(units, db, persona, request, alice):
    user = request.getfixturevalue(persona)
    with pytest.raises(NotFound):
        round_create(
            actor=user,
            name="X",
            cutoff_date=CUTOFF,
            deadline=CUTOFF,
            categories=["drug_user"],
            agencies=[alice.agency],
        )


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"name": "  "}, "name_required"),
        ({"categories": []}, "categories_required"),
        ({"categories": ["nonsense"]}, "categories_required"),
        ({"deadline": CUTOFF - datetime.timedelta(days=1)}, "deadline_before_cutoff"),
        ({"agencies": []}, "agencies_required"),
    ],
)
def test_a_round_needs_a_name_categories_agencies_and_a_late_enough_deadline(
    make_round, change, code
):
    with pytest.raises(DomainError) as error:
        make_round(**change)
    assert error.value.code == code


def test_agencies_and_communes_must_be_of_the_province(make_round, other_province_commune):
    with pytest.raises(DomainError) as error:
        make_round(communes=[other_province_commune])
    assert error.value.code == "commune_outside_province"


def _participant(round_, user):
    return RoundAgency.objects.get(round=round_, agency=user.agency)


def test_a_supervisor_returns_a_list_with_a_note_then_accepts_the_correction(
    census_round, alice, sam
):
    submission_upload(actor=alice, round_=census_round, file=xlsx_file([good_row()]))
    participant = _participant(census_round, alice)

    with pytest.raises(DomainError) as error:
        round_agency_review(actor=sam, participant=participant, decision="returned", note="")
    assert error.value.code == "note_required"
    returned = round_agency_review(
        actor=sam, participant=participant, decision="returned", note="Thiếu 3 người"
    )
    assert returned.status == AgencyStatus.RETURNED and returned.note == "Thiếu 3 người"

    submission_upload(actor=alice, round_=census_round, file=xlsx_file([good_row(note="sửa")]))
    assert _participant(census_round, alice).status == AgencyStatus.SUBMITTED
    accepted = round_agency_review(
        actor=sam, participant=_participant(census_round, alice), decision="accepted"
    )
    assert accepted.status == AgencyStatus.ACCEPTED and accepted.changed_by == sam


def test_an_unsubmitted_list_cannot_be_accepted(census_round, alice, sam):
    with pytest.raises(DomainError) as error:
        round_agency_review(
            actor=sam, participant=_participant(census_round, alice), decision="accepted"
        )
    assert error.value.code == "illegal_transition"


def test_an_accepted_list_takes_no_new_upload(census_round, alice, sam):
    submission_upload(actor=alice, round_=census_round, file=xlsx_file([good_row()]))
    round_agency_review(
        actor=sam, participant=_participant(census_round, alice), decision="accepted"
    )

    with pytest.raises(DomainError) as error:
        submission_upload(actor=alice, round_=census_round, file=xlsx_file([good_row(note="x")]))
    assert error.value.code == "illegal_transition"


@pytest.mark.parametrize("persona", ["bob", "hana"])
def test_officers_cannot_review_lists(census_round, alice, persona, request):
    submission_upload(actor=alice, round_=census_round, file=xlsx_file([good_row()]))
    with pytest.raises(NotFound):
        round_agency_review(
            actor=request.getfixturevalue(persona),
            participant=_participant(census_round, alice),
            decision="accepted",
        )


def test_a_closed_round_takes_no_list(census_round, alice, sam):
    round_close(actor=sam, round_=census_round)

    with pytest.raises(DomainError) as error:
        submission_upload(actor=alice, round_=census_round, file=xlsx_file([good_row()]))
    assert error.value.code == "illegal_transition"


@pytest.mark.parametrize("persona", ["sam", "ann", "olga", "hana"])
def test_only_officers_of_participating_agencies_upload(census_round, persona, request):
    with pytest.raises(NotFound):
        submission_upload(
            actor=request.getfixturevalue(persona),
            round_=census_round,
            file=xlsx_file([good_row()]),
        )


def test_the_registry_extract_counts_persons_in_categories_on_the_cut_off_date(
    census_round, alice, register, person_b
):
    on_list = register(
        full_name="Đỗ Văn Giang",
        birth_date=datetime.date(1980, 1, 2),
        birth_year=None,
        id_number="001080012346",
    )
    person_category_add(
        actor=alice,
        person=on_list,
        category="dependent",
        start_date=datetime.date(2025, 1, 1),
        reason="",
    )
    ended = register(full_name="Hồ Văn Hải", birth_year=1991)
    period = person_category_add(
        actor=alice,
        person=ended,
        category="drug_user",
        start_date=datetime.date(2025, 1, 1),
        reason="",
    )
    person_category_end(
        actor=alice, period=period, end_date=datetime.date(2025, 9, 1), end_reason="Hết hạn"
    )
    later = register(full_name="Khúc Văn Khoa", birth_year=1993)
    person_category_add(
        actor=alice,
        person=later,
        category="drug_user",
        start_date=datetime.date(2025, 10, 2),
        reason="",
    )
    not_counted = register(full_name="Lã Văn Lâm", birth_year=1994)
    person_category_add(
        actor=alice,
        person=not_counted,
        category="high_risk",
        start_date=datetime.date(2025, 1, 1),
        reason="",
    )
    person_category_add(
        actor=person_b.created_by,
        person=person_b,
        category="drug_user",
        start_date=datetime.date(2025, 1, 1),
        reason="",
    )

    result = registry_extract(actor=alice, round_=census_round)

    row = result.submission.rows.get()
    assert result.submission.kind == "registry_extract"
    assert row.full_name == "Đỗ Văn Giang" and row.category == "dependent" and row.valid
    assert row.record_id == str(on_list.pk) and row.commune == on_list.current_commune
    assert row.id_number_hash and (row.birth_year, row.birth_month, row.birth_day) == (1980, 1, 2)
    assert _participant(census_round, alice).status == AgencyStatus.SUBMITTED


def test_extracting_twice_without_changes_creates_nothing_new(census_round, alice, person_a):
    first = registry_extract(actor=alice, round_=census_round)
    again = registry_extract(actor=alice, round_=census_round)

    assert first.created and not again.created
    assert Submission.objects.count() == 1


def test_an_empty_extract_is_refused_with_a_message(census_round, alice):
    with pytest.raises(DomainError) as error:
        registry_extract(actor=alice, round_=census_round)
    assert error.value.code == "extract_empty"
