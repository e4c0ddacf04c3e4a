"""Administrative units: the units in force (2025), the legacy units and the conversion."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The two-level system (province, commune) took effect on this date (Resolution 202/2025/QH15).
TWO_LEVEL_START = datetime.date(2025, 7, 1)


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")


class DivisionType(models.TextChoices):
    MUNICIPALITY = "municipality", _("Centrally-governed city")
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    SPECIAL_ZONE = "special_zone", _("Special zone")


class AdminUnitQuerySet(models.QuerySet["AdminUnit"]):
    def in_force(self, on: datetime.date | None = None) -> "AdminUnitQuerySet":
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gt=on))

    def provinces(self) -> "AdminUnitQuerySet":
        return self.filter(level=UnitLevel.PROVINCE)

    def communes(self) -> "AdminUnitQuerySet":
        return self.filter(level=UnitLevel.COMMUNE)


class AdminUnit(models.Model):
    """A province or commune of the two-level system, with its validity interval."""

    code = models.CharField(_("code"), max_length=5, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices)
    division_type = models.CharField(_("type"), max_length=20, choices=DivisionType.choices)
    name = models.CharField(_("name"), max_length=120)
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    province_code = models.CharField(_("province code"), max_length=2, db_index=True)
    centroid_lat = models.FloatField(_("centroid latitude"), null=True, blank=True)
    centroid_lng = models.FloatField(_("centroid longitude"), null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), default=TWO_LEVEL_START)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level=UnitLevel.PROVINCE, parent__isnull=True)
                | Q(level=UnitLevel.COMMUNE, parent__isnull=False),
                name="adminunit_commune_has_province",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="adminunit_valid_interval",
            ),
            models.CheckConstraint(
                condition=Q(level=UnitLevel.PROVINCE, code__regex=r"^[0-9]{2}$")
                | Q(level=UnitLevel.COMMUNE, code__regex=r"^[0-9]{5}$"),
                name="adminunit_code_format",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.get_division_type_display()} {self.name}"

    @property
    def is_province(self) -> bool:
        return self.level == UnitLevel.PROVINCE


class LegacyLevel(models.TextChoices):
    PROVINCE = "province", _("Province (before 1/7/2025)")
    DISTRICT = "district", _("District (before 1/7/2025)")
    COMMUNE = "commune", _("Commune (before 1/7/2025)")


class LegacyUnit(models.Model):
    """A unit of the three-level system in force until 30/6/2025 (63 provinces)."""

    code = models.CharField(_("code"), max_length=5)
    level = models.CharField(_("level"), max_length=10, choices=LegacyLevel.choices)
    name = models.CharField(_("name"), max_length=120)
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)
    division_type = models.CharField(_("type"), max_length=40, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    province_code = models.CharField(_("province code"), max_length=2, db_index=True)

    class Meta:
        verbose_name = _("legacy unit")
        verbose_name_plural = _("legacy units")
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="legacyunit_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.division_type} {self.name}".strip()


class LegacyConversion(models.Model):
    """Old commune → new commune. An old commune split over several new ones has several rows."""

    legacy_unit = models.ForeignKey(
        LegacyUnit, on_delete=models.CASCADE, related_name="conversions"
    )
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="legacy_sources")
    is_partial = models.BooleanField(
        _("partial"), default=False, help_text=_("Only part of the old unit went to this unit.")
    )

    class Meta:
        verbose_name = _("legacy conversion")
        verbose_name_plural = _("legacy conversions")
        constraints = [
            models.UniqueConstraint(fields=["legacy_unit", "unit"], name="legacyconversion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.legacy_unit} → {self.unit}"


class VillageKind(models.TextChoices):
    VILLAGE = "village", _("Village (thôn/ấp/bản)")
    RESIDENTIAL_GROUP = "residential_group", _("Residential group (tổ dân phố)")


class Village(models.Model):
    """A village or residential group of a commune, maintained by the commune's users."""

    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="villages")
    name = models.CharField(_("name"), max_length=120)
    name_folded = models.CharField(max_length=120, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=VillageKind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("village / residential group")
        verbose_name_plural = _("villages / residential groups")
        ordering = ["commune", "name"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name_folded"], name="village_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class UnitBoundary(models.Model):
    """The outline of a province or commune as GeoJSON text, with its box for quick filtering.

    Plain text rather than a spatial column: PCMT runs on SQLite and PostgreSQL without
    PostGIS. The box columns narrow a search by coordinates; shapely does the exact tests.
    """

    unit = models.OneToOneField(AdminUnit, on_delete=models.CASCADE, related_name="boundary")
    # A GeoJSON geometry (Polygon or MultiPolygon), WGS84, as shipped (about 40 m precision).
    geometry = models.TextField(_("geometry"))
    # The same outline simplified further (about 200 m) for a whole province on one screen.
    geometry_overview = models.TextField(_("overview geometry"))
    min_lat = models.FloatField()
    min_lng = models.FloatField()
    max_lat = models.FloatField()
    max_lng = models.FloatField()
    area_km2 = models.FloatField(_("area (km²)"))
    source = models.CharField(_("source"), max_length=120)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("unit boundary")
        verbose_name_plural = _("unit boundaries")
        indexes = [
            models.Index(fields=["min_lat", "max_lat"], name="unitboundary_lat"),
            models.Index(fields=["min_lng", "max_lng"], name="unitboundary_lng"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_lat__lte=models.F("max_lat")) & Q(min_lng__lte=models.F("max_lng")),
                name="unitboundary_box_ordered",
            ),
            models.CheckConstraint(condition=Q(area_km2__gte=0), name="unitboundary_area"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}"


class UnitNeighbour(models.Model):
    """Two units that share a border (or touch at a point: queen contiguity); one row each way."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="neighbour_links")
    neighbour = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    # Length of the common border, to about 100 m (the outlines are simplified); near 0 when
    # the two only touch at a corner.
    shared_border_km = models.FloatField(_("shared border (km)"), default=0)

    class Meta:
        verbose_name = _("neighbouring unit")
        verbose_name_plural = _("neighbouring units")
        constraints = [
            models.UniqueConstraint(fields=["unit", "neighbour"], name="unitneighbour_unique"),
            models.CheckConstraint(
                condition=~Q(unit=models.F("neighbour")), name="unitneighbour_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.neighbour}"


# Vietnam's mainland and islands (Hoàng Sa, Trường Sa), with a margin: a point outside this box
# is a typing error, not a place in a commune.
VIETNAM_LAT_RANGE = (6.0, 23.5)
VIETNAM_LNG_RANGE = (102.0, 118.0)


class Located(models.Model):
    """A place in a commune (and village when known): the address as typed and an optional point.

    Subclasses that declare their own Meta should extend `Located.Meta` to keep the checks.
    Whether the point lies in the commune is checked by `pcmt.geo.location.location_check`.
    """

    commune = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
        limit_choices_to={"level": UnitLevel.COMMUNE},
        verbose_name=_("commune"),
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
        null=True,
        blank=True,
        verbose_name=_("village / residential group"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal(str(VIETNAM_LAT_RANGE[0]))),
            MaxValueValidator(Decimal(str(VIETNAM_LAT_RANGE[1]))),
        ],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal(str(VIETNAM_LNG_RANGE[0]))),
            MaxValueValidator(Decimal(str(VIETNAM_LNG_RANGE[1]))),
        ],
    )
    # Why a point outside the commune's boundary is right anyway (empty when it lies inside).
    location_override_reason = models.CharField(
        _("reason the point lies outside the commune"), max_length=300, blank=True
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=VIETNAM_LAT_RANGE[0],
                    latitude__lte=VIETNAM_LAT_RANGE[1],
                    longitude__gte=VIETNAM_LNG_RANGE[0],
                    longitude__lte=VIETNAM_LNG_RANGE[1],
                ),
                name="%(app_label)s_%(class)s_point_in_vietnam",
            ),
        ]

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None
