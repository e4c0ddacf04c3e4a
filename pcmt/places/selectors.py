"""Reads of places: who may see them (police data, need to know) and counts as of a day.

The rule, in one place, for every registry (hotspots, incidents, key areas, businesses,
drug-free units): commune police officers read and write their commune's places, the
provincial drug unit's officers the whole province; supervisors read; analysts get counts
only; health and social-services users do not see them at all. Within that, the
jurisdiction scope decides which communes; outside it a place is not found.
"""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.models import AgencyKind, DataRole, User
from pcmt.accounts.scope import Scope, scope_for
from pcmt.core.errors import NotFound
from pcmt.core.extensions import WorkItem
from pcmt.core.worklists import WorklistQuery, as_date
from pcmt.geo.models import AdminUnit, DivisionType, Village, VillageKind
from pcmt.persons.selectors import persons_visible
from pcmt.places.common import active_on
from pcmt.places.models import (
    ENTERTAINMENT_KINDS,
    HOTSPOT_REVERIFIED,
    KEY_AREA_TRANSFORMED_STATES,
    Business,
    BusinessInspection,
    DrugFreeAssessment,
    DrugFreeAssessmentStatus,
    DrugFreeLevel,
    DrugFreeRecognition,
    DrugFreeResult,
    DrugFreeStatus,
    Hotspot,
    HotspotPeriod,
    HotspotReverification,
    HotspotSpell,
    Incident,
    KeyArea,
    KeyAreaEvaluation,
    KeyAreaPeriod,
    KeyAreaStatus,
    PlacePerson,
)

# Agencies whose officers keep hotspots: the commune police and the provincial drug unit.
WRITING_KINDS = frozenset({AgencyKind.COMMUNE_POLICE, AgencyKind.PROVINCIAL_DRUG_UNIT})
# Agencies that have no need to know where hotspots are.
HIDDEN_KINDS = frozenset(
    {AgencyKind.HEALTH_DEPARTMENT, AgencyKind.METHADONE_CLINIC, AgencyKind.SOCIAL_SERVICES}
)


@dataclass(frozen=True)
class PlaceAccess:
    scope: Scope
    reads: bool = False  # lists and records
    writes: bool = False
    counts: bool = False  # aggregates only


def _access(scope: Scope, kind: str | None) -> PlaceAccess:
    """The rule: what a role of an agency kind may do with places in its scope."""
    if scope.is_empty or kind is None or kind in HIDDEN_KINDS:
        return PlaceAccess(scope)
    if scope.role == DataRole.OFFICER and kind in WRITING_KINDS:
        return PlaceAccess(scope, reads=True, writes=True, counts=True)
    if scope.role == DataRole.SUPERVISOR:
        return PlaceAccess(scope, reads=True, counts=True)
    if scope.role in (DataRole.ANALYST, DataRole.OFFICER):
        return PlaceAccess(scope, counts=True)
    return PlaceAccess(scope)


def place_access(user: Any) -> PlaceAccess:
    agency = getattr(user, "agency", None)
    return _access(scope_for(user), agency.kind if agency is not None else None)


def place_readers_q(scope: Scope) -> Q:
    """A filter true only when the scope's user reads places: the same rule as `place_access`,
    put in the query, for readers that get a scope and not a user (the home worklist)."""
    kinds = [kind for kind in AgencyKind.values if _access(scope, kind).reads]
    if scope.user_id is None or not kinds:
        return Q(pk__in=[])
    return Q(Exists(User.objects.filter(pk=scope.user_id, agency__kind__in=kinds)))


def place_can_read(user: Any) -> bool:
    return place_access(user).reads


def place_can_write(user: Any, commune: AdminUnit | None = None) -> bool:
    access = place_access(user)
    return access.writes and (commune is None or access.scope.reaches_commune(commune))


def place_can_count(user: Any) -> bool:
    return place_access(user).counts


def place_writable_communes(user: Any) -> QuerySet[AdminUnit]:
    access = place_access(user)
    if not access.writes:
        return AdminUnit.objects.none()
    return AdminUnit.objects.in_force().filter(pk__in=access.scope.communes().values("pk"))


def places_in_scope[M: models.Model](model: type[M], scope: Scope) -> QuerySet[M]:
    """Every record of a place registry in the scope's communes, whoever asks (counts start
    from here)."""
    return model._default_manager.filter(scope.unit_q("commune"))


