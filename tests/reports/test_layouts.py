from typing import Any

import pytest

from pcmt.core.errors import DomainError
from pcmt.reports.defaults import SHIPPED
from pcmt.reports.layouts import figure_rows, figures_add, layout_check


def _layout(*rows: dict[str, Any]) -> dict[str, Any]:
    return {"sections": [{"title": "I", "rows": list(rows)}]}


@pytest.mark.parametrize("shipped", SHIPPED, ids=lambda t: t["code"])
def test_shipped_templates_are_valid(shipped: dict[str, Any]) -> None:
    layout_check(shipped["layout"])


@pytest.mark.parametrize(
    ("layout", "code"),
    [
        ([], "report_layout_shape"),
        (_layout({"code": "1", "label": "A", "source": "nope"}), "report_layout_source"),
        (_layout({"code": "1", "label": "A", "sum": ["2"]}), "report_layout_sum"),
        (
            _layout(
                {"code": "1", "label": "A", "source": "places.incidents"},
                {"code": "1", "label": "B", "source": "places.incidents"},
            ),
            "report_layout_duplicate",
        ),
        (_layout({"code": "1", "source": "places.incidents"}), "report_layout_row"),
    ],
)
def test_it_refuses_a_broken_layout(layout: Any, code: str) -> None:
    with pytest.raises(DomainError) as refused:
        layout_check(layout)
    assert refused.value.code == code


def test_totals_add_rows_and_the_change_is_on_last_year() -> None:
    layout = _layout(
        {"code": "1", "label": "A", "source": "places.incidents"},
        {"code": "2", "label": "B", "source": "places.offenders"},
        {"code": "3", "label": "A+B", "sum": ["1", "2"]},
    )
    parts: list[dict[str, dict[str, int | float]]] = [
        {
            "1": {"period": 2, "last_year": 1, "cumulative": 2},
            "2": {"period": 3, "last_year": 5, "cumulative": 3},
        },
        {"1": {"period": 1, "last_year": 0, "cumulative": 4}},
    ]
    figures = figures_add(layout, parts)
    assert figures["3"] == {"period": 6, "last_year": 6, "cumulative": 9}
    rows = figure_rows(layout, figures)
    assert rows[0] == {"title": "I"}
    assert rows[3]["change"] == 0 and rows[3]["total"]
    assert rows[2]["change"] == -2
