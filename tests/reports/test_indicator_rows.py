"""Report rows that name an indicator of the plans' registry: the indicator's value for the
unit as of the period's last day; a province adds a percentage's numbers before dividing."""

import datetime
from typing import Any

import pytest

from pcmt.casework.services import drug_test_record
from pcmt.core.errors import DomainError
from pcmt.plans.indicators import Period, indicator_get
from pcmt.reports.layouts import figures_add, figures_compute, layout_check
from pcmt.reports.sources import unit_scope

LAYOUT = {
    "sections": [
        {
            "title": "Chỉ tiêu",
            "rows": [
                {"code": "1", "label": "Tỷ lệ quản lý", "indicator": "users_managed"},
                {"code": "2", "label": "Hồ sơ đưa ra tòa", "indicator": "dossiers_to_court"},
                {"code": "3", "label": "Người nghiện mới", "source": "persons.new_drug_users"},
            ],
        }
    ]
}
Q4 = (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))


def test_an_unknown_indicator_is_refused() -> None:
    layout = {
        "sections": [{"title": "A", "rows": [{"code": "1", "label": "x", "indicator": "nope"}]}]
    }
    with pytest.raises(DomainError) as refused:
        layout_check(layout)
    assert refused.value.code == "report_layout_indicator"


def test_the_shipped_layout_with_indicator_rows_passes_the_check() -> None:
    layout_check(LAYOUT)


def test_an_indicator_row_takes_the_registrys_value_for_the_unit(
    alice: Any, person_a: Any, commune_a: Any
) -> None:
    drug_test_record(
        actor=alice,
        person=person_a,
        tested_on=datetime.date(2025, 10, 16),
        place="Công an phường",
        result="positive",
        tested_by="Cán bộ",
    )
    figures = figures_compute(LAYOUT, commune_a, *Q4)
    expected = (
        indicator_get("users_managed")
        .compute(  # type: ignore[union-attr]
            unit_scope(commune_a), Period(*Q4)
        )
        .total
    )
    assert figures["1"]["period_denominator"] == expected.denominator == 1
    assert figures["1"]["period_numerator"] == expected.numerator
    assert figures["1"]["period"] == (expected.value if expected.value is not None else 0)
    assert figures["1"]["last_year"] == 0  # no test a year before: no data, shown as 0
    assert figures["2"]["period"] == 0


def test_a_province_adds_the_numbers_of_a_percentage_before_dividing() -> None:
    commune_x = {
        "1": {
            "period": 50,
            "period_numerator": 1,
            "period_denominator": 2,
            "last_year": 0,
            "last_year_numerator": 0,
            "last_year_denominator": 0,
            "cumulative": 50,
            "cumulative_numerator": 1,
            "cumulative_denominator": 2,
        },
        "2": {"period": 3, "last_year": 1, "cumulative": 4},
        "3": {"period": 2, "last_year": 0, "cumulative": 2},
    }
    commune_y = {
        "1": {**commune_x["1"], "period": 100, "period_numerator": 1, "period_denominator": 1},
        "2": {"period": 1, "last_year": 0, "cumulative": 1},
        "3": {"period": 0, "last_year": 0, "cumulative": 0},
    }
    province = figures_add(LAYOUT, [commune_x, commune_y])
    assert province["1"]["period"] == 66.7  # 2 of 3, not 50 % + 100 %
    assert (province["1"]["period_numerator"], province["1"]["period_denominator"]) == (2, 3)
    assert province["2"]["period"] == 4 and province["3"]["period"] == 2
