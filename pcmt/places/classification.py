"""Classification of communes and of the province as key complex areas (QĐ 28/2025/QĐ-TTg),
computed from the data as of a day.

Five criteria, each with its value, threshold and the records behind it:
1. persons with a drug record ≥ a share of residents (0.5 %);
2. places organising or harbouring drug use active on the day (≥ 2);
3. offenders arrested in the window before the day ≥ a share of residents (0.1 %);
4. drug plants (≥ 3,000) or area (≥ 750 m²) destroyed in the window;
5. on a key drug route, together with enough of the others (≥ 2).
Type I, II, III by the number of criteria met at each type's thresholds. Thresholds, windows
and the number of criteria per type are dated configuration (`CONFIGS`, `config_for(day)`);
numbers the decision does not give are marked to confirm and shown as such.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.scope import Scope
from pcmt.geo.models import AdminUnit
from pcmt.persons.models import Category, CategoryPeriod
from pcmt.persons.selectors import persons_visible
from pcmt.places.models import DrugRouteMark, HotspotKind, Incident, IncidentKind
from pcmt.places.selectors import hotspots_open_on, places_in_scope
from pcmt.population.selectors import residents_by_commune

RECORDS = "drug_records"
PLACES = "drug_use_places"
OFFENDERS = "offenders"
PLANTS = "plants"
ROUTE = "drug_route"
CRITERIA = (RECORDS, PLACES, OFFENDERS, PLANTS, ROUTE)
CRITERION_LABELS: dict[str, Promise] = {
    RECORDS: _("Persons with a drug record"),
    PLACES: _("Places organising or harbouring drug use"),
    OFFENDERS: _("Offenders arrested"),
    PLANTS: _("Drug plants or area destroyed"),
    ROUTE: _("On a key drug route, with other criteria"),
}
# Hotspots that are places "organising or harbouring" drug use.
USE_PLACE_KINDS = (HotspotKind.ORGANISED_USE, HotspotKind.HARBOURING)
# Incidents whose offenders count as arrested.
ARREST_KINDS = (IncidentKind.ARREST,)


@dataclass(frozen=True)
class TypeRule:
    """The thresholds of one type and how many criteria it needs."""

    area_type: str  # "I", "II", "III"
    minimum: int  # criteria met
    records_percent: Decimal  # of residents
    places: int
    offenders_percent: Decimal  # of residents
    plants: int
    area_m2: Decimal
    route_others: int  # other criteria a commune on a route must meet
    to_confirm: bool = False  # numbers the decision does not give


@dataclass(frozen=True)
class ClassificationConfig:
    code: str
    title: str
    effective_from: datetime.date
    effective_to: datetime.date | None  # excluded
    offender_window_months: int
    plant_window_months: int
    record_categories: frozenset[str]
    commune: tuple[TypeRule, ...]  # strictest first: the first type reached is the type
    province: tuple[TypeRule, ...]

    def in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


# Categories of "persons with a drug record" (hồ sơ quản lý): users, dependent persons, persons
# in therapy or post-rehab management, released drug offenders.
RECORD_CATEGORIES = frozenset(
    {
        Category.DRUG_USER,
        Category.DEPENDENT,
        Category.SUBSTITUTION_THERAPY,
        Category.POST_REHAB,
        Category.RELEASED_OFFENDER,
    }
)

D = Decimal
QD_28_2025 = ClassificationConfig(
    code="QĐ 28/2025/QĐ-TTg",
    title="Quyết định 28/2025/QĐ-TTg ngày 24/8/2025",
    # Signed 24/8/2025; the day it took effect is to confirm.
    effective_from=datetime.date(2025, 8, 24),
    effective_to=None,
    offender_window_months=12,
    plant_window_months=12,
    record_categories=RECORD_CATEGORIES,
    commune=(
        # QĐ 28/2025: type I meets at least 3 of the 5 criteria.
        TypeRule("I", 3, D("0.5"), 2, D("0.1"), 3000, D(750), 2),
        # Type II: at least 3 criteria; its thresholds are not published (to confirm).
        TypeRule("II", 3, D("0.3"), 1, D("0.05"), 1500, D(375), 2, to_confirm=True),
        # Type III: at least 1 criterion at the type I thresholds (to confirm).
        TypeRule("III", 1, D("0.5"), 2, D("0.1"), 3000, D(750), 2, to_confirm=True),
    ),
    province=(
        # Province level: 0.2 % of residents, 5 places, 0.05 % offenders; plants to confirm.
        TypeRule("I", 3, D("0.2"), 5, D("0.05"), 3000, D(750), 2, to_confirm=True),
        TypeRule("II", 3, D("0.1"), 3, D("0.03"), 1500, D(375), 2, to_confirm=True),
        TypeRule("III", 1, D("0.2"), 5, D("0.05"), 3000, D(750), 2, to_confirm=True),
    ),
)
CONFIGS: tuple[ClassificationConfig, ...] = (QD_28_2025,)


def config_for(
    day: datetime.date, configs: Iterable[ClassificationConfig] = CONFIGS
) -> ClassificationConfig | None:
    """The configuration in force on `day`; None before the first one."""
    for config in configs:
        if config.in_force_on(day):
            return config
    return None


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The first day of the window of `months` months ending on `day` (both included)."""
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last)) + datetime.timedelta(days=1)


