"""Whether a place's point lies in its commune: point in polygon over the loaded boundaries.

The registries of places call `location_check` before saving a `Located` row. A point
outside its commune is a warning the officer may override with a reason; a point outside
Vietnam, half a point, or a village of another commune is an error.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import shapely
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from pcmt.core.errors import DomainError
from pcmt.geo.models import (
    VIETNAM_LAT_RANGE,
    VIETNAM_LNG_RANGE,
    AdminUnit,
    UnitBoundary,
    UnitLevel,
    Village,
)

# Degrees (about 50 m): the shipped outlines are simplified to 0.0004°, so a point this close
# to the border is taken as inside.
BORDER_TOLERANCE = 0.0005


class LocationStatus:
    INSIDE = "inside"  # the point lies in the commune
    OUTSIDE = "outside"  # a warning: override with a reason
    UNCHECKED = "unchecked"  # no point, or the commune has no boundary loaded


@dataclass(frozen=True)
class LocationWarning:
    """A problem the officer may accept by giving a reason: a stable code, a message."""

    code: str
    message: str | Promise
    field: str = "latitude"


@dataclass(frozen=True)
class LocationCheck:
    status: str
    warnings: list[LocationWarning] = field(default_factory=list)
    # The commune the point lies in, when it is outside its own (None when unknown).
    found_commune: AdminUnit | None = None

    @property
    def needs_reason(self) -> bool:
        return bool(self.warnings)


def location_check(
    *,
    commune: AdminUnit,
    latitude: Decimal | float | None,
    longitude: Decimal | float | None,
    village: Village | None = None,
    override_reason: str = "",
) -> LocationCheck:
    """Check a place's commune, village and point; raise `DomainError` for what cannot be right.

    Returns the status and the warnings still standing: a point outside the commune's boundary
    is a warning (`location_outside_commune`) unless `override_reason` is given, in which case
    the status stays `outside` with no warning, so the caller can keep the reason.
    """
    if commune.level != UnitLevel.COMMUNE:
        raise DomainError("location_not_a_commune", _("Choose a commune."), "commune")
    if village is not None and village.commune_id != commune.pk:
        raise DomainError(
            "location_village_other_commune",
            _("This village or residential group belongs to another commune."),
            "village",
        )
    if (latitude is None) != (longitude is None):
        raise DomainError(
            "location_point_incomplete",
            _("Enter both the latitude and the longitude, or neither."),
            "longitude" if longitude is None else "latitude",
        )
    if latitude is None or longitude is None:
        return LocationCheck(LocationStatus.UNCHECKED)
    lat, lng = float(latitude), float(longitude)
    if not (VIETNAM_LAT_RANGE[0] <= lat <= VIETNAM_LAT_RANGE[1]) or not (
        VIETNAM_LNG_RANGE[0] <= lng <= VIETNAM_LNG_RANGE[1]
    ):
        raise DomainError(
            "location_outside_vietnam",
            _(
                "The point lies outside Vietnam: check the latitude (about 8 to 23.4) "
                "and the longitude (about 102 to 117.8)."
            ),
            "latitude",
        )
    outline = boundary_shape(commune.pk)
    if outline is None:
        return LocationCheck(LocationStatus.UNCHECKED)
    point = Point(lng, lat)
    if outline.dwithin(point, BORDER_TOLERANCE):
        return LocationCheck(LocationStatus.INSIDE)
    found = commune_at(latitude=lat, longitude=lng)
    if override_reason.strip():
        return LocationCheck(LocationStatus.OUTSIDE, found_commune=found)
    if found is not None:
        message = _(
            "The point lies outside %(commune)s, in %(found)s. Check the point, or give the "
            "reason it is right."
        ) % {"commune": commune.full_name, "found": found.full_name}
    else:
        message = _(
            "The point lies outside %(commune)s. Check the point, or give the reason it is right."
        ) % {"commune": commune.full_name}
    return LocationCheck(
        LocationStatus.OUTSIDE,
        [LocationWarning("location_outside_commune", message)],
        found_commune=found,
    )


def commune_at(*, latitude: float, longitude: float) -> AdminUnit | None:
    """The commune in force whose loaded boundary holds the point, or None."""
    candidates = UnitBoundary.objects.filter(
        unit__level=UnitLevel.COMMUNE,
        min_lat__lte=latitude,
        max_lat__gte=latitude,
        min_lng__lte=longitude,
        max_lng__gte=longitude,
    ).values_list("unit_id", flat=True)
    point = Point(longitude, latitude)
    for unit_id in candidates:
        outline = boundary_shape(unit_id)
        if outline is not None and outline.covers(point):
            return AdminUnit.objects.in_force().filter(pk=unit_id).first()
    return None


def boundary_shape(unit_id: int) -> BaseGeometry | None:
    """The unit's outline, prepared for fast tests (cached while the boundary is unchanged)."""
    row = UnitBoundary.objects.filter(unit_id=unit_id).values_list("pk", "loaded_at").first()
    if row is None:
        return None
    return _prepared(unit_id, row[0], row[1].isoformat())


@lru_cache(maxsize=512)
def _prepared(unit_id: int, boundary_id: int, loaded_at: str) -> BaseGeometry:
    text = UnitBoundary.objects.values_list("geometry", flat=True).get(pk=boundary_id)
    geom = shape(json.loads(text))
    shapely.prepare(geom)
    return geom
