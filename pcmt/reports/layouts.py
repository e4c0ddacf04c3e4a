"""Report layouts: checking an administrator's configuration and computing its figures.

A layout is {"sections": [{"title", "rows": [row]}]}; a row is {"code", "label", "source"}
(a code of `sources.SOURCES`), {"code", "label", "indicator"} (a key of the indicator registry
of `pcmt.plans.indicators`, its value for the unit as of the period's last day) or
{"code", "label", "sum": [codes of rows above]}. Each row
has four columns: the period, the same period last year, the change, and the cumulative
figure since 1 January (for a count taken on a day: the figure on the period's last day).
"""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from pcmt.core.errors import DomainError
from pcmt.geo.models import AdminUnit
from pcmt.plans.indicators import PERCENT, Indicator, Period, indicator_get
from pcmt.reports.periods import same_period_last_year, year_start
from pcmt.reports.sources import Number, source_get, unit_scope

COLUMNS = ("period", "last_year", "cumulative")
# A percentage row keeps its two numbers, so a province adds them up before dividing.
NUMERATOR, DENOMINATOR = "numerator", "denominator"


def _plain(value: Number) -> int | float:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def layout_rows(layout: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for section in layout.get("sections", []) for row in section.get("rows", [])]


def layout_check(layout: Any) -> None:
    """Refuse a layout a report could not be computed from, naming the first fault."""
    if not isinstance(layout, dict) or not isinstance(layout.get("sections"), list):
        raise DomainError("report_layout_shape", _("The layout needs a list of sections."))
    seen: set[str] = set()
    for section in layout["sections"]:
        if not isinstance(section, dict) or not isinstance(section.get("rows"), list):
            raise DomainError("report_layout_shape", _("Each section needs a title and rows."))
        for row in section["rows"]:
            code = row.get("code") if isinstance(row, dict) else None
            if not code or not row.get("label"):
                raise DomainError("report_layout_row", _("Each row needs a code and a label."))
            if code in seen:
                raise DomainError(
                    "report_layout_duplicate",
                    _("Row code %(code)s is used twice.") % {"code": code},
                )
            if "sum" in row:
                unknown = [part for part in row["sum"] if part not in seen]
                if not isinstance(row["sum"], list) or not row["sum"] or unknown:
                    raise DomainError(
                        "report_layout_sum",
                        _("Row %(code)s adds rows that are not above it.") % {"code": code},
                    )
            elif "indicator" in row:
                if indicator_get(str(row["indicator"])) is None:
                    raise DomainError(
                        "report_layout_indicator",
                        _("Row %(code)s names an unknown indicator.") % {"code": code},
                    )
            elif source_get(str(row.get("source", ""))) is None:
                raise DomainError(
                    "report_layout_source",
                    _("Row %(code)s names an unknown source.") % {"code": code},
                )
            seen.add(code)


def _evaluate(
    layout: dict[str, Any], value_of: Callable[[dict[str, Any], str], int | float]
) -> dict[str, dict[str, int | float]]:
    """Every row's columns: sources through `value_of`, sums from the rows above."""
    found: dict[str, dict[str, int | float]] = {}
    for row in layout_rows(layout):
        if "sum" in row:
            found[row["code"]] = {
                column: sum(found[part][column] for part in row["sum"]) for column in COLUMNS
            }
        elif _percentage(row) is not None:
            # value_of gives the numerator and denominator of each column; the value follows.
            values: dict[str, int | float] = {}
            for column in COLUMNS:
                numerator = value_of(row, f"{column}_{NUMERATOR}")
                denominator = value_of(row, f"{column}_{DENOMINATOR}")
                values[f"{column}_{NUMERATOR}"] = numerator
                values[f"{column}_{DENOMINATOR}"] = denominator
                values[column] = _percent(row, int(numerator), int(denominator))
            found[row["code"]] = values
        else:
            found[row["code"]] = {column: value_of(row, column) for column in COLUMNS}
    return found


def _percentage(row: dict[str, Any]) -> Indicator | None:
    indicator = indicator_get(str(row["indicator"])) if "indicator" in row else None
    return indicator if indicator is not None and indicator.unit == PERCENT else None


def _percent(row: dict[str, Any], numerator: int, denominator: int) -> int | float:
    """The indicator's own arithmetic; a percentage without a denominator is shown as 0."""
    indicator = _percentage(row)
    assert indicator is not None
    value = indicator.figure(numerator, denominator).value
    return 0 if value is None else _plain(value)


def _indicator_value(
    row: dict[str, Any], unit: AdminUnit, since: datetime.date, until: datetime.date, part: str
) -> int | float:
    """One number of an indicator for the unit from `since` to `until` (read as of `until`):
    its value, or for a percentage its numerator or denominator."""
    indicator = indicator_get(str(row["indicator"]))
    if indicator is None:  # the indicator was removed since the layout was saved
        return 0
    total = indicator.compute(unit_scope(unit), Period(since, until), communes=[]).total
    if part == NUMERATOR:
        return total.numerator
    if part == DENOMINATOR:
        return total.denominator or 0
    return 0 if total.value is None else _plain(total.value)


def figures_compute(
    layout: dict[str, Any], unit: AdminUnit, start: datetime.date, end: datetime.date
) -> dict[str, dict[str, int | float]]:
    """The live figures of one unit for one period, from the registries."""
    last_start, last_end = same_period_last_year(start, end)
    spans = {
        "period": (start, end),
        "last_year": (last_start, last_end),
        "cumulative": (year_start(end), end),
    }

    def value_of(row: dict[str, Any], column: str) -> int | float:
        if "indicator" in row:
            name, part = column, ""
            for suffix in (NUMERATOR, DENOMINATOR):
                if column.endswith(f"_{suffix}"):
                    name, part = column.removesuffix(f"_{suffix}"), suffix
            since, until = spans[name]
            return _indicator_value(row, unit, since, until, part)
        source = source_get(row["source"])
        if source is None:  # the source was removed since the layout was saved
            return 0
        since, until = spans[column]
        return _plain(source.compute(unit, since, until, until))

    return _evaluate(layout, value_of)


def figures_add(
    layout: dict[str, Any], parts: list[dict[str, dict[str, int | float]]]
) -> dict[str, dict[str, int | float]]:
    """The figures of a province: each source row added up over its communes' figures (a
    percentage from the sums of its numerators and denominators)."""

    def value_of(row: dict[str, Any], column: str) -> int | float:
        return sum(part.get(row["code"], {}).get(column, 0) for part in parts)

    return _evaluate(layout, value_of)


def figure_rows(
    layout: dict[str, Any], figures: dict[str, dict[str, int | float]]
) -> list[dict[str, Any]]:
    """The rows to show, section titles first, each with its change on last year."""
    shown: list[dict[str, Any]] = []
    for section in layout.get("sections", []):
        shown.append({"title": section.get("title", "")})
        for row in section.get("rows", []):
            values = figures.get(row["code"], {})
            period, last = values.get("period", 0), values.get("last_year", 0)
            shown.append(
                {
                    "code": row["code"],
                    "label": row["label"],
                    "total": "sum" in row,
                    "period": period,
                    "last_year": last,
                    "change": period - last,
                    "cumulative": values.get("cumulative", 0),
                }
            )
    return shown
