"""Reads of population figures, filtered by the jurisdiction scope, and rates per 1,000."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet

from pcmt.accounts.models import DataRole
from pcmt.accounts.scope import scope_for
from pcmt.geo.models import AdminUnit, Village
from pcmt.population.models import PopulationFigure


def population_can_read(user: Any) -> bool:
    """Anyone with a data role in a jurisdiction, and administrators."""
    return bool(getattr(user, "is_staff", False)) or scope_for(user).can_read_aggregates


def population_can_write(user: Any, commune: AdminUnit | None = None) -> bool:
    """Provincial officers for their province's communes, and administrators for any."""
    if getattr(user, "is_staff", False) and getattr(user, "is_active", False):
        return True
    scope = scope_for(user)
    if scope.province_id is None or scope.role != DataRole.OFFICER:
        return False
    return commune is None or scope.reaches_commune(commune)


def population_writable_communes(user: Any) -> QuerySet[AdminUnit]:
    if getattr(user, "is_staff", False):
        return AdminUnit.objects.communes().in_force()
    if not population_can_write(user):
        return AdminUnit.objects.none()
    communes = scope_for(user).communes()
    return AdminUnit.objects.in_force().filter(pk__in=communes.values("pk"))


def population_figures(
    user: Any,
    *,
    year: int | None = None,
    commune: AdminUnit | None = None,
    province_code: str = "",
) -> QuerySet[PopulationFigure]:
    """The figures the user may read, newest year first within each commune."""
    figures = PopulationFigure.objects.select_related("commune", "village")
    if not getattr(user, "is_staff", False):
        scope = scope_for(user)
        if not scope.can_read_aggregates:
            return figures.none()
        figures = figures.filter(scope.unit_q("commune"))
    if year is not None:
        figures = figures.filter(year=year)
    if commune is not None:
        figures = figures.filter(commune=commune)
    if province_code:
        figures = figures.filter(commune__province_code=province_code)
    return figures.order_by("commune__name_folded", "village__name_folded", "-year")


def population_figure_get(user: Any, pk: int) -> PopulationFigure | None:
    return population_figures(user).filter(pk=pk).first()


def residents_on(
    *, commune: AdminUnit, on: datetime.date, village: Village | None = None
) -> int | None:
    """Residents by the latest figure dated on or before `on`; None when there is none."""
    figures = PopulationFigure.objects.filter(commune=commune, as_of__lte=on)
    figures = figures.filter(village=village) if village else figures.filter(village__isnull=True)
    return figures.order_by("-as_of", "-year").values_list("residents", flat=True).first()


def residents_by_commune(
    *, communes: QuerySet[AdminUnit] | list[AdminUnit], on: datetime.date
) -> dict[int, int]:
    """Commune id → residents on `on` (communes without a figure are absent)."""
    rows = (
        PopulationFigure.objects.filter(
            Q(commune__in=communes), village__isnull=True, as_of__lte=on
        )
        .order_by("commune_id", "-as_of", "-year")
        .values_list("commune_id", "residents")
    )
    found: dict[int, int] = {}
    for commune_id, residents in rows:
        found.setdefault(commune_id, residents)
    return found


def rate_per_1000(count: int, residents: int | None) -> Decimal | None:
    """`count` per 1,000 residents to two decimals; None ("no population figure") for 0 or none."""
    if not residents:
        return None
    return (Decimal(count) * 1000 / Decimal(residents)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
