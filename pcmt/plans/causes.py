"""Causes of new cases (Plan 174): the persons newly detected in a period, counted by reason,
age group when detected, first substance, workplace, occupation, province of origin, commune
and quarter. Counts only: every reader of aggregates sees them, and no row is loaded as a
record (values are read grouped in the database)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, CharField, Count, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.scope import Scope
from pcmt.plans.models import NewCaseCause, Substance, Workplace

# Age when detected: (code, label, first age of the next group).
AGE_GROUPS: list[tuple[str, Promise, int | None]] = [
    ("under_16", _("under 16"), 16),
    ("16_17", _("16 to 17"), 18),
    ("18_30", _("18 to 30"), 31),
    ("31_45", _("31 to 45"), 46),
    ("46_over", _("46 and over"), None),
]
UNKNOWN = _("not recorded")


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str | Promise
    rows: list[tuple[str, int]]  # (label, persons), most first; quarters in time order

    def share(self, count: int, total: int) -> str:
        return f"{count * 100 / total:.1f}" if total else ""


@dataclass(frozen=True)
class CausesAnalysis:
    start: datetime.date
    end: datetime.date
    total: int
    breakdowns: list[Breakdown]


def new_cases(scope: Scope, start: datetime.date, end: datetime.date) -> QuerySet[NewCaseCause]:
    """The causes recorded for persons managed in the scope, detected from `start` to `end`."""
    if not scope.can_read_aggregates:
        return NewCaseCause.objects.none()
    return NewCaseCause.objects.filter(
        scope.province_q("person__managing_province", "person__managing_commune"),
        person__merged_into__isnull=True,
        detected_on__gte=start,
        detected_on__lte=end,
    )


def _grouped(
    rows: QuerySet[NewCaseCause], field: str, labels: dict[Any, Any]
) -> list[tuple[str, int]]:
    counted = rows.order_by().values(field).annotate(n=Count("pk", distinct=True))
    found = [(str(labels.get(row[field], row[field] or UNKNOWN)), row["n"]) for row in counted]
    return sorted(found, key=lambda pair: (-pair[1], pair[0]))


def _age_group() -> tuple[Case, Any]:
    age = ExtractYear("detected_on") - F("person__birth_year")
    whens = [
        When(age_when__lt=bound, then=Value(code))
        for code, _label, bound in AGE_GROUPS
        if bound is not None
    ]
    return Case(*whens, default=Value(AGE_GROUPS[-1][0]), output_field=CharField()), age


def causes_analyse(scope: Scope, start: datetime.date, end: datetime.date) -> CausesAnalysis:
    """The new cases of the period, in total and broken down each way."""
    rows = new_cases(scope, start, end)
    case, age = _age_group()
    aged = rows.annotate(age_when=age).annotate(age_group=case)
    quarters = (
        rows.order_by()
        .annotate(
            year=ExtractYear("detected_on", output_field=IntegerField()),
            quarter=ExtractQuarter("detected_on"),
        )
        .values("year", "quarter")
        .annotate(n=Count("pk"))
        .order_by("year", "quarter")
    )
    ages = dict(_grouped(aged, "age_group", {}))
    breakdowns = [
        Breakdown("reason", _("Reason"), _grouped(rows, "reasons__name", {})),
        Breakdown(
            "age_group",
            _("Age when detected"),
            [(str(label), ages[code]) for code, label, _bound in AGE_GROUPS if code in ages],
        ),
        Breakdown(
            "substance",
            _("First substance"),
            _grouped(rows, "first_substance", dict(Substance.choices)),
        ),
        Breakdown(
            "workplace", _("Workplace"), _grouped(rows, "workplace", dict(Workplace.choices))
        ),
        Breakdown("occupation", _("Occupation"), _grouped(rows, "person__occupation", {})),
        Breakdown("origin", _("Province of origin"), _grouped(rows, "origin_province__name", {})),
        Breakdown("commune", _("Commune"), _grouped(rows, "person__managing_commune__name", {})),
        Breakdown(
            "quarter",
            _("Quarter"),
            [(f"{row['quarter']}/{row['year']}", row["n"]) for row in quarters],
        ),
    ]
    return CausesAnalysis(start, end, rows.count(), breakdowns)