# Facts ------------------------------------------------------------------------------------------


@dataclass
class Facts:
    """What the data says about one unit on a day, before any threshold."""

    residents: int | None = None
    records: int = 0
    places: int = 0
    offenders: int = 0
    plants: int = 0
    area_m2: Decimal = Decimal(0)
    on_route: bool = False


def _records_by_commune(
    communes: QuerySet[AdminUnit], day: datetime.date, categories: frozenset[str]
) -> dict[int, int]:
    rows = (
        CategoryPeriod.objects.filter(
            Q(start_date__lte=day),
            Q(end_date__isnull=True) | Q(end_date__gt=day),
            category__in=categories,
            person__managing_commune__in=communes,
            person__merged_into__isnull=True,
        )
        .values("person__managing_commune_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("person__managing_commune_id", "n")
    )
    return dict(rows)


def _windowed(scope: Scope, day: datetime.date, months: int) -> QuerySet[Incident]:
    return places_in_scope(Incident, scope).filter(
        occurred_on__gte=months_before(day, months), occurred_on__lte=day
    )


def route_marks_on(communes: QuerySet[AdminUnit], day: datetime.date) -> dict[int, DrugRouteMark]:
    """Commune id → the drug route mark in force on `day` (the latest dated on or before it)."""
    marks = DrugRouteMark.objects.filter(commune__in=communes, effective_on__lte=day).order_by(
        "commune_id", "-effective_on", "-pk"
    )
    found: dict[int, DrugRouteMark] = {}
    for mark in marks:
        found.setdefault(mark.commune_id, mark)
    return found


def facts_by_commune(
    scope: Scope, day: datetime.date, config: ClassificationConfig
) -> dict[int, Facts]:
    """Commune id → its facts on `day`, for every commune of the scope (a few queries)."""
    communes = scope.communes()
    facts: dict[int, Facts] = defaultdict(Facts)
    for pk in communes.values_list("pk", flat=True):
        facts[pk] = Facts()
    for pk, residents in residents_by_commune(communes=communes, on=day).items():
        facts[pk].residents = residents
    for pk, n in _records_by_commune(communes, day, config.record_categories).items():
        facts[pk].records = n
    places = hotspots_open_on(scope, day).filter(kind__in=USE_PLACE_KINDS)
    for pk, n in Counter(places.values_list("commune_id", flat=True)).items():
        facts[pk].places = n
    arrests = _windowed(scope, day, config.offender_window_months).filter(kind__in=ARREST_KINDS)
    for pk, n in (
        arrests.values("commune_id").annotate(n=Sum("offenders")).values_list("commune_id", "n")
    ):
        facts[pk].offenders = n or 0
    destroyed = _windowed(scope, day, config.plant_window_months)
    for pk, plants, area in (
        destroyed.values("commune_id")
        .annotate(p=Sum("plants"), a=Sum("area_m2"))
        .values_list("commune_id", "p", "a")
    ):
        facts[pk].plants = plants or 0
        facts[pk].area_m2 = Decimal(area or 0)
    for pk, mark in route_marks_on(communes, day).items():
        facts[pk].on_route = mark.on_route
    return dict(facts)


def province_facts(facts: Iterable[Facts]) -> Facts:
    """The province's facts: the sum of its communes' (residents only when every commune has
    a figure; on a route when one of its communes is)."""
    total = Facts(residents=0)
    for one in facts:
        if one.residents is None:
            total.residents = None
        elif total.residents is not None:
            total.residents += one.residents
        total.records += one.records
        total.places += one.places
        total.offenders += one.offenders
        total.plants += one.plants
        total.area_m2 += one.area_m2
        total.on_route = total.on_route or one.on_route
    return total


# Judgement -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionResult:
    key: str
    value: Any  # the count (and area) the data gives
    threshold: str  # as shown: "≥ 0,5 % of residents"
    met: bool
    percent: Decimal | None = None  # of residents, when the criterion is a share
    no_population: bool = False  # a share without a population figure: not met
    to_confirm: bool = False

    @property
    def label(self) -> Promise:
        return CRITERION_LABELS[self.key]


@dataclass(frozen=True)
class Classification:
    day: datetime.date
    config: ClassificationConfig | None
    facts: Facts
    area_type: str | None  # None: no type (or no rule in force)
    criteria: tuple[CriterionResult, ...] = ()  # at the type reached (type I's when none)
    met_by_type: dict[str, int] = field(default_factory=dict)
    commune: AdminUnit | None = None  # None for the province

    @property
    def met(self) -> list[str]:
        return [c.key for c in self.criteria if c.met]

    @property
    def to_confirm(self) -> bool:
        return any(c.to_confirm for c in self.criteria)

    def snapshot(self) -> dict[str, Any]:
        """What an evaluation keeps: plain JSON."""
        return {
            "on": self.day.isoformat(),
            "rule": self.config.code if self.config else None,
            "type": self.area_type,
            "residents": self.facts.residents,
            "criteria": [
                {
                    "key": c.key,
                    "value": str(c.value),
                    "percent": str(c.percent) if c.percent is not None else None,
                    "threshold": c.threshold,
                    "met": c.met,
                }
                for c in self.criteria
            ],
        }


def _percent(count: int, residents: int | None) -> Decimal | None:
    if not residents:
        return None
    return (Decimal(100) * count / residents).quantize(Decimal("0.001"))


def _share_met(count: int, residents: int | None, threshold: Decimal) -> bool:
    # Exact: count / residents ≥ threshold %, without rounding.
    return bool(residents) and Decimal(100) * count >= threshold * Decimal(residents or 0)


def _number(value: Decimal | int) -> str:
    return (
        f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value).replace(".", ",")
    )


