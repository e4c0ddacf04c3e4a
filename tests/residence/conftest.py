"""Personas and helpers of the residence tests: a third commune, another province, a clock."""

import datetime
import zoneinfo
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from pcmt.accounts.models import AgencyKind, DataRole, User
from pcmt.geo.models import AdminUnit
from tests.conftest import make_unit, make_user

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, month: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime.datetime:
    """A local (Vietnam) time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=VN)


@pytest.fixture
def commune_c(province: AdminUnit) -> AdminUnit:
    return make_unit("00025", "Phú Thượng", province)


@pytest.fixture
def carol(commune_c: AdminUnit) -> User:
    """Officer of a third commune of the same province: reaches nothing of A's or B's."""
    return make_user("carol", commune_c, AgencyKind.COMMUNE_POLICE, DataRole.OFFICER)


@pytest.fixture
def dan(other_province_commune: AdminUnit) -> User:
    """Officer of a commune in another province."""
    return make_user("dan", other_province_commune, AgencyKind.COMMUNE_POLICE, DataRole.OFFICER)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime.datetime], None]:
    """Set what `timezone.now()` returns for the rest of the test."""

    def _set(moment: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return _set


@pytest.fixture
def move_of(alice: User, person_a: Any) -> Callable[..., Any]:
    """Record a move of person_a by alice (to commune B unless told otherwise)."""
    from pcmt.residence.services import move_record

    def _move(to: AdminUnit, day: datetime.date, time: datetime.time | None = None, **kw: Any):
        return move_record(
            actor=kw.pop("actor", alice),
            person=kw.pop("person", person_a),
            to_commune=to,
            moved_on=day,
            moved_time=time,
            new_address=kw.pop("new_address", "5 Hoàng Hoa Thám"),
        )

    return _move


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read the messages in their English source; pages default to English too."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
