"""Each indicator on constructed data with a known answer, empty denominators included."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pcmt.accounts.scope import scope_for
from pcmt.casework.models import SubstitutionTherapy
from pcmt.places.models import HotspotSeverity
from pcmt.places.services import hotspot_eliminate, hotspot_re_emerge
from pcmt.plans.indicators import Period, indicator_get, indicators_all, year_before
from pcmt.support.selectors import services_reached
from pcmt.support.services import service_record
from tests.support.factories import managed

D = datetime.date
Y2024 = (D(2024, 1, 1), D(2024, 12, 31))


def test_every_indicator_has_a_vietnamese_name_and_a_definition():
    from django.utils import translation

    for indicator in indicators_all():
        texts = [indicator.name, indicator.definition, indicator.numerator]
        with translation.override("en"):
            english = [str(t) for t in texts]
        with translation.override("vi"):
            vietnamese = [str(t) for t in texts]
        assert all(english) and all(e != v for e, v in zip(english, vietnamese, strict=True)), (
            indicator.key
        )


def test_periods_move_back_by_whole_months_or_by_days():
    assert Period(D(2024, 1, 1), D(2024, 12, 31)).previous() == Period(
        D(2023, 1, 1), D(2023, 12, 31)
    )
    assert Period(D(2024, 1, 1), D(2024, 3, 31)).previous() == Period(
        D(2023, 10, 1), D(2023, 12, 31)
    )
    assert Period(D(2024, 1, 5), D(2024, 1, 14)).previous() == Period(
        D(2023, 12, 26), D(2024, 1, 4)
    )
    assert year_before(D(2024, 2, 29)) == D(2023, 2, 28)


def test_users_managed_counts_decisions_by_the_end_of_the_period(
    register, alice, bob, commune_a, commune_b, compute
):
    managed(alice, register(full_name="Một"), D(2024, 12, 10))  # decided 11/12/2024
    managed(alice, register(full_name="Hai"), D(2024, 12, 30))  # decided 31/12/2024
    managed(alice, register(full_name="Ba"), D(2023, 12, 31))  # decided 1/1/2024: test of 2023
    result = compute("users_managed", alice, *Y2024)
    assert (result.total.numerator, result.total.denominator) == (2, 2)
    assert result.total.value == Decimal("100.0")
    # A period ending on the test day: the decision came the next day.
    result = compute("users_managed", alice, D(2024, 12, 1), D(2024, 12, 30))
    assert (result.total.numerator, result.total.denominator, result.total.value) == (
        1,
        2,
        Decimal("50.0"),
    )
    # Across the year boundary: the 2023 test decided on 1/1/2024.
    result = compute("users_managed", alice, D(2023, 12, 1), D(2024, 1, 31))
    assert (result.total.numerator, result.total.denominator) == (1, 1)


def test_an_empty_denominator_is_no_data_never_zero_percent(sam, commune_a, commune_b, compute):
    result = compute("users_managed", sam, *Y2024)
    assert result.total.value is None
    assert result.by_commune[commune_a.pk].value is None
    assert result.by_commune[commune_b.pk].denominator == 0


def test_services_reached_agrees_with_the_support_indicator(
    register, alice, sam, in_category, compute
):
    served = register(full_name="Có dịch vụ")
    in_category(served, "drug_user", D(2024, 2, 1))
    # Through the service, as officers record it: the support summary follows in the same
    # transaction.
    service_record(
        actor=alice,
        person=served,
        service_type="counselling",
        received_on=D(2024, 5, 1),
        provider="Trạm y tế",
    )
    in_category(register(full_name="Chưa có"), "drug_user", D(2024, 3, 1))
    result = compute("services_reached", sam, *Y2024)
    support = services_reached(scope_for(sam), *Y2024).total
    assert (result.total.numerator, result.total.denominator) == (support.reached, support.persons)
    assert result.total.value == Decimal("50.0")


def test_dependent_in_rehab_counts_rehab_and_therapy_at_the_end(
    register, alice, in_category, episode, compute, commune_b
):
    in_rehab, on_therapy, without = (register(full_name=n) for n in ("Một", "Hai", "Ba"))
    for person in (in_rehab, on_therapy, without):
        in_category(person, "dependent", D(2024, 1, 1))
    episode(in_rehab, opened_on=D(2024, 3, 1))
    SubstitutionTherapy.objects.create(person=on_therapy, clinic="Cơ sở", started_on=D(2024, 4, 1))
    result = compute("dependent_in_rehab", alice, *Y2024)
    assert (result.total.numerator, result.total.denominator) == (2, 3)
    assert result.total.value == Decimal("66.7")
    # Before the rehab began nobody was in it.
    early = compute("dependent_in_rehab", alice, D(2024, 1, 1), D(2024, 2, 28))
    assert (early.total.numerator, early.total.denominator) == (0, 3)


def test_dossiers_to_court_is_a_count_of_the_period(register, alice, episode, compute):
    episode(
        register(full_name="Một"), "compulsory", status="at_court", sent_to_court_on=D(2024, 12, 31)
    )
    episode(
        register(full_name="Hai"), "compulsory", status="at_court", sent_to_court_on=D(2025, 1, 2)
    )
    assert compute("dossiers_to_court", alice, *Y2024).total.value == Decimal(1)
    assert compute("dossiers_to_court", alice, D(2025, 1, 1), D(2025, 3, 31)).total.value == 1
    assert compute("dossiers_to_court", alice, D(2023, 1, 1), D(2023, 12, 31)).total.value == 0


def test_completers_with_post_rehab_record(register, alice, completed, post_rehab, compute):
    followed = completed(register(full_name="Một"), D(2024, 6, 30))
    post_rehab(followed, D(2024, 7, 1))
    completed(register(full_name="Hai"), D(2024, 8, 31))
    late = completed(register(full_name="Ba"), D(2024, 12, 31))
    post_rehab(late, D(2025, 1, 3))  # after the end of 2024
    result = compute("completers_post_rehab", alice, *Y2024)
    assert (result.total.numerator, result.total.denominator) == (1, 3)
    assert result.total.value == Decimal("33.3")


def test_post_rehab_managed_reads_the_summary_as_of_the_end(register, alice, in_category, compute):
    in_category(register(full_name="Một"), "post_rehab", D(2024, 6, 1))
    assert compute("post_rehab_managed", alice, *Y2024).total.value == 1
    assert compute("post_rehab_managed", alice, D(2024, 1, 1), D(2024, 5, 31)).total.value == 0


def test_growth_compares_with_the_same_day_a_year_before(
    register, alice, bob, in_category, compute, sam, commune_a, commune_b
):
    in_category(register(full_name="Một"), "dependent", D(2023, 6, 1))
    in_category(register(full_name="Hai"), "dependent", D(2024, 3, 1))
    in_category(register(actor=bob, full_name="Ba"), "dependent", D(2024, 3, 1), actor=bob)
    result = compute("dependent_growth", sam, *Y2024)
    assert result.by_commune[commune_a.pk].value == Decimal("100.0")
    # Commune B had no dependent person a year before: no data, not infinity.
    assert result.by_commune[commune_b.pk].value is None
    assert (result.total.numerator, result.total.denominator) == (3, 1)
    assert result.total.value == Decimal("200.0")
    assert compute("dependent_growth", sam, D(2023, 1, 1), D(2023, 12, 31)).total.value is None
    assert compute("user_growth", sam, *Y2024).total.value is None


def test_one_query_per_indicator_for_every_commune(register, sam, commune_a, commune_b):
    scope = scope_for(sam)
    scope.communes().count()
    for key in (
        "users_managed",
        "services_reached",
        "dependent_in_rehab",
        "dossiers_to_court",
        "key_areas_transformed",
        "key_areas_not_re_emerging",
        "drug_free_villages",
        "drug_free_communes",
    ):
        indicator = indicator_get(key)
        assert indicator is not None
        with CaptureQueriesContext(connection) as queries:
            indicator.counts(scope, Period(*Y2024))
        assert len(queries) == 1, key


def test_place_indicators_follow_the_dated_history(
    make_hotspot, make_business, alice, ann, compute
):
    severe = make_hotspot(name="Một", severity=HotspotSeverity.SEVERE)  # open since 1/3/2023
    make_hotspot(name="Hai", discovered_on=D(2023, 5, 1))
    make_hotspot(name="Ba", discovered_on=D(2024, 2, 1), business=make_business())
    back = make_hotspot(name="Bốn", discovered_on=D(2023, 1, 1))
    hotspot_eliminate(actor=alice, hotspot=back, eliminated_on=D(2023, 6, 1))
    hotspot_re_emerge(
        actor=alice, hotspot=back.pk, re_emerged_on=D(2024, 2, 1), severity=HotspotSeverity.ORDINARY
    )
    hotspot_eliminate(actor=alice, hotspot=severe.pk, eliminated_on=D(2024, 6, 1))
    change = compute("hotspot_change", ann, *Y2024).total
    assert (change.numerator, change.denominator, change.value) == (3, 2, Decimal("50.0"))
    assert compute("severe_hotspots_eliminated", ann, *Y2024).total.value == Decimal("100.0")
    left = compute("hotspots_left_eliminated", ann, *Y2024).total
    assert (left.numerator, left.denominator, left.value) == (1, 2, Decimal("50.0"))
    assert compute("hotspots_re_emerged", ann, *Y2024).total.value == 1
    assert compute("hotspots_re_emerged", ann, D(2023, 1, 1), D(2023, 12, 31)).total.value == 0
    assert compute("hotspots_at_businesses", ann, *Y2024).total.value == 1
    # No severe hotspot open before 2023: no data.
    assert (
        compute("severe_hotspots_eliminated", ann, D(2022, 1, 1), D(2022, 12, 31)).total.value
        is None
    )


def test_key_area_indicators_read_the_dated_periods(
    make_key_area, alice, bob, ann, commune_b, compute
):
    from pcmt.places.services import (
        key_area_re_emerge,
        key_area_start,
        key_area_sustain,
        key_area_transform,
    )

    kept = make_key_area()  # selected 10/1/2023
    key_area_start(actor=alice, key_area=kept, transforming_since=D(2023, 6, 1))
    key_area_transform(actor=alice, key_area=kept, transformed_on=D(2024, 3, 1))
    # A sustained area is still a transformed one.
    key_area_sustain(actor=alice, key_area=kept, sustained_on=D(2024, 11, 1))
    make_key_area(decision_number="14/QĐ-UBND", selected_on=D(2024, 3, 5))
    lost = make_key_area(actor=bob, commune=commune_b, decision_number="13/QĐ-UBND")
    key_area_start(actor=bob, key_area=lost, transforming_since=D(2023, 6, 1))
    key_area_transform(actor=bob, key_area=lost, transformed_on=D(2024, 4, 1))
    key_area_re_emerge(actor=bob, key_area=lost.pk, re_emerged_on=D(2024, 9, 1))
    transformed = compute("key_areas_transformed", ann, *Y2024).total
    assert (transformed.numerator, transformed.denominator) == (1, 3)
    at_midyear = compute("key_areas_transformed", ann, D(2024, 1, 1), D(2024, 6, 30)).total
    assert (at_midyear.numerator, at_midyear.value) == (2, Decimal("66.7"))
    holding = compute("key_areas_not_re_emerging", ann, *Y2024).total
    assert (holding.numerator, holding.denominator, holding.value) == (1, 2, Decimal("50.0"))
    assert (
        compute("key_areas_not_re_emerging", ann, D(2023, 1, 1), D(2023, 12, 31)).total.value
        is None
    )


def test_drug_free_shares_count_recognitions_in_force(village_of, alice, ann, commune_a, compute):
    from pcmt.geo.models import VillageKind
    from pcmt.places.services import DrugFreeInput, drug_free_recognise

    group = village_of("Tổ 1")
    village_of("Tổ 2")
    village_of("Thôn Đông", kind=VillageKind.VILLAGE)
    drug_free_recognise(
        actor=alice,
        data=DrugFreeInput(
            commune=commune_a, village=group, decision_number="5/QĐ", recognised_on=D(2024, 5, 1)
        ),
    )
    groups = compute("drug_free_residential_groups", ann, *Y2024).total
    assert (groups.numerator, groups.denominator, groups.value) == (1, 2, Decimal("50.0"))
    assert (
        compute("drug_free_residential_groups", ann, D(2023, 1, 1), D(2023, 12, 31)).total.value
        == 0
    )
    # The target counts villages of communes (xã): a village of a ward is none of them.
    assert compute("drug_free_villages", ann, *Y2024).total.value is None


def test_drug_free_communes_across_a_year_boundary(alice, bob, ann, commune_a, commune_b, compute):
    from pcmt.places.services import DrugFreeInput, drug_free_recognise

    drug_free_recognise(
        actor=alice,
        data=DrugFreeInput(commune=commune_a, decision_number="7/QĐ", recognised_on=D(2024, 1, 1)),
    )
    # As of 31/12/2023 nothing was recognised yet; as of 1/1/2024 one commune of two.
    before = compute("drug_free_communes", ann, D(2023, 1, 1), D(2023, 12, 31))
    assert (before.total.numerator, before.total.denominator, before.total.value) == (
        0,
        2,
        Decimal("0.0"),
    )
    after = compute("drug_free_communes", ann, D(2023, 10, 1), D(2024, 1, 1))
    assert (after.total.numerator, after.total.denominator, after.total.value) == (
        1,
        2,
        Decimal("50.0"),
    )
    assert after.by_commune[commune_a.pk].value == Decimal("100.0")
    assert after.by_commune[commune_b.pk].value == Decimal("0.0")
    # An officer of commune B counts his own commune alone.
    assert compute("drug_free_communes", bob, D(2024, 1, 1), D(2024, 1, 1)).total.value == 0


def test_place_indicators_give_the_places_shares_commune_by_commune(
    make_key_area, village_of, alice, bob, ann, commune_a, commune_b, compute
):
    from pcmt.places.selectors import (
        DrugFreeKind,
        drug_free_share,
        key_areas_sustained_share,
        key_areas_transformed_share,
    )
    from pcmt.places.services import (
        DrugFreeInput,
        drug_free_recognise,
        key_area_start,
        key_area_transform,
    )

    area = make_key_area()
    key_area_start(actor=alice, key_area=area, transforming_since=D(2023, 6, 1))
    key_area_transform(actor=alice, key_area=area, transformed_on=D(2023, 12, 31))
    make_key_area(actor=bob, commune=commune_b, decision_number="13/QĐ-UBND")
    group = village_of("Tổ 1")
    village_of("Tổ 9", commune=commune_b)
    drug_free_recognise(
        actor=alice,
        data=DrugFreeInput(
            commune=commune_a, village=group, decision_number="5/QĐ", recognised_on=D(2024, 1, 1)
        ),
    )
    cases = [
        ("key_areas_transformed", lambda s, d: key_areas_transformed_share(s, d)),
        ("key_areas_not_re_emerging", lambda s, d: key_areas_sustained_share(s, d)),
        (
            "drug_free_residential_groups",
            lambda s, d: drug_free_share(s, d, DrugFreeKind.RESIDENTIAL_GROUPS_IN_WARDS),
        ),
    ]
    for end in (D(2023, 12, 30), D(2023, 12, 31), D(2024, 1, 1)):
        for key, share in cases:
            result = compute(key, ann, D(2023, 1, 1), end)
            whole = share(scope_for(ann), end)
            part, denominator, value = (
                (whole["part"], whole["whole"], whole["share"])
                if isinstance(whole, dict)
                else (whole.numerator, whole.denominator, whole.share)
            )
            assert (result.total.numerator, result.total.denominator) == (part, denominator), key
            assert result.total.value == value, (key, end)
            for user, commune in ((alice, commune_a), (bob, commune_b)):
                own = compute(key, user, D(2023, 1, 1), end).total
                assert result.by_commune[commune.pk] == own, (key, end, commune)
    # The year boundary: transformed on 31/12/2023 counts as of that day, not the day before.
    assert compute("key_areas_transformed", ann, *Y2024).by_commune[commune_a.pk].value == 100
    late = compute("key_areas_transformed", ann, D(2023, 1, 1), D(2023, 12, 30)).total
    assert (late.numerator, late.denominator) == (0, 2)
    # Commune B never transformed an area: its sustained share has no data.
    sustained = compute("key_areas_not_re_emerging", ann, *Y2024)
    assert sustained.by_commune[commune_b.pk].value is None
    assert sustained.total.value == Decimal("100.0")


def test_place_drill_downs_list_the_records_behind_each_number(
    make_key_area, village_of, alice, sam, commune_a, commune_b
):
    from pcmt.places.services import DrugFreeInput, drug_free_recognise
    from pcmt.plans.indicators import DENOMINATOR, NUMERATOR
    from pcmt.plans.selectors import record_rows

    make_key_area()
    group = village_of("Tổ 1")
    drug_free_recognise(
        actor=alice,
        data=DrugFreeInput(
            commune=commune_a, village=group, decision_number="5/QĐ", recognised_on=D(2024, 1, 1)
        ),
    )
    drug_free_recognise(
        actor=alice,
        data=DrugFreeInput(commune=commune_a, decision_number="8/QĐ", recognised_on=D(2024, 2, 1)),
    )
    scope, period = scope_for(sam), Period(*Y2024)
    for key in ("key_areas_transformed", "drug_free_residential_groups", "drug_free_communes"):
        indicator = indicator_get(key)
        assert indicator is not None
        total = indicator.compute(scope, period).total
        assert indicator.records(scope, period, NUMERATOR).count() == total.numerator, key
        assert indicator.records(scope, period, DENOMINATOR).count() == total.denominator, key
    communes = indicator_get("drug_free_communes")
    assert communes is not None
    rows = record_rows(communes, communes.records(scope, period, NUMERATOR))
    assert [(row.label, row.commune) for row in rows] == [("Ba Đình", "Ba Đình")]


def test_communes_with_drug_problems_growth(
    register, alice, bob, sam, in_category, commune_a, commune_b, compute
):
    from pcmt.plans.indicators import DENOMINATOR, NUMERATOR

    in_category(register(full_name="Một"), "drug_user", D(2023, 3, 1))
    in_category(register(actor=bob, full_name="Hai"), "dependent", D(2024, 1, 1), actor=bob)
    # A year before 31/12/2023 nobody was on record: no data, never infinity.
    assert (
        compute("problem_communes_growth", sam, D(2023, 1, 1), D(2023, 12, 31)).total.value is None
    )
    # Across the year boundary: one commune on 31/12/2023, two on 1/1/2024 and after.
    result = compute("problem_communes_growth", sam, D(2024, 1, 1), D(2024, 3, 1)).total
    assert (result.numerator, result.denominator, result.value) == (2, 1, Decimal("100.0"))
    edge = compute("problem_communes_growth", sam, D(2023, 1, 1), D(2023, 12, 31)).total
    assert (edge.numerator, edge.denominator) == (1, 0)
    # The drill-down lists the communes behind each number.
    indicator = indicator_get("problem_communes_growth")
    assert indicator is not None
    scope = scope_for(sam)
    now = indicator.records(scope, Period(D(2024, 1, 1), D(2024, 3, 1)), NUMERATOR)
    then = indicator.records(scope, Period(D(2024, 1, 1), D(2024, 3, 1)), DENOMINATOR)
    assert set(now) == {commune_a, commune_b}
    assert list(then) == [commune_a]


def _outreach(actor, commune, day, **targets):
    from pcmt.outreach.models import Topic
    from pcmt.outreach.services import OutreachInput, outreach_record

    return outreach_record(
        actor=actor,
        data=OutreachInput(
            commune=commune,
            held_on=day,
            organiser="Công an phường",
            audience=80,
            topics=[Topic.SYNTHETIC_DRUGS],
            **targets,
        ),
    )


def test_outreach_coverage_of_schools_in_the_year(alice, bob, ann, commune_a, commune_b, compute):
    from pcmt.outreach.models import SchoolLevel
    from pcmt.outreach.services import school_add

    # No school listed yet: no data.
    assert compute("outreach_schools", ann, *Y2024).total.value is None
    first = school_add(
        actor=alice, commune=commune_a, name="THCS Một", level=SchoolLevel.VOCATIONAL
    )
    school_add(actor=alice, commune=commune_a, name="THPT Hai", level=SchoolLevel.UPPER_SECONDARY)
    third = school_add(actor=bob, commune=commune_b, name="ĐH Ba", level=SchoolLevel.UNIVERSITY)
    _outreach(alice, commune_a, D(2023, 12, 31), schools=[first])
    _outreach(bob, commune_b, D(2024, 1, 1), schools=[third])
    _outreach(alice, commune_a, D(2024, 12, 31), schools=[first])
    # 31/12/2023 counts for 2023 only; 1/1/2024 for 2024 only.
    year_2023 = compute("outreach_schools", ann, D(2023, 1, 1), D(2023, 12, 31))
    assert (year_2023.total.numerator, year_2023.total.denominator) == (1, 3)
    assert year_2023.total.value == Decimal("33.3")
    year_2024 = compute("outreach_schools", ann, *Y2024)
    assert (year_2024.total.numerator, year_2024.total.value) == (2, Decimal("66.7"))
    assert year_2024.by_commune[commune_a.pk].value == Decimal("50.0")
    assert year_2024.by_commune[commune_b.pk].value == Decimal("100.0")
    # As of 30/12/2024, school one was not reached yet in 2024.
    assert compute("outreach_schools", ann, D(2024, 1, 1), D(2024, 12, 30)).total.numerator == 1


def test_outreach_reaches_villages_in_each_quarter(alice, ann, village_of, commune_a, compute):
    from pcmt.plans.indicators import quarters_of

    assert compute("outreach_villages_each_quarter", ann, *Y2024).total.value is None
    every = village_of("Tổ 1")
    skipped = village_of("Tổ 2")
    for day in (D(2024, 2, 1), D(2024, 5, 1), D(2024, 8, 1), D(2024, 11, 1)):
        _outreach(alice, commune_a, day, villages=[every])
    for day in (D(2023, 12, 31), D(2024, 5, 1), D(2024, 8, 1), D(2024, 11, 1)):
        _outreach(alice, commune_a, day, villages=[skipped])
    year = compute("outreach_villages_each_quarter", ann, *Y2024).total
    assert (year.numerator, year.denominator, year.value) == (1, 2, Decimal("50.0"))
    # The last quarter of 2023 and the first of 2024: the one on 31/12/2023 counts in 2023.
    across = compute("outreach_villages_each_quarter", ann, D(2023, 10, 1), D(2024, 3, 31)).total
    assert (across.numerator, across.denominator) == (0, 2)
    last_quarter = compute("outreach_villages_each_quarter", ann, D(2023, 10, 1), D(2023, 12, 31))
    assert last_quarter.total.numerator == 1
    assert quarters_of(Period(D(2023, 11, 15), D(2024, 2, 10))) == [
        Period(D(2023, 11, 15), D(2023, 12, 31)),
        Period(D(2024, 1, 1), D(2024, 2, 10)),
    ]
