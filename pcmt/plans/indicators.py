"""The indicator library: every indicator a plan target can name, declared once in code.

An indicator has a Vietnamese name and definition (through the translation), what its
numerator and denominator count, a unit (% or a count), the units and periods it applies to,
and two functions of a jurisdiction scope and a period: the numbers of every commune of the
scope at once (one query per indicator, or a sum of summary rows), and the records behind
the numerator or the denominator (the drill-down). A percentage whose denominator is zero has
no value (None, shown as "no data"), never 0 % and never a division error.

Person counts are taken in the managing commune (as the home counts and the summaries are);
place counts read the places' dated history through `pcmt.places.selectors`, never their
status column: where the places define a share (drug-free units, key areas transformed and
sustained, open hotspots and those tied to businesses) the scope's figure is that selector's,
and the communes' numbers (one grouped query) are tested to agree with it commune by commune.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.scope import Scope
from pcmt.casework.models import DrugTest, SubstitutionTherapy, TestResult, UserManagement
from pcmt.geo.models import AdminUnit, DivisionType, Village, VillageKind
from pcmt.outreach.models import School
from pcmt.outreach.selectors import school_reached_between, village_reached_between
from pcmt.persons.models import Category, CategoryPeriod, Person
from pcmt.persons.summaries import PERSONS_IN_CATEGORY
from pcmt.places.common import active_on
from pcmt.places.models import (
    KEY_AREA_TRANSFORMED_STATES,
    DrugFreeLevel,
    Hotspot,
    HotspotSeverity,
    HotspotSpell,
    KeyArea,
    KeyAreaPeriod,
    KeyAreaStatus,
)
from pcmt.places.selectors import (
    DrugFreeKind,
    drug_free_on,
    drug_free_share,
    hotspot_counts_on,
    hotspots_in_scope,
    hotspots_open_on,
    key_areas_sustained_share,
    key_areas_transformed_share,
    places_in_scope,
)
from pcmt.rehab.models import PostRehab, RehabEndReason, RehabEpisode, RehabKind
from pcmt.summaries.services import summary_counts_by_unit
from pcmt.support.models import ServiceReceived

ONE_DAY = datetime.timedelta(days=1)

# Units of measure.
PERCENT = "percent"
COUNT = "count"
# How the value is made of the two numbers.
RATIO = "ratio"  # numerator / denominator × 100
TALLY = "tally"  # the numerator alone
GROWTH = "growth"  # (numerator − denominator) / denominator × 100: now against a year before
# What an indicator counts: persons (aggregates for every reader of aggregates) or places
# (police data: only those the places' need-to-know rule lets count).
PERSONS = "persons"
PLACES = "places"
# The units and periods an indicator applies to.
PROVINCE = "province"
COMMUNE = "commune"
YEAR = "year"
QUARTER = "quarter"
MONTH = "month"
NUMERATOR = "numerator"
DENOMINATOR = "denominator"


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both included; indicators "as of a day" are read at `end`."""

    start: datetime.date
    end: datetime.date

    @property
    def before(self) -> datetime.date:
        """The last day before the period (the baseline of "left at" indicators)."""
        return self.start - ONE_DAY

    def previous(self) -> "Period":
        """The period of the same length just before (whole months move by months)."""
        if self.start.day == 1 and (self.end + ONE_DAY).day == 1:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            start = _add_months(self.start, -months)
            return Period(start, self.start - ONE_DAY)
        length = self.end - self.start + ONE_DAY
        return Period(self.start - length, self.start - ONE_DAY)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1, day=1)