def place_load[M: models.Model](model: type[M]) -> Callable[..., M]:
    """A lifecycle's loader: the record in the scope (the write check follows)."""

    def load(*, scope: Scope, pk: int) -> M:
        found = places_in_scope(model, scope).filter(pk=pk).first()
        if found is None:
            raise NotFound()
        return found

    return load


def place_readable[M: models.Model](model: type[M], user: Any) -> QuerySet[M]:
    """The records the user may read (none for counts-only and hidden users)."""
    access = place_access(user)
    if not access.reads:
        return model._default_manager.none()
    return places_in_scope(model, access.scope).select_related("commune")


def place_get[M: models.Model](model: type[M], user: Any, pk: int) -> M:
    found = place_readable(model, user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def place_writable_get[M: models.Model](model: type[M], user: Any, pk: int) -> M:
    """The record, for an edit: readable and in a commune the user writes for."""
    found = place_get(model, user, pk)
    if not place_can_write(user, found.commune):  # type: ignore[attr-defined]
        raise NotFound()
    return found


# The hotspot registry came first; its names stay.
HotspotAccess = PlaceAccess
hotspot_access = place_access
hotspot_can_read = place_can_read
hotspot_can_write = place_can_write
hotspot_can_count = place_can_count
hotspot_writable_communes = place_writable_communes


def hotspots_in_scope(scope: Scope) -> QuerySet[Hotspot]:
    """Every hotspot of the scope's communes, whoever asks (counts start from here)."""
    return places_in_scope(Hotspot, scope)


def _filtered[M: models.Model](
    records: QuerySet[M], commune: AdminUnit | None, **exact: Any
) -> QuerySet[M]:
    if commune is not None:
        records = records.filter(commune=commune)
    return records.filter(**{field: value for field, value in exact.items() if value})


def hotspot_list(
    user: Any,
    *,
    commune: AdminUnit | None = None,
    status: str = "",
    severity: str = "",
    kind: str = "",
) -> QuerySet[Hotspot]:
    """The hotspots the user may read, filtered, in Vietnamese order (commune, then name)."""
    hotspots = place_readable(Hotspot, user).select_related("village", "business")
    hotspots = _filtered(hotspots, commune, status=status, severity=severity, kind=kind)
    return hotspots.order_by("commune__name_folded", "name_sort", "pk")


def hotspot_get(user: Any, pk: int) -> Hotspot:
    return place_get(Hotspot, user, pk)


hotspot_load = place_load(Hotspot)
_open_on = active_on


def hotspots_open_on(scope: Scope, day: datetime.date) -> QuerySet[Hotspot]:
    """Hotspots active at the end of `day`, from their dated history, not the status column.

    Eliminated on `day` counts as no longer open that day."""
    spells = HotspotSpell.objects.filter(_open_on(day))
    return hotspots_in_scope(scope).filter(pk__in=spells.values("hotspot_id"))


def hotspot_states_on(scope: Scope, day: datetime.date) -> dict[str, Any]:
    """Hotspots in each state at the end of `day`, from their dated state periods: the
    total by state and, per commune id, by state."""
    periods = HotspotPeriod.objects.filter(active_on(day), hotspot__in=hotspots_in_scope(scope))
    rows = list(periods.values_list("hotspot__commune_id", "status"))
    by_commune: dict[int, Counter[str]] = {}
    for commune, status in rows:
        by_commune.setdefault(commune, Counter())[status] += 1
    return {
        "by_status": dict(Counter(s for _, s in rows)),
        "by_commune": {commune: dict(counts) for commune, counts in by_commune.items()},
    }


def hotspot_counts_on(scope: Scope, day: datetime.date) -> dict[str, Any]:
    """Open hotspots on `day`: the total, by commune id and by severity (as it was then)."""
    spells = HotspotSpell.objects.filter(_open_on(day)).filter(hotspot__in=hotspots_in_scope(scope))
    rows = list(spells.values_list("hotspot__commune_id", "severity", "hotspot__business__kind"))
    return {
        "total": len(rows),
        "by_commune": dict(Counter(commune for commune, _, _ in rows)),
        "by_severity": dict(Counter(severity for _, severity, _ in rows)),
        # Plan 45: no hotspot tied to an entertainment business.
        "tied_to_entertainment": sum(1 for *_, kind in rows if kind in ENTERTAINMENT_KINDS),
        "tied_to_business": sum(1 for *_, kind in rows if kind),
    }


# Incidents ---------------------------------------------------------------------------------


def incident_list(
    user: Any,
    *,
    commune: AdminUnit | None = None,
    kind: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[Incident]:
    """Incidents the user may read, newest first, then in Vietnamese order of the summary."""
    incidents = _filtered(place_readable(Incident, user), commune, kind=kind)
    if since is not None:
        incidents = incidents.filter(occurred_on__gte=since)
    if until is not None:
        incidents = incidents.filter(occurred_on__lte=until)
    return incidents.select_related("hotspot", "business").order_by(
        "-occurred_on", "commune__name_folded", "summary_sort", "pk"
    )


def incident_counts_between(
    scope: Scope, since: datetime.date, until: datetime.date
) -> dict[str, Any]:
    """Incidents that occurred from `since` to `until` (both included): by kind and commune,
    with the offenders, plants and area they record."""
    incidents = places_in_scope(Incident, scope).filter(
        occurred_on__gte=since, occurred_on__lte=until
    )
    rows = list(incidents.values_list("kind", "commune_id", "offenders", "plants", "area_m2"))
    return {
        "total": len(rows),
        "by_kind": dict(Counter(kind for kind, *_ in rows)),
        "by_commune": dict(Counter(commune for _, commune, *_ in rows)),
        "offenders": sum(offenders for _, _, offenders, _, _ in rows),
        "plants": sum(plants for *_, plants, _ in rows),
        "area_m2": sum((area for *_, area in rows if area is not None), Decimal(0)),
    }


# Key areas ---------------------------------------------------------------------------------


def key_area_list(
    user: Any, *, commune: AdminUnit | None = None, status: str = "", area_type: str = ""
) -> QuerySet[KeyArea]:
    """Key areas the user may read, in Vietnamese order of the commune, newest selection first."""
    areas = _filtered(place_readable(KeyArea, user), commune, status=status, area_type=area_type)
    return areas.order_by("commune__name_folded", "-selected_on", "pk")


def _key_area_states_on(scope: Scope, day: datetime.date) -> tuple[dict[int, str], set[int]]:
    """Each area's state at the end of `day` from its dated periods, and the areas
    transformed at some time by then."""
    areas = places_in_scope(KeyArea, scope).filter(selected_on__lte=day)
    periods = KeyAreaPeriod.objects.filter(key_area__in=areas)
    state = dict(periods.filter(active_on(day)).values_list("key_area_id", "status"))
    ever = set(
        periods.filter(status=KeyAreaStatus.TRANSFORMED, started_on__lte=day).values_list(
            "key_area_id", flat=True
        )
    )
    return state, ever


def key_area_counts_on(scope: Scope, day: datetime.date) -> dict[str, Any]:
    """Key areas as they stood at the end of `day`, from their dated periods (Plan 3220:
    selected areas transformed; transformed areas not re-emerging)."""
    areas = places_in_scope(KeyArea, scope).filter(selected_on__lte=day)
    state, ever_transformed = _key_area_states_on(scope, day)
    by_type = dict(Counter(areas.values_list("area_type", flat=True)))
    return {
        "selected": len(state),
        "by_type": by_type,
        "by_status": dict(Counter(state.values())),
        "transformed": sum(1 for s in state.values() if s in KEY_AREA_TRANSFORMED_STATES),
        "ever_transformed": len(ever_transformed),
        # Transformed by then and still transformed (or sustained) on the day.
        "not_re_emerging": sum(
            1 for pk in ever_transformed if state.get(pk) in KEY_AREA_TRANSFORMED_STATES
        ),
    }


def key_areas_transformed_share(scope: Scope, day: datetime.date) -> dict[str, Any]:
    """Plan 3220 (≥ 60 %): areas transformed or sustained at the end of `day` out of the areas
    selected by then; the share (%) is None without a selected area."""
    state, _ever = _key_area_states_on(scope, day)
    part = sum(1 for s in state.values() if s in KEY_AREA_TRANSFORMED_STATES)
    return {"part": part, "whole": len(state), "share": _share(part, len(state))}


def key_areas_sustained_share(scope: Scope, day: datetime.date) -> dict[str, Any]:
    """Plan 3220 (≥ 85 %): areas transformed by `day` that had not re-emerged on it (still
    transformed or sustained) out of every area transformed by then."""
    state, ever = _key_area_states_on(scope, day)
    part = sum(1 for pk in ever if state.get(pk) in KEY_AREA_TRANSFORMED_STATES)
    return {"part": part, "whole": len(ever), "share": _share(part, len(ever))}


def key_area_evaluations(key_area: KeyArea) -> QuerySet[KeyAreaEvaluation]:
    return key_area.evaluations.select_related("created_by").order_by("-evaluated_on", "-pk")


# Conditional businesses ------------------------------------------------------------------------


def business_list(
    user: Any, *, commune: AdminUnit | None = None, kind: str = "", status: str = ""
) -> QuerySet[Business]:
    """Businesses the user may read, in Vietnamese order (commune, then name)."""
    businesses = _filtered(place_readable(Business, user), commune, kind=kind, status=status)
    return businesses.select_related("village").order_by("commune__name_folded", "name_sort", "pk")


def businesses_operating_on(scope: Scope, day: datetime.date) -> QuerySet[Business]:
    return places_in_scope(Business, scope).filter(active_on(day, "opened_on", "closed_on"))


def business_counts_on(scope: Scope, day: datetime.date) -> dict[str, Any]:
    """Businesses operating at the end of `day`, by kind; those with an open hotspot then."""
    operating = businesses_operating_on(scope, day)
    tied = operating.filter(hotspots__in=hotspots_open_on(scope, day)).distinct()
    inspected = BusinessInspection.objects.filter(
        business__in=operating, inspected_on__lte=day
    ).values("business_id")
    return {
        "operating": operating.count(),
        "by_kind": dict(Counter(operating.values_list("kind", flat=True))),
        "tied_to_open_hotspot": tied.count(),
        "entertainment_tied_to_open_hotspot": tied.filter(kind__in=ENTERTAINMENT_KINDS).count(),
        "with_drug_use_found": operating.filter(
            inspections__drug_use_found=True, inspections__inspected_on__lte=day
        )
        .distinct()
        .count(),
        "never_inspected": operating.exclude(pk__in=inspected).count(),
    }


def businesses_choosable(user: Any) -> QuerySet[Business]:
    """Businesses a place may be linked to: those of the communes the user writes for."""
    return Business.objects.filter(commune__in=place_writable_communes(user)).order_by(
        "commune__name_folded", "name_sort"
    )


def hotspots_choosable(user: Any) -> QuerySet[Hotspot]:
    return Hotspot.objects.filter(commune__in=place_writable_communes(user)).order_by(
        "commune__name_folded", "name_sort"
    )


# Drug-free units ---------------------------------------------------------------------------


def drug_free_list(
    user: Any, *, commune: AdminUnit | None = None, level: str = "", status: str = ""
) -> QuerySet[DrugFreeRecognition]:
    """Recognitions the user may read, by commune then unit name, newest first."""
    recognitions = _filtered(
        place_readable(DrugFreeRecognition, user), commune, level=level, status=status
    )
    return recognitions.select_related("village").order_by(
        "commune__name_folded", "village__name_folded", "-recognised_on", "pk"
    )


def drug_free_on(scope: Scope, day: datetime.date) -> QuerySet[DrugFreeRecognition]:
    """Recognitions in force at the end of `day` (withdrawn that day: no longer)."""
    return places_in_scope(DrugFreeRecognition, scope).filter(
        active_on(day, "recognised_on", "withdrawn_on")
    )


def _share(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def drug_free_shares_on(scope: Scope, day: datetime.date) -> dict[str, dict[str, Any]]:
    """Every share of `drug_free_share` at the end of `day`, keyed by level: residential
    groups of wards, villages of communes and communes (Plan 45: 10 % and 20 %; NQ 163:
    more than 20 % of communes). The share is None without units."""
    kinds = {
        DrugFreeLevel.RESIDENTIAL_GROUP: DrugFreeKind.RESIDENTIAL_GROUPS_IN_WARDS,
        DrugFreeLevel.VILLAGE: DrugFreeKind.VILLAGES_IN_COMMUNES,
        DrugFreeLevel.COMMUNE: DrugFreeKind.COMMUNES,
    }
    shares = {str(level): drug_free_share(scope, day, kind) for level, kind in kinds.items()}
    return {
        level: {"drug_free": found.numerator, "units": found.denominator, "share": found.share}
        for level, found in shares.items()
    }


class DrugFreeKind:
    """The units a drug-free share counts, as the plans name them (Plan 45, NQ 163)."""

    RESIDENTIAL_GROUPS_IN_WARDS = "residential_groups_in_wards"
    VILLAGES_IN_COMMUNES = "villages_in_communes"
    COMMUNES = "communes"
    ALL = (RESIDENTIAL_GROUPS_IN_WARDS, VILLAGES_IN_COMMUNES, COMMUNES)


@dataclass(frozen=True)
class DrugFreeShare:
    numerator: int  # units drug-free at the end of the day
    denominator: int  # all units of the kind
    share: Decimal | None  # percent, one decimal; None when there is no unit


def drug_free_share(scope: Scope, day: datetime.date, kind: str) -> DrugFreeShare:
    """The share of drug-free units of a kind at the end of `day`, from the dated
    recognitions (recognised on or before the day, not withdrawn by then), never from the
    status column: residential groups of wards, villages of communes (xã), or communes.
    """
    in_force = drug_free_on(scope, day)
    communes = scope.communes()
    if kind == DrugFreeKind.COMMUNES:
        units = communes.count()
        drug_free = (
            in_force.filter(level=DrugFreeLevel.COMMUNE, commune__in=communes)
            .values("commune_id")
            .distinct()
            .count()
        )
        return DrugFreeShare(drug_free, units, _share(drug_free, units))
    if kind == DrugFreeKind.RESIDENTIAL_GROUPS_IN_WARDS:
        village_kind, division = VillageKind.RESIDENTIAL_GROUP, DivisionType.WARD
    elif kind == DrugFreeKind.VILLAGES_IN_COMMUNES:
        village_kind, division = VillageKind.VILLAGE, DivisionType.COMMUNE
    else:
        raise ValueError(kind)
    villages = Village.objects.filter(
        commune__in=communes.filter(division_type=division), kind=village_kind, is_active=True
    )
    units = villages.count()
    drug_free = (
        in_force.filter(village__in=villages.values("pk")).values("village_id").distinct().count()
    )
    return DrugFreeShare(drug_free, units, _share(drug_free, units))


def drug_free_assessment_list(
    user: Any,
    *,
    commune: AdminUnit | None = None,
    level: str = "",
    status: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[DrugFreeAssessment]:
    """Assessments the user may read, by commune then unit in Vietnamese order, newest
    first; the status is read from the result and the recognition."""
    assessments = _filtered(place_readable(DrugFreeAssessment, user), commune, level=level)
    if since:
        assessments = assessments.filter(assessed_on__gte=since)
    if until:
        assessments = assessments.filter(assessed_on__lte=until)
    by_status: dict[str, Q] = {
        DrugFreeAssessmentStatus.NOT_RECOGNISED: Q(result=DrugFreeResult.NOT_RECOGNISED),
        DrugFreeAssessmentStatus.AWAITING_DECISION: Q(
            result=DrugFreeResult.RECOGNISED, recognition__isnull=True
        ),
        DrugFreeAssessmentStatus.RECOGNISED: Q(recognition__status=DrugFreeStatus.RECOGNISED),
        DrugFreeAssessmentStatus.REVOKED: Q(recognition__status=DrugFreeStatus.WITHDRAWN),
    }
    if status in by_status:
        assessments = assessments.filter(by_status[status])
    return assessments.select_related("commune", "village", "recognition").order_by(
        "commune__name_folded", "unit_sort", "-assessed_on", "-pk"
    )


# Persons linked to a place ---------------------------------------------------------------------


def place_persons(user: Any, place: Hotspot | Incident) -> QuerySet[PlacePerson]:
    """The persons linked to a place that the user's jurisdiction reads; the others are not
    shown at all (analysts and users without person access see none)."""
    field = "hotspot" if isinstance(place, Hotspot) else "incident"
    visible = persons_visible(scope_for(user))
    return (
        PlacePerson.objects.filter(**{field: place}, person__in=visible)
        .select_related("person")
        .order_by("person__full_name", "role", "pk")
    )


# Businesses needing attention ----------------------------------------------------------------

LICENCE_WARNING_DAYS = 30
INSPECTION_INTERVAL_DAYS = 180  # the default; the page takes another


@dataclass(frozen=True)
class BusinessWorklist:
    licences_expiring: QuerySet[Business]  # within LICENCE_WARNING_DAYS, or expired
    not_inspected: QuerySet[Business]  # not inspected within the interval
    tied_to_open_hotspot: QuerySet[Business]


def business_worklist(
    user: Any, today: datetime.date, *, interval_days: int = INSPECTION_INTERVAL_DAYS
) -> BusinessWorklist:
    """Operating businesses the user may read whose licence expires within 30 days (or has
    expired), that were not inspected within `interval_days`, or that an open hotspot is
    tied to."""
    operating = (
        place_readable(Business, user)
        .filter(active_on(today, "opened_on", "closed_on"))
        .order_by("commune__name_folded", "name_sort", "pk")
    )
    since = today - datetime.timedelta(days=interval_days)
    recently = BusinessInspection.objects.filter(inspected_on__gt=since, inspected_on__lte=today)
    access = place_access(user)
    open_hotspots = hotspots_open_on(access.scope, today)
    return BusinessWorklist(
        licences_expiring=operating.filter(
            licence_expires_on__lte=today + datetime.timedelta(days=LICENCE_WARNING_DAYS)
        ).order_by("licence_expires_on", "pk"),
        not_inspected=operating.exclude(pk__in=recently.values("business_id")),
        tied_to_open_hotspot=operating.filter(hotspots__in=open_hotspots).distinct(),
    )


def person_places(user: Any, person_pk: int) -> list[PlacePerson]:
    """The hotspots and incidents a person is linked to, among those the user may read."""
    access = place_access(user)
    if not access.reads:
        return []
    hotspots = places_in_scope(Hotspot, access.scope)
    incidents = places_in_scope(Incident, access.scope)
    return list(
        PlacePerson.objects.filter(person_id=person_pk)
        .filter(Q(hotspot__in=hotspots) | Q(incident__in=incidents))
        .select_related("hotspot", "incident")
        .order_by("-created_at", "-pk")
    )


# Re-verifications of eliminated hotspots ---------------------------------------------------


def hotspot_reverifications(user: Any, hotspot_pk: int) -> QuerySet[HotspotReverification]:
    """The re-verifications of a hotspot the user may read, newest first."""
    hotspot = place_get(Hotspot, user, hotspot_pk)
    return hotspot.reverifications.select_related("verified_by").order_by("-verified_on", "-pk")


def reverifications_due(scope: Scope, today: datetime.date) -> QuerySet[Hotspot]:
    """Eliminated or monitored hotspots of the scope whose re-verification falls due within
    the notice days, or is overdue; the oldest due first. Empty unless the scope's user reads
    places (health and social-services users see none)."""
    notice = datetime.timedelta(days=settings.PCMT_HOTSPOT_REVERIFY_NOTICE_DAYS)
    return (
        hotspots_in_scope(scope)
        .filter(place_readers_q(scope))
        .filter(status__in=HOTSPOT_REVERIFIED, reverify_due_on__lte=today + notice)
        .order_by("reverify_due_on", "pk")
    )


def reverification_section(scope: Scope, today: datetime.date, limit: int) -> WorklistQuery | None:
    """The home worklist's section of hotspot re-verifications due and overdue."""
    if not scope.can_read_persons:
        return None

    def item(row: dict[str, Any]) -> WorkItem:
        due = as_date(row["due"])
        label = _("Re-verification overdue") if due and due < today else _("Re-verification due")
        return WorkItem(
            person_id=None,
            person_name=row["name"],
            commune_name=row["commune_name"],
            label=str(label),
            due=due,
            url=reverse("hotspot_detail", kwargs={"hotspot_pk": row["id"]}) + "#reverifications",
        )

    return WorklistQuery(
        key="hotspot_reverifications",
        title=str(_("Hotspots to re-verify")),
        rows=reverifications_due(scope, today),
        fields={
            "id": F("pk"),
            "name": F("name"),
            "commune_name": F("commune__name"),
            "due": F("reverify_due_on"),
        },
        item=item,
        commune="commune__name",
        limit=limit,
    )
