"""Writes to the administrative units that users maintain: villages and residential groups."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pcmt.core.errors import DomainError
from pcmt.core.text import fold, normalize_name
from pcmt.geo.models import AdminUnit, UnitLevel, Village, VillageKind


@transaction.atomic
def village_add(*, actor: Any, commune: AdminUnit, name: str, kind: str) -> Village:
    """Add a village or residential group to a commune; names are unique per commune."""
    if commune.level != UnitLevel.COMMUNE:
        raise DomainError("not_a_commune", _("Villages belong to a commune."))
    if kind not in VillageKind.values:
        raise DomainError("village_kind", _("Choose the kind of village."), "kind")
    clean = normalize_name(name)
    if not clean:
        raise DomainError("village_name", _("Enter the name."), "name")
    if Village.objects.filter(commune=commune, name_folded=fold(clean)).exists():
        raise DomainError(
            "village_exists", _("This commune already has a village with that name."), "name"
        )
    return Village.objects.create(
        commune=commune, name=clean, name_folded=fold(clean), kind=kind, created_by=actor
    )