def year_before(day: datetime.date) -> datetime.date:
    """The same day a year earlier (29/2 becomes 28/2)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Figure:
    """The two numbers of an indicator in one unit and its value (None: no data)."""

    numerator: int
    denominator: int | None
    value: Decimal | None


@dataclass(frozen=True)
class Result:
    indicator: "Indicator"
    period: Period
    by_commune: dict[int, Figure]  # every commune of the scope
    total: Figure  # the scope as a whole (the province, or the commune)


Counts = dict[int, tuple[int, int]]  # commune id → (numerator, denominator)


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str | Promise
    definition: str | Promise
    numerator: str | Promise
    denominator: str | Promise | None
    unit: str  # PERCENT or COUNT
    kind: str  # RATIO, TALLY or GROWTH
    subject: str  # PERSONS or PLACES
    # Numbers by commune for the scope and period (a constant number of queries).
    counts: Callable[[Scope, Period], Counts]
    # The records behind the numerator or the denominator (persons, episodes or hotspots).
    records: Callable[[Scope, Period, str], QuerySet[Any]]
    # The path from a record to its commune, and to its person (None for places).
    commune_path: str = "managing_commune"
    person_path: str | None = ""
    # The page of a place record (its pk the one argument), when it has one.
    record_url: str | None = None
    # The scope's two numbers from the selector of the app that owns the definition (the
    # places' shares); the communes' numbers are then checked against it by the tests.
    total: Callable[[Scope, Period], tuple[int, int]] | None = None
    # A count that only grows over the period (targets are prorated while it runs).
    cumulative: bool = False
    levels: tuple[str, ...] = (PROVINCE, COMMUNE)
    periods: tuple[str, ...] = (YEAR, QUARTER, MONTH)

    def figure(self, numerator: int, denominator: int) -> Figure:
        if self.kind == TALLY:
            return Figure(numerator, None, Decimal(numerator))
        if not denominator:
            return Figure(numerator, denominator, None)
        if self.kind == RATIO:
            value = Decimal(100) * numerator / denominator
        else:
            value = Decimal(100) * (numerator - denominator) / denominator
        return Figure(numerator, denominator, value.quantize(Decimal("0.1"), ROUND_HALF_UP))

    def compute(self, scope: Scope, period: Period, communes: list[int] | None = None) -> Result:
        """The figures of every commune of the scope (`communes`, when the caller has them)
        and of the scope as a whole."""
        counts = self.counts(scope, period) if not scope.is_empty else {}
        if communes is None:
            communes = list(scope.communes().values_list("pk", flat=True))
        by_commune = {pk: self.figure(*counts.get(pk, (0, 0))) for pk in communes}
        if self.total is not None and not scope.is_empty:
            numerator, denominator = self.total(scope, period)
        else:
            numerator = sum(n for n, _d in counts.values())
            denominator = sum(d for _n, d in counts.values())
        return Result(self, period, by_commune, self.figure(numerator, denominator))


_registry: dict[str, Indicator] = {}


def indicator_register(indicator: Indicator) -> Indicator:
    _registry[indicator.key] = indicator
    return indicator


def indicator_get(key: str) -> Indicator | None:
    return _registry.get(key)


def indicators_all() -> list[Indicator]:
    return list(_registry.values())


# --- building blocks -----------------------------------------------------------------------------


def _persons(scope: Scope) -> QuerySet[Person]:
    """Persons managed in the scope (aggregates do not follow moves or emergency grants)."""
    return Person.objects.filter(
        scope.province_q("managing_province", "managing_commune"), merged_into__isnull=True
    )


def _in_category_on(category: str, day: datetime.date) -> Q:
    """Persons with a period of the category covering `day` (its end day included)."""
    periods = CategoryPeriod.objects.filter(
        person=OuterRef("pk"), category=category, start_date__lte=day
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
    return Q(Exists(periods))


def _grouped(rows: QuerySet[Any], commune_path: str, hit: Any | None) -> Counts:
    """One query: by commune, the records (denominator) and those meeting `hit` (numerator)."""
    if hit is None:
        found = rows.values(commune_path).annotate(n=Count("pk", distinct=True)).order_by()
        return {row[commune_path]: (row["n"], 0) for row in found}
    found = (
        rows.values(commune_path)
        .annotate(d=Count("pk", distinct=True), n=Count("pk", filter=hit, distinct=True))
        .order_by()
    )
    return {row[commune_path]: (row["n"], row["d"]) for row in found}


def _ratio(
    base: Callable[[Scope, Period], QuerySet[Any]],
    hit: Callable[[Scope, Period], Any],
    commune_path: str,
) -> tuple[Callable[[Scope, Period], Counts], Callable[[Scope, Period, str], QuerySet[Any]]]:
    def counts(scope: Scope, period: Period) -> Counts:
        return _grouped(base(scope, period), f"{commune_path}_id", hit(scope, period))

    def records(scope: Scope, period: Period, part: str) -> QuerySet[Any]:
        rows = base(scope, period)
        return rows.filter(hit(scope, period)) if part == NUMERATOR else rows

    return counts, records


def _tally(
    base: Callable[[Scope, Period], QuerySet[Any]], commune_path: str
) -> tuple[Callable[[Scope, Period], Counts], Callable[[Scope, Period, str], QuerySet[Any]]]:
    def counts(scope: Scope, period: Period) -> Counts:
        return _grouped(base(scope, period), f"{commune_path}_id", None)

    def records(scope: Scope, period: Period, part: str) -> QuerySet[Any]:
        return base(scope, period)

    return counts, records


def _category_growth(
    category: str,
) -> tuple[Callable[[Scope, Period], Counts], Callable[[Scope, Period, str], QuerySet[Any]]]:
    """Persons in a category at the end of the period against the same day a year before,
    from the summary tables (a sum of a few rows per commune)."""

    def counts(scope: Scope, period: Period) -> Counts:
        communes = list(scope.communes().values_list("pk", flat=True))
        now = summary_counts_by_unit(PERSONS_IN_CATEGORY, communes, period.end)
        then = summary_counts_by_unit(PERSONS_IN_CATEGORY, communes, year_before(period.end))
        return {
            pk: (now.get(pk, {}).get(category, 0), then.get(pk, {}).get(category, 0))
            for pk in communes
        }

    def records(scope: Scope, period: Period, part: str) -> QuerySet[Any]:
        day = period.end if part == NUMERATOR else year_before(period.end)
        return _persons(scope).filter(_in_category_on(category, day))

    return counts, records


def _category_count(
    category: str,
) -> tuple[Callable[[Scope, Period], Counts], Callable[[Scope, Period, str], QuerySet[Any]]]:
    """Persons in a category at the end of the period, from the summary tables."""

    def counts(scope: Scope, period: Period) -> Counts:
        communes = list(scope.communes().values_list("pk", flat=True))
        now = summary_counts_by_unit(PERSONS_IN_CATEGORY, communes, period.end)
        return {pk: (found.get(category, 0), 0) for pk, found in now.items()}

    def records(scope: Scope, period: Period, part: str) -> QuerySet[Any]:
        return _persons(scope).filter(_in_category_on(category, period.end))

    return counts, records


# --- persons -------------------------------------------------------------------------------------


def _detected_users(scope: Scope, period: Period) -> QuerySet[Person]:
    tests = DrugTest.objects.filter(
        person=OuterRef("pk"),
        result=TestResult.POSITIVE,
        tested_on__gte=period.start,
        tested_on__lte=period.end,
    )
    return _persons(scope).filter(Exists(tests))


def _managed_after_test(scope: Scope, period: Period) -> Q:
    decided = UserManagement.objects.filter(
        person=OuterRef("pk"),
        positive_test__tested_on__gte=period.start,
        positive_test__tested_on__lte=period.end,
        decision_date__lte=period.end,
    )
    return Q(Exists(decided))


counts, records = _ratio(_detected_users, _managed_after_test, "managing_commune")
indicator_register(
    Indicator(
        key="users_managed",
        name=_("Detected users with a management decision"),
        definition=_(
            "Of the persons with a positive drug test taken in the period, the share whose "
            "user-management decision (on that test) was issued by the end of the period."
        ),
        numerator=_("persons with a user-management decision on a test of the period"),
        denominator=_("persons with a positive test in the period"),
        unit=PERCENT,
        kind=RATIO,
        subject=PERSONS,
        counts=counts,
        records=records,
    )
)


def _on_record(scope: Scope, period: Period) -> QuerySet[Person]:
    periods = CategoryPeriod.objects.filter(
        person=OuterRef("pk"), start_date__lte=period.end
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
    return _persons(scope).filter(Exists(periods))


def _served(scope: Scope, period: Period) -> Q:
    services = ServiceReceived.objects.filter(
        person=OuterRef("pk"), received_on__gte=period.start, received_on__lte=period.end
    )
    return Q(Exists(services))


counts, records = _ratio(_on_record, _served, "managing_commune")
indicator_register(
    Indicator(
        key="services_reached",
        name=_("Persons with records who reached services"),
        definition=_(
            "Of the persons on record in some category at some time in the period, the share "
            "who received a service (counselling, treatment, rehab, training, loan, job, "
            "reintegration) in the period."
        ),
        numerator=_("persons who received a service in the period"),
        denominator=_("persons on record in the period"),
        unit=PERCENT,
        kind=RATIO,
        subject=PERSONS,
        counts=counts,
        records=records,
    )
)


def _dependent_at_end(scope: Scope, period: Period) -> QuerySet[Person]:
    return _persons(scope).filter(_in_category_on(Category.DEPENDENT, period.end))


def _in_rehab_at_end(scope: Scope, period: Period) -> Q:
    day = period.end
    not_ended = Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    episodes = RehabEpisode.objects.filter(person=OuterRef("pk")).filter(
        not_ended
        & (
            Q(kind__in=[RehabKind.VOLUNTARY_HOME, RehabKind.VOLUNTARY_FACILITY], opened_on__lte=day)
            | Q(kind=RehabKind.COMPULSORY, started_on__lte=day)
        )
    )
    therapies = SubstitutionTherapy.objects.filter(
        person=OuterRef("pk"), started_on__lte=day
    ).filter(Q(stopped_on__isnull=True) | Q(stopped_on__gt=day))
    return Q(Exists(episodes)) | Q(Exists(therapies))


counts, records = _ratio(_dependent_at_end, _in_rehab_at_end, "managing_commune")
indicator_register(
    Indicator(
        key="dependent_in_rehab",
        name=_("Dependent persons in a form of rehab"),
        definition=_(
            "Of the dependent persons on record at the end of the period, the share then in "
            "voluntary rehab (registered), in compulsory rehab (admitted to the facility) or "
            "in substitution therapy."
        ),
        numerator=_("dependent persons in rehab or substitution therapy at the end"),
        denominator=_("dependent persons at the end of the period"),
        unit=PERCENT,
        kind=RATIO,
        subject=PERSONS,
        counts=counts,
        records=records,
    )
)


def _episodes(scope: Scope) -> QuerySet[RehabEpisode]:
    return RehabEpisode.objects.filter(
        scope.province_q("person__managing_province", "person__managing_commune"),
        person__merged_into__isnull=True,
    ).select_related("person", "person__managing_commune")


def _dossiers_sent(scope: Scope, period: Period) -> QuerySet[RehabEpisode]:
    return _episodes(scope).filter(
        kind=RehabKind.COMPULSORY,
        sent_to_court_on__gte=period.start,
        sent_to_court_on__lte=period.end,
    )


counts, records = _tally(_dossiers_sent, "person__managing_commune")
indicator_register(
    Indicator(
        key="dossiers_to_court",
        name=_("Compulsory-rehab dossiers sent to the court"),
        definition=_("Compulsory-rehab dossiers sent to the court during the period."),
        numerator=_("dossiers sent to the court"),
        denominator=None,
        unit=COUNT,
        kind=TALLY,
        subject=PERSONS,
        counts=counts,
        records=records,
        commune_path="person__managing_commune",
        person_path="person",
        cumulative=True,
    )
)


def _completed(scope: Scope, period: Period) -> QuerySet[RehabEpisode]:
    return _episodes(scope).filter(
        end_reason=RehabEndReason.COMPLETED,
        ended_on__gte=period.start,
        ended_on__lte=period.end,
    )


def _post_rehab_recorded(scope: Scope, period: Period) -> Q:
    return Q(Exists(PostRehab.objects.filter(episode=OuterRef("pk"), started_on__lte=period.end)))


counts, records = _ratio(_completed, _post_rehab_recorded, "person__managing_commune")
indicator_register(
    Indicator(
        key="completers_post_rehab",
        name=_("Rehab completers with a post-rehab record"),
        definition=_(
            "Of the rehab episodes completed in the period, the share followed by a post-rehab "
            "management record started by the end of the period."
        ),
        numerator=_("completed episodes with post-rehab management"),
        denominator=_("rehab episodes completed in the period"),
        unit=PERCENT,
        kind=RATIO,
        subject=PERSONS,
        counts=counts,
        records=records,
        commune_path="person__managing_commune",
        person_path="person",
    )
)

counts, records = _category_count(Category.POST_REHAB)
indicator_register(
    Indicator(
        key="post_rehab_managed",
        name=_("Persons in post-rehab management at their residence"),
        definition=_("Persons in post-rehab management at the end of the period."),
        numerator=_("persons in post-rehab management"),
        denominator=None,
        unit=COUNT,
        kind=TALLY,
        subject=PERSONS,
        counts=counts,
        records=records,
    )
)

counts, records = _category_growth(Category.DEPENDENT)
indicator_register(
    Indicator(
        key="dependent_growth",
        name=_("Growth of dependent persons"),
        definition=_(
            "Change of the number of dependent persons on record at the end of the period "
            "against the same day a year before, in per cent."
        ),
        numerator=_("dependent persons at the end of the period"),
        denominator=_("dependent persons a year before"),
        unit=PERCENT,
        kind=GROWTH,
        subject=PERSONS,
        counts=counts,
        records=records,
    )
)

counts, records = _category_growth(Category.DRUG_USER)
indicator_register(
    Indicator(
        key="user_growth",
        name=_("Growth of drug users"),
        definition=_(
            "Change of the number of drug users on record at the end of the period against "
            "the same day a year before, in per cent."
        ),
        numerator=_("drug users at the end of the period"),
        denominator=_("drug users a year before"),
        unit=PERCENT,
        kind=GROWTH,
        subject=PERSONS,
        counts=counts,
        records=records,
    )
)


# --- places --------------------------------------------------------------------------------------


def _open_on(scope: Scope, day: datetime.date) -> QuerySet[Hotspot]:
    return hotspots_open_on(scope, day).select_related("commune")


def _hotspot_change_counts(scope: Scope, period: Period) -> Counts:
    now = hotspot_counts_on(scope, period.end)["by_commune"]
    then = hotspot_counts_on(scope, year_before(period.end))["by_commune"]
    return {pk: (now.get(pk, 0), then.get(pk, 0)) for pk in now.keys() | then.keys()}


def _hotspot_change_records(scope: Scope, period: Period, part: str) -> QuerySet[Hotspot]:
    return _open_on(scope, period.end if part == NUMERATOR else year_before(period.end))


indicator_register(
    Indicator(
        key="hotspot_change",
        name=_("Hotspots against the previous year"),
        definition=_(
            "Change of the number of open hotspots at the end of the period against the same "
            "day a year before, in per cent (from each hotspot's dated history)."
        ),
        numerator=_("open hotspots at the end of the period"),
        denominator=_("open hotspots a year before"),
        unit=PERCENT,
        kind=GROWTH,
        subject=PLACES,
        counts=_hotspot_change_counts,
        records=_hotspot_change_records,
        commune_path="commune",
        person_path=None,
        record_url="hotspot_detail",
    )
)


def _severe_before(scope: Scope, period: Period) -> QuerySet[Hotspot]:
    day = period.before
    severe = HotspotSpell.objects.filter(
        started_on__lte=day, severity=HotspotSeverity.SEVERE
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    return _open_on(scope, day).filter(pk__in=severe.values("hotspot_id"))


def _not_open_at_end(scope: Scope, period: Period) -> Q:
    return ~Q(pk__in=hotspots_open_on(scope, period.end).values("pk"))


counts, records = _ratio(_severe_before, _not_open_at_end, "commune")
indicator_register(
    Indicator(
        key="severe_hotspots_eliminated",
        name=_("Severe hotspots eliminated"),
        definition=_(
            "Of the severe hotspots open on the day before the period, the share no longer "
            "open at its end (eliminated and not re-emerged)."
        ),
        numerator=_("of them no longer open at the end"),
        denominator=_("severe hotspots open the day before the period"),
        unit=PERCENT,
        kind=RATIO,
        subject=PLACES,
        counts=counts,
        records=records,
        commune_path="commune",
        person_path=None,
        record_url="hotspot_detail",
    )
)


def _left_before(scope: Scope, period: Period) -> QuerySet[Hotspot]:
    return _open_on(scope, period.before)


counts, records = _ratio(_left_before, _not_open_at_end, "commune")
indicator_register(
    Indicator(
        key="hotspots_left_eliminated",
        name=_("Hotspots left at the start eliminated by the end"),
        definition=_(
            "Of the hotspots open on the day before the period (e.g. 31/12/2023), the share "
            "no longer open at its end."
        ),
        numerator=_("of them no longer open at the end"),
        denominator=_("hotspots open the day before the period"),
        unit=PERCENT,
        kind=RATIO,
        subject=PLACES,
        counts=counts,
        records=records,
        commune_path="commune",
        person_path=None,
        record_url="hotspot_detail",
    )
)


def _re_emerged(scope: Scope, period: Period) -> QuerySet[Hotspot]:
    spells = HotspotSpell.objects.filter(
        re_emergence=True, started_on__gte=period.start, started_on__lte=period.end
    )
    return (
        hotspots_in_scope(scope)
        .filter(pk__in=spells.values("hotspot_id"))
        .select_related("commune")
    )


counts, records = _tally(_re_emerged, "commune")
indicator_register(
    Indicator(
        key="hotspots_re_emerged",
        name=_("Re-emerged hotspots"),
        definition=_("Eliminated hotspots that became active again during the period."),
        numerator=_("hotspots re-emerged in the period"),
        denominator=None,
        unit=COUNT,
        kind=TALLY,
        subject=PLACES,
        counts=counts,
        records=records,
        commune_path="commune",
        person_path=None,
        record_url="hotspot_detail",
        cumulative=True,
    )
)


def _tied_at_end(scope: Scope, period: Period) -> QuerySet[Hotspot]:
    return _open_on(scope, period.end).filter(business__isnull=False)


def _tied_total(scope: Scope, period: Period) -> tuple[int, int]:
    return hotspot_counts_on(scope, period.end)["tied_to_business"], 0


counts, records = _tally(_tied_at_end, "commune")
indicator_register(
    Indicator(
        key="hotspots_at_businesses",
        name=_("Hotspots tied to conditional businesses"),
        definition=_(
            "Hotspots open at the end of the period that are tied to a conditional business "
            "(karaoke, bar, dance club, guest house, hotel)."
        ),
        numerator=_("open hotspots tied to a business"),
        denominator=None,
        unit=COUNT,
        kind=TALLY,
        subject=PLACES,
        counts=counts,
        records=records,
        commune_path="commune",
        person_path=None,
        record_url="hotspot_detail",
        total=_tied_total,
    )
)


def _key_area_share(
    share: Callable[[Scope, datetime.date], dict[str, Any]],
) -> Callable[[Scope, Period], tuple[int, int]]:
    def numbers(scope: Scope, period: Period) -> tuple[int, int]:
        found = share(scope, period.end)
        return found["part"], found["whole"]

    return numbers


def _key_area_periods_at_end(period: Period, *statuses: str) -> QuerySet[KeyAreaPeriod]:
    periods = KeyAreaPeriod.objects.filter(active_on(period.end))
    return periods.filter(status__in=statuses) if statuses else periods


def _key_areas_selected(scope: Scope, period: Period) -> QuerySet[KeyArea]:
    """The records behind `key_areas_transformed_share`: areas selected by the end, each in
    the state its dated periods give on that day."""
    return (
        places_in_scope(KeyArea, scope)
        .filter(
            selected_on__lte=period.end,
            pk__in=_key_area_periods_at_end(period).values("key_area_id"),
        )
        .select_related("commune")
    )


def _transformed_at_end(scope: Scope, period: Period) -> Q:
    periods = _key_area_periods_at_end(period, *KEY_AREA_TRANSFORMED_STATES)
    return Q(pk__in=periods.values("key_area_id"))


counts, records = _ratio(_key_areas_selected, _transformed_at_end, "commune")
indicator_register(
    Indicator(
        key="key_areas_transformed",
        name=_("Key areas transformed"),
        definition=_(
            "Of the key complex areas selected for transformation and in force at the end of "
            "the period, the share then transformed."
        ),
        numerator=_("areas transformed at the end"),
        denominator=_("key areas at the end of the period"),
        unit=PERCENT,
        kind=RATIO,
        subject=PLACES,
        counts=counts,
        records=records,
        total=_key_area_share(key_areas_transformed_share),
        commune_path="commune",
        person_path=None,
        record_url="key_area_detail",
    )
)


def _transformed_by_end(scope: Scope, period: Period) -> QuerySet[KeyArea]:
    """The records behind the denominator of `key_areas_sustained_share`."""
    transformed = KeyAreaPeriod.objects.filter(
        status=KeyAreaStatus.TRANSFORMED, started_on__lte=period.end
    )
    return (
        places_in_scope(KeyArea, scope)
        .filter(selected_on__lte=period.end, pk__in=transformed.values("key_area_id"))
        .select_related("commune")
    )


counts, records = _ratio(_transformed_by_end, _transformed_at_end, "commune")
indicator_register(
    Indicator(
        # Plan 3220 words it "transformed areas not re-emerging": the sustained share.
        key="key_areas_not_re_emerging",
        name=_("Transformed key areas not re-emerging"),
        definition=_(
            "Of the key areas transformed by the end of the period, the share not re-emerged "
            "at its end."
        ),
        numerator=_("of them not re-emerged at the end"),
        denominator=_("key areas transformed by the end"),
        unit=PERCENT,
        kind=RATIO,
        subject=PLACES,
        counts=counts,
        records=records,
        total=_key_area_share(key_areas_sustained_share),
        commune_path="commune",
        person_path=None,
        record_url="key_area_detail",
    )
)


def _drug_free_share(kind: str) -> Callable[[Scope, Period], tuple[int, int]]:
    def numbers(scope: Scope, period: Period) -> tuple[int, int]:
        found = drug_free_share(scope, period.end, kind)
        return found.numerator, found.denominator

    return numbers


def _villages_of(kind: str) -> Callable[[Scope, Period], QuerySet[Village]]:
    """The records behind `drug_free_share`: residential groups of wards, villages of
    communes (xã)."""
    division = DivisionType.WARD if kind == VillageKind.RESIDENTIAL_GROUP else DivisionType.COMMUNE

    def base(scope: Scope, period: Period) -> QuerySet[Village]:
        communes = scope.communes().filter(division_type=division)
        return Village.objects.filter(
            commune__in=communes, is_active=True, kind=kind
        ).select_related("commune")

    return base


def _drug_free_at_end(scope: Scope, period: Period) -> Q:
    return Q(pk__in=drug_free_on(scope, period.end).values("village_id"))


for kind, share_kind, key, name, definition, numerator, denominator in (
    (
        VillageKind.RESIDENTIAL_GROUP,
        DrugFreeKind.RESIDENTIAL_GROUPS_IN_WARDS,
        "drug_free_residential_groups",
        _("Drug-free residential groups"),
        _(
            "Of the residential groups of wards (active now), the share recognised drug-free "
            "at the end of the period."
        ),
        _("residential groups drug-free at the end"),
        _("residential groups"),
    ),
    (
        VillageKind.VILLAGE,
        DrugFreeKind.VILLAGES_IN_COMMUNES,
        "drug_free_villages",
        _("Drug-free villages"),
        _(
            "Of the villages of communes (active now), the share recognised drug-free at the "
            "end of the period."
        ),
        _("villages drug-free at the end"),
        _("villages"),
    ),
):
    counts, records = _ratio(_villages_of(kind), _drug_free_at_end, "commune")
    indicator_register(
        Indicator(
            key=key,
            name=name,
            definition=definition,
            numerator=numerator,
            denominator=denominator,
            unit=PERCENT,
            kind=RATIO,
            subject=PLACES,
            counts=counts,
            records=records,
            total=_drug_free_share(share_kind),
            commune_path="commune",
            person_path=None,
        )
    )


def _communes(scope: Scope, period: Period) -> QuerySet[AdminUnit]:
    return scope.communes()


def _commune_drug_free_at_end(scope: Scope, period: Period) -> Q:
    recognised = drug_free_on(scope, period.end).filter(level=DrugFreeLevel.COMMUNE)
    return Q(pk__in=recognised.values("commune_id"))


def _communes_drug_free_counts(scope: Scope, period: Period) -> Counts:
    return _grouped(_communes(scope, period), "pk", _commune_drug_free_at_end(scope, period))


def _communes_drug_free_records(scope: Scope, period: Period, part: str) -> QuerySet[AdminUnit]:
    rows = _communes(scope, period)
    return rows.filter(_commune_drug_free_at_end(scope, period)) if part == NUMERATOR else rows


indicator_register(
    Indicator(
        key="drug_free_communes",
        name=_("Drug-free communes"),
        definition=_(
            "Of the communes and wards, the share recognised drug-free at the end of the period."
        ),
        numerator=_("communes drug-free at the end"),
        denominator=_("communes"),
        unit=PERCENT,
        kind=RATIO,
        subject=PLACES,
        counts=_communes_drug_free_counts,
        records=_communes_drug_free_records,
        total=_drug_free_share(DrugFreeKind.COMMUNES),
        commune_path="pk",
        person_path=None,
    )
)


# --- outreach ------------------------------------------------------------------------------------


def _schools(scope: Scope, period: Period) -> QuerySet[School]:
    return School.objects.filter(scope.unit_q("commune"), is_active=True).select_related("commune")


def _school_reached(scope: Scope, period: Period) -> Q:
    return school_reached_between(period.start, period.end)


counts, records = _ratio(_schools, _school_reached, "commune")
indicator_register(
    Indicator(
        key="outreach_schools",
        name=_("Schools reached by outreach"),
        definition=_(
            "Of the schools on the communes' lists (active), the share reached by an outreach "
            "activity held in the period."
        ),
        numerator=_("schools reached in the period"),
        denominator=_("schools"),
        unit=PERCENT,
        kind=RATIO,
        subject=PLACES,
        counts=counts,
        records=records,
        commune_path="commune",
        person_path=None,
        cumulative=True,
    )
)


def quarters_of(period: Period) -> list[Period]:
    """The calendar quarters the period touches, each cut to the period (the running
    quarter ends at the period's end)."""
    found = []
    start = period.start.replace(month=(period.start.month - 1) // 3 * 3 + 1, day=1)
    while start <= period.end:
        following = _add_months(start, 3)
        found.append(Period(max(start, period.start), min(following - ONE_DAY, period.end)))
        start = following
    return found


def _villages(scope: Scope, period: Period) -> QuerySet[Village]:
    return Village.objects.filter(commune__in=scope.communes(), is_active=True).select_related(
        "commune"
    )


def _village_reached_each_quarter(scope: Scope, period: Period) -> Q:
    reached = Q()
    for quarter in quarters_of(period):
        reached &= village_reached_between(quarter.start, quarter.end)
    return reached


counts, records = _ratio(_villages, _village_reached_each_quarter, "commune")
indicator_register(
    Indicator(
        key="outreach_villages_each_quarter",
        name=_("Residential groups and villages reached every quarter"),
        definition=_(
            "Of the residential groups and villages (active now), the share reached by an "
            "outreach activity at least once in each quarter of the period up to its end."
        ),
        numerator=_("reached in every quarter of the period"),
        denominator=_("residential groups and villages"),
        unit=PERCENT,
        kind=RATIO,
        subject=PLACES,
        counts=counts,
        records=records,
        commune_path="commune",
        person_path=None,
    )
)


# --- communes ------------------------------------------------------------------------------------

# A commune "with drug problems" has someone on record as a user or a dependent person.
PROBLEM_CATEGORIES = (Category.DRUG_USER, Category.DEPENDENT)


def _problem_communes_counts(scope: Scope, period: Period) -> Counts:
    """Each commune with drug problems at the end (1 or 0) and a year before, from the
    summary tables."""
    communes = list(scope.communes().values_list("pk", flat=True))
    now = summary_counts_by_unit(PERSONS_IN_CATEGORY, communes, period.end)
    then = summary_counts_by_unit(PERSONS_IN_CATEGORY, communes, year_before(period.end))

    def has(found: dict[str, int]) -> int:
        return int(any(found.get(category, 0) for category in PROBLEM_CATEGORIES))

    return {pk: (has(now.get(pk, {})), has(then.get(pk, {}))) for pk in communes}


def _problem_communes_records(scope: Scope, period: Period, part: str) -> QuerySet[AdminUnit]:
    day = period.end if part == NUMERATOR else year_before(period.end)
    on_record = Q()
    for category in PROBLEM_CATEGORIES:
        on_record |= _in_category_on(category, day)
    persons = _persons(scope).filter(on_record)
    return scope.communes().filter(pk__in=persons.values("managing_commune_id"))


indicator_register(
    Indicator(
        key="problem_communes_growth",
        name=_("Growth of communes with drug problems"),
        definition=_(
            "Change of the number of communes with a drug user or a dependent person on record "
            "at the end of the period against the same day a year before, in per cent."
        ),
        numerator=_("communes with drug problems at the end of the period"),
        denominator=_("communes with drug problems a year before"),
        unit=PERCENT,
        kind=GROWTH,
        subject=PERSONS,
        counts=_problem_communes_counts,
        records=_problem_communes_records,
        commune_path="pk",
        person_path=None,
        levels=(PROVINCE,),
    )
)
del counts, records


# --- shared with the gaps page (`gaps.py`) ----------------------------------------------

persons_managed_in = _persons
dependent_at_end = _dependent_at_end
in_rehab_at_end = _in_rehab_at_end
episodes_in = _episodes


def on_record_on(scope: Scope, day: datetime.date) -> QuerySet[Person]:
    """Persons on record in some category on the day."""
    return _on_record(scope, Period(day, day))