def judge(facts: Facts, rule: TypeRule) -> tuple[CriterionResult, ...]:
    """Each criterion at one type's thresholds."""
    confirm = rule.to_confirm
    records = CriterionResult(
        RECORDS,
        facts.records,
        f"≥ {_number(rule.records_percent)} %",
        _share_met(facts.records, facts.residents, rule.records_percent),
        _percent(facts.records, facts.residents),
        no_population=not facts.residents,
        to_confirm=confirm,
    )
    places = CriterionResult(
        PLACES,
        facts.places,
        f"≥ {_number(rule.places)}",
        facts.places >= rule.places,
        to_confirm=confirm,
    )
    offenders = CriterionResult(
        OFFENDERS,
        facts.offenders,
        f"≥ {_number(rule.offenders_percent)} %",
        _share_met(facts.offenders, facts.residents, rule.offenders_percent),
        _percent(facts.offenders, facts.residents),
        no_population=not facts.residents,
        to_confirm=confirm,
    )
    plants = CriterionResult(
        PLANTS,
        f"{_number(facts.plants)} / {_number(facts.area_m2)} m²",
        f"≥ {_number(rule.plants)} / ≥ {_number(rule.area_m2)} m²",
        facts.plants >= rule.plants or facts.area_m2 >= rule.area_m2,
        to_confirm=confirm,
    )
    others = sum(1 for c in (records, places, offenders, plants) if c.met)
    route = CriterionResult(
        ROUTE,
        (
            gettext("on a route, %(others)s other criteria met") % {"others": others}
            if facts.on_route
            else gettext("not on a route")
        ),
        gettext("on a route and ≥ %(others)s other criteria") % {"others": rule.route_others},
        facts.on_route and others >= rule.route_others,
        to_confirm=confirm,
    )
    return (records, places, offenders, plants, route)


