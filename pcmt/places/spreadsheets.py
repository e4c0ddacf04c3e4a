"""The registries as spreadsheets: the columns each list exports, through the one writer
(`core.tabular.write_xlsx`)."""

from collections.abc import Callable, Iterable
from typing import IO, Any

from django.utils.translation import gettext_lazy as _

from pcmt.core.tabular import write_xlsx


def _day(field: str) -> Callable[[Any], str]:
    def get(record: Any) -> str:
        value = getattr(record, field)
        return value.strftime("%d/%m/%Y") if value else ""

    return get


def _attr(path: str) -> Callable[[Any], Any]:
    def get(record: Any) -> Any:
        value = record
        for part in path.split("."):
            value = getattr(value, part, None) if value is not None else None
        return "" if value is None else value

    return get


def _display(field: str) -> Callable[[Any], str]:
    return lambda record: str(getattr(record, f"get_{field}_display")())


def _number(field: str) -> Callable[[Any], Any]:
    def get(record: Any) -> Any:
        value = getattr(record, field)
        return "" if value is None else float(value)

    return get


_LOCATION = [
    (_("Commune code"), _attr("commune.code")),
    (_("Commune"), _attr("commune.full_name")),
    (_("Village / residential group"), _attr("village.name")),
    (_("Address"), _attr("address")),
    (_("Latitude"), _number("latitude")),
    (_("Longitude"), _number("longitude")),
]

COLUMNS: dict[str, list[tuple[Any, Callable[[Any], Any]]]] = {
    "hotspot": [
        (_("Name"), _attr("name")),
        *_LOCATION,
        (_("Kind"), _display("kind")),
        (_("Severity"), _display("severity")),
        (_("Status"), _display("status")),
        (_("Discovered on"), _day("discovered_on")),
        (_("Eliminated on"), _day("eliminated_on")),
        (_("Re-emerged on"), _day("re_emerged_on")),
        (_("Conditional business"), _attr("business.name")),
        (_("Source of detection"), _attr("source")),
    ],
    "incident": [
        (_("Occurred on"), _day("occurred_on")),
        (_("Summary"), _attr("summary")),
        *_LOCATION,
        (_("Kind"), _display("kind")),
        (_("Offenders"), _attr("offenders")),
        (_("Substance"), _attr("substance")),
        (_("Quantity"), _number("quantity")),
        (_("Unit"), _attr("unit")),
        (_("Drug plants destroyed"), _attr("plants")),
        (_("Area destroyed (m²)"), _number("area_m2")),
        (_("Hotspot"), _attr("hotspot.name")),
        (_("Conditional business"), _attr("business.name")),
    ],
    "key_area": [
        (_("Commune code"), _attr("commune.code")),
        (_("Commune"), _attr("commune.full_name")),
        (_("Type"), _display("area_type")),
        (_("Decision number"), _attr("decision_number")),
        (_("Selected on"), _day("selected_on")),
        (_("Status"), _display("status")),
        (_("Transformed on"), _day("transformed_on")),
        (_("Re-emerged on"), _day("re_emerged_on")),
        (_("Transformation plan"), _attr("plan")),
        (_("Responsible agencies"), _attr("agencies")),
    ],
    "business": [
        (_("Name"), _attr("name")),
        *_LOCATION,
        (_("Kind"), _display("kind")),
        (_("Operating since"), _day("opened_on")),
        (_("Status"), _display("status")),
        (_("Closed on"), _day("closed_on")),
        (_("Security-order certificate"), _attr("licence_number")),
        (_("Licence issued on"), _day("licence_issued_on")),
        (_("Licence expires on"), _day("licence_expires_on")),
    ],
    "drug_free": [
        (_("Commune code"), _attr("commune.code")),
        (_("Commune"), _attr("commune.full_name")),
        (_("Village / residential group"), _attr("village.name")),
        (_("Unit"), _display("level")),
        (_("Decision number"), _attr("decision_number")),
        (_("Decided by"), _attr("decided_by")),
        (_("Recognised on"), _day("recognised_on")),
        (_("Status"), _display("status")),
        (_("Withdrawn on"), _day("withdrawn_on")),
        (_("Reason for withdrawal"), _attr("withdrawal_reason")),
    ],
}


def registry_export(name: str, records: Iterable[Any], target: IO[bytes]) -> None:
    """One row per record, in the list's order and filters."""
    columns = COLUMNS[name]
    write_xlsx(
        target,
        [str(header) for header, _get in columns],
        ([get(record) for _header, get in columns] for record in records),
    )
