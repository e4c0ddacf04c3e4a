"""Population fixtures: an administrator beside the shared personas, a figure of commune A."""

import datetime
from typing import Any

import pytest

from pcmt.accounts.models import DataRole, User
from pcmt.geo.models import AdminUnit, Village, VillageKind
from pcmt.population.models import PopulationFigure
from tests.conftest import make_user


@pytest.fixture
def admin_user(db: Any) -> User:
    user = make_user("quantri", None, "", DataRole.NONE)
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def village_a(commune_a: AdminUnit) -> Village:
    return Village.objects.create(
        commune=commune_a, name="Tổ 1", name_folded="to 1", kind=VillageKind.RESIDENTIAL_GROUP
    )


@pytest.fixture
def figure_a(commune_a: AdminUnit) -> PopulationFigure:
    return PopulationFigure.objects.create(
        commune=commune_a,
        year=2024,
        residents=64000,
        as_of=datetime.date(2024, 12, 31),
        source="Chi cục Thống kê",
    )
