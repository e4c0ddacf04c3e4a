"""Reads of hotspots: who may see them (police data, need to know) and counts as of a day.

The rule, in one place: commune police officers read and write their commune's hotspots, the
provincial drug unit's officers the whole province; supervisors read; analysts get counts
only; health and social-services users do not see hotspots at all. Within that, the
jurisdiction scope decides which communes; outside it a hotspot is not found.
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from pcmt.accounts.models import AgencyKind, DataRole
from pcmt.accounts.scope import Scope, scope_for
from pcmt.core.errors import NotFound
from pcmt.geo.models import AdminUnit
from pcmt.places.models import Hotspot, HotspotSpell

# Agencies whose officers keep hotspots: the commune police and the provincial drug unit.
WRITING_KINDS = frozenset({AgencyKind.COMMUNE_POLICE, AgencyKind.PROVINCIAL_DRUG_UNIT})
# Agencies that have no need to know where hotspots are.
HIDDEN_KINDS = frozenset(
    {AgencyKind.HEALTH_DEPARTMENT, AgencyKind.METHADONE_CLINIC, AgencyKind.SOCIAL_SERVICES}
)


@dataclass(frozen=True)
class HotspotAccess:
    scope: Scope
    reads: bool = False  # lists and records
    writes: bool = False
    counts: bool = False  # aggregates only


def hotspot_access(user: Any) -> HotspotAccess:
    scope = scope_for(user)
    agency = getattr(user, "agency", None)
    if scope.is_empty or agency is None or agency.kind in HIDDEN_KINDS:
        return HotspotAccess(scope)
    if scope.role == DataRole.OFFICER and agency.kind in WRITING_KINDS:
        return HotspotAccess(scope, reads=True, writes=True, counts=True)
    if scope.role == DataRole.SUPERVISOR:
        return HotspotAccess(scope, reads=True, counts=True)
    if scope.role in (DataRole.ANALYST, DataRole.OFFICER):
        return HotspotAccess(scope, counts=True)
    return HotspotAccess(scope)


def hotspot_can_read(user: Any) -> bool:
    return hotspot_access(user).reads


def hotspot_can_write(user: Any, commune: AdminUnit | None = None) -> bool:
    access = hotspot_access(user)
    return access.writes and (commune is None or access.scope.reaches_commune(commune))


def hotspot_can_count(user: Any) -> bool:
    return hotspot_access(user).counts


def hotspot_writable_communes(user: Any) -> QuerySet[AdminUnit]:
    access = hotspot_access(user)
    if not access.writes:
        return AdminUnit.objects.none()
    return AdminUnit.objects.in_force().filter(pk__in=access.scope.communes().values("pk"))


def hotspots_in_scope(scope: Scope) -> QuerySet[Hotspot]:
    """Every hotspot of the scope's communes, whoever asks (counts start from here)."""
    return Hotspot.objects.filter(scope.unit_q("commune"))


def hotspot_list(
    user: Any,
    *,
    commune: AdminUnit | None = None,
    status: str = "",
    severity: str = "",
    kind: str = "",
) -> QuerySet[Hotspot]:
    """The hotspots the user may read, filtered, in Vietnamese order (commune, then name)."""
    access = hotspot_access(user)
    if not access.reads:
        return Hotspot.objects.none()
    hotspots = hotspots_in_scope(access.scope).select_related("commune", "village")
    if commune is not None:
        hotspots = hotspots.filter(commune=commune)
    if status:
        hotspots = hotspots.filter(status=status)
    if severity:
        hotspots = hotspots.filter(severity=severity)
    if kind:
        hotspots = hotspots.filter(kind=kind)
    return hotspots.order_by("commune__name_folded", "name_sort", "pk")


def hotspot_get(user: Any, pk: int) -> Hotspot:
    hotspot = hotspot_list(user).filter(pk=pk).first()
    if hotspot is None:
        raise NotFound()
    return hotspot


def hotspot_load(*, scope: Scope, pk: int) -> Hotspot:
    """The lifecycle's loader: the hotspot in the scope (the write check follows)."""
    hotspot = hotspots_in_scope(scope).filter(pk=pk).first()
    if hotspot is None:
        raise NotFound()
    return hotspot


def _open_on(day: datetime.date) -> Q:
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def hotspots_open_on(scope: Scope, day: datetime.date) -> QuerySet[Hotspot]:
    """Hotspots active at the end of `day`, from their dated history, not the status column.

    Eliminated on `day` counts as no longer open that day."""
    spells = HotspotSpell.objects.filter(_open_on(day))
    return hotspots_in_scope(scope).filter(pk__in=spells.values("hotspot_id"))


def hotspot_counts_on(scope: Scope, day: datetime.date) -> dict[str, Any]:
    """Open hotspots on `day`: the total, by commune id and by severity (as it was then)."""
    spells = HotspotSpell.objects.filter(_open_on(day)).filter(hotspot__in=hotspots_in_scope(scope))
    rows = list(spells.values_list("hotspot__commune_id", "severity"))
    return {
        "total": len(rows),
        "by_commune": dict(Counter(commune for commune, _ in rows)),
        "by_severity": dict(Counter(severity for _, severity in rows)),
    }
