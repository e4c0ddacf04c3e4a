"""Outreach fixtures: the tests live on 31/12/2030 (services refuse future dates)."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from pcmt.outreach.models import SchoolLevel, Topic
from pcmt.outreach.services import OutreachInput, outreach_record, school_add
from tests.places.conftest import pc04, village_of

__all__ = ["pc04", "village_of"]

D = datetime.date


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2030, 12, 31))


@pytest.fixture
def school_of(alice: Any, commune_a: Any) -> Callable[..., Any]:
    def _make(name: str, commune: Any = None, actor: Any = None) -> Any:
        return school_add(
            actor=actor or alice,
            commune=commune or commune_a,
            name=name,
            level=SchoolLevel.LOWER_SECONDARY,
        )

    return _make


@pytest.fixture
def held(alice: Any, commune_a: Any) -> Callable[..., Any]:
    """An activity of commune A on a day, reaching the given units."""

    def _make(day: datetime.date, actor: Any = None, commune: Any = None, **targets: Any) -> Any:
        return outreach_record(
            actor=actor or alice,
            data=OutreachInput(
                commune=commune or commune_a,
                held_on=day,
                organiser="Công an phường",
                audience=120,
                topics=[Topic.E_CIGARETTES, Topic.LAUGHING_GAS],
                **targets,
            ),
        )

    return _make
