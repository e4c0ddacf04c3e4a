"""Named row sources: what a report row counts, as one function of unit and period.

A source is `code → label + function(unit, period_start, period_end, as_of) → number`.
Counts of stock (persons on record, open hotspots) are taken on `as_of`; counts of flow
(detections, decisions, incidents) over the period. Other apps (the indicator registry of
plans) add their own with `source_register`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.scope import Scope
from pcmt.casework.models import UserManagement
from pcmt.geo.models import AdminUnit
from pcmt.persons.models import Category, CategoryPeriod
from pcmt.persons.summaries import PERSONS_IN_CATEGORY
from pcmt.places.models import HotspotSeverity
from pcmt.places.selectors import business_counts_on, hotspot_counts_on, incident_counts_between
from pcmt.rehab.models import RehabEpisode
from pcmt.summaries.services import summary_counts

Number = int | Decimal
Compute = Callable[[AdminUnit, datetime.date, datetime.date, datetime.date], Number]


@dataclass(frozen=True)
class Source:
    code: str
    label: str | Promise
    compute: Compute
    stock: bool = False  # counted on a day, not over the period


SOURCES: dict[str, Source] = {}


def source_register(source: Source) -> Source:
    if source.code in SOURCES:
        raise ValueError(f"report source {source.code} registered twice")
    SOURCES[source.code] = source
    return source


def source_get(code: str) -> Source | None:
    return SOURCES.get(code)


def unit_scope(unit: AdminUnit) -> Scope:
    """The scope that counts one unit: its commune, or every commune of the province."""
    if unit.is_province:
        return Scope(province_id=unit.pk)
    return Scope(province_id=unit.parent_id, commune_id=unit.pk)


def _persons_in(category: str) -> Compute:
    def compute(
        unit: AdminUnit, start: datetime.date, end: datetime.date, as_of: datetime.date
    ) -> Number:
        return summary_counts(PERSONS_IN_CATEGORY, unit.pk, as_of).get(category, 0)

    return compute


def _managed_by(unit: AdminUnit, prefix: str) -> object:
    return unit_scope(unit).province_q(f"{prefix}managing_province", f"{prefix}managing_commune")


def _new_detections(
    unit: AdminUnit, start: datetime.date, end: datetime.date, as_of: datetime.date
) -> Number:
    """Persons whose drug-user period began in the period (first detections and returns)."""
    return (
        CategoryPeriod.objects.filter(
            _managed_by(unit, "person__"),
            category=Category.DRUG_USER,
            start_date__gte=start,
            start_date__lte=end,
        )
        .values("person_id")
        .distinct()
        .count()
    )


def _management_decisions(
    unit: AdminUnit, start: datetime.date, end: datetime.date, as_of: datetime.date
) -> Number:
    return UserManagement.objects.filter(
        _managed_by(unit, "person__"),
        decision_date__gte=start,
        decision_date__lte=end,
    ).count()


def _rehab_started(
    unit: AdminUnit, start: datetime.date, end: datetime.date, as_of: datetime.date
) -> Number:
    return RehabEpisode.objects.filter(
        _managed_by(unit, "person__"),
        started_on__gte=start,
        started_on__lte=end,
    ).count()


def _hotspots(severity: str | None) -> Compute:
    def compute(
        unit: AdminUnit, start: datetime.date, end: datetime.date, as_of: datetime.date
    ) -> Number:
        counts = hotspot_counts_on(unit_scope(unit), as_of)
        return counts["total"] if severity is None else counts["by_severity"].get(severity, 0)

    return compute


def _incidents(key: str) -> Compute:
    def compute(
        unit: AdminUnit, start: datetime.date, end: datetime.date, as_of: datetime.date
    ) -> Number:
        return incident_counts_between(unit_scope(unit), start, end)[key]

    return compute


def _businesses(key: str) -> Compute:
    def compute(
        unit: AdminUnit, start: datetime.date, end: datetime.date, as_of: datetime.date
    ) -> Number:
        return business_counts_on(unit_scope(unit), as_of)[key]

    return compute


for _category in Category:
    source_register(
        Source(f"persons.{_category.value}", _category.label, _persons_in(_category), stock=True)
    )
source_register(Source("persons.new_drug_users", _("New drug users detected"), _new_detections))
source_register(
    Source(
        "casework.management_decisions",
        _("User-management decisions issued"),
        _management_decisions,
    )
)
source_register(Source("rehab.started", _("Persons admitted to rehab"), _rehab_started))
source_register(Source("places.hotspots_open", _("Open hotspots"), _hotspots(None), stock=True))
source_register(
    Source(
        "places.hotspots_severe",
        _("Open severe hotspots"),
        _hotspots(HotspotSeverity.SEVERE),
        stock=True,
    )
)
source_register(Source("places.incidents", _("Drug incidents"), _incidents("total")))
source_register(
    Source("places.offenders", _("Offenders in drug incidents"), _incidents("offenders"))
)
source_register(Source("places.plants", _("Drug plants destroyed"), _incidents("plants")))
source_register(
    Source("places.area_m2", _("Area of drug plants destroyed (m²)"), _incidents("area_m2"))
)
source_register(
    Source(
        "places.businesses",
        _("Conditional businesses operating"),
        _businesses("operating"),
        stock=True,
    )
)
source_register(
    Source(
        "places.businesses_tied",
        _("Businesses tied to an open hotspot"),
        _businesses("tied_to_open_hotspot"),
        stock=True,
    )
)