def classify(
    facts: Facts,
    day: datetime.date,
    config: ClassificationConfig | None,
    *,
    province: bool = False,
    commune: AdminUnit | None = None,
) -> Classification:
    """The type the facts reach: the first type (strictest first) whose thresholds give at
    least its number of criteria."""
    if config is None:
        return Classification(day, None, facts, None, commune=commune)
    rules = config.province if province else config.commune
    met_by_type: dict[str, int] = {}
    reached: tuple[str | None, tuple[CriterionResult, ...]] = (None, judge(facts, rules[0]))
    for rule in rules:
        criteria = judge(facts, rule)
        met = sum(1 for c in criteria if c.met)
        met_by_type[rule.area_type] = met
        if reached[0] is None and met >= rule.minimum:
            reached = (rule.area_type, criteria)
    return Classification(day, config, facts, reached[0], reached[1], met_by_type, commune)


def classification_on(
    scope: Scope,
    day: datetime.date,
    *,
    configs: Iterable[ClassificationConfig] = CONFIGS,
) -> tuple[list[Classification], Classification | None]:
    """Every commune of the scope on `day` in Vietnamese order, and the province (None unless
    the scope is the whole province)."""
    config = config_for(day, configs)
    facts = facts_by_commune(scope, day, config or QD_28_2025)
    communes = scope.communes().order_by("name_folded", "code")
    rows = [classify(facts[c.pk], day, config, commune=c) for c in communes]
    whole = None
    if scope.commune_id is None and scope.province_id is not None:
        whole = classify(province_facts(facts.values()), day, config, province=True)
    return rows, whole


def commune_classification(
    scope: Scope,
    commune: AdminUnit,
    day: datetime.date,
    *,
    configs: Iterable[ClassificationConfig] = CONFIGS,
) -> Classification:
    """One commune of the scope on `day` (the scope is narrowed to it)."""
    narrowed = Scope(
        province_id=None, commune_id=commune.pk, role=scope.role, user_id=scope.user_id
    )
    config = config_for(day, configs)
    facts = facts_by_commune(narrowed, day, config or QD_28_2025)
    return classify(facts.get(commune.pk, Facts()), day, config, commune=commune)


@dataclass(frozen=True)
class Behind:
    """The records behind each criterion of one commune, as a reader sees them."""

    persons: QuerySet[Any] | None  # None when the reader may not see persons
    places: QuerySet[Any]
    arrests: QuerySet[Incident]
    destructions: QuerySet[Incident]
    route: DrugRouteMark | None


def records_behind(
    scope: Scope, commune: AdminUnit, day: datetime.date, config: ClassificationConfig
) -> Behind:
    """The persons (those the scope reads), hotspots, incidents and route mark counted."""
    narrowed = Scope(
        province_id=None, commune_id=commune.pk, role=scope.role, user_id=scope.user_id
    )
    persons = None
    if scope.can_read_persons:
        open_then = CategoryPeriod.objects.filter(
            Q(start_date__lte=day),
            Q(end_date__isnull=True) | Q(end_date__gt=day),
            category__in=config.record_categories,
        )
        persons = (
            persons_visible(scope)
            .filter(managing_commune=commune, merged_into__isnull=True)
            .filter(pk__in=open_then.values("person_id"))
            .order_by("sort_key", "pk")
        )
    plants = _windowed(narrowed, day, config.plant_window_months)
    return Behind(
        persons=persons,
        places=hotspots_open_on(narrowed, day)
        .filter(kind__in=USE_PLACE_KINDS)
        .order_by("name_sort", "pk"),
        arrests=_windowed(narrowed, day, config.offender_window_months)
        .filter(kind__in=ARREST_KINDS)
        .order_by("-occurred_on", "pk"),
        destructions=plants.filter(Q(plants__gt=0) | Q(area_m2__gt=0)).order_by(
            "-occurred_on", "pk"
        ),
        route=route_marks_on(AdminUnit.objects.filter(pk=commune.pk), day).get(commune.pk),
    )
