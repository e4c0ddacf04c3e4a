"""Plans fixtures: rows built with known dates, so each indicator has a known answer."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from pcmt.accounts.models import AgencyKind, DataRole
from pcmt.accounts.scope import scope_for
from pcmt.persons.services import person_category_add
from pcmt.plans.indicators import Period, indicator_get
from pcmt.rehab.models import PostRehab, RehabEpisode
from tests.conftest import make_user
from tests.places.conftest import make_business, make_hotspot, make_key_area, village_of

__all__ = ["make_business", "make_hotspot", "make_key_area", "village_of"]

D = datetime.date


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Services refuse future dates: the tests live on 31/12/2030."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2030, 12, 31))


@pytest.fixture
def pc04(province: Any) -> Any:
    """Officer of the provincial drug unit: writes the province's plans."""
    return make_user("pc04", province, AgencyKind.PROVINCIAL_DRUG_UNIT, DataRole.OFFICER)


@pytest.fixture
def in_category(alice: Any) -> Callable[..., Any]:
    def _add(person: Any, category: str, start: datetime.date, actor: Any = None) -> Any:
        return person_category_add(
            actor=actor or alice, person=person, category=category, start_date=start
        )

    return _add


@pytest.fixture
def episode() -> Callable[..., RehabEpisode]:
    """A rehab episode with the given dates (the indicators read dates, not the lifecycle)."""

    def _make(person: Any, kind: str = "voluntary_facility", **fields: Any) -> RehabEpisode:
        values: dict[str, Any] = {"status": "registered", "opened_on": D(2024, 1, 1)}
        if kind == "compulsory":
            values.update(status="dossier", dossier_due=D(2024, 1, 8))
        values.update(fields)
        return RehabEpisode.objects.create(person=person, kind=kind, **values)

    return _make


@pytest.fixture
def completed(episode: Any) -> Callable[..., RehabEpisode]:
    def _make(person: Any, ended_on: datetime.date) -> RehabEpisode:
        return episode(
            person,
            status="completed",
            end_reason="completed",
            started_on=ended_on - datetime.timedelta(days=200),
            planned_end=ended_on,
            ended_on=ended_on,
        )

    return _make


@pytest.fixture
def post_rehab() -> Callable[..., PostRehab]:
    def _make(episode: RehabEpisode, started_on: datetime.date) -> PostRehab:
        return PostRehab.objects.create(
            person=episode.person,
            episode=episode,
            status="active",
            law_code="law_2021",
            started_on=started_on,
            planned_end=started_on + datetime.timedelta(days=365),
        )

    return _make


@pytest.fixture
def compute() -> Callable[..., Any]:
    """An indicator's result for a user's scope over a period."""

    def _compute(key: str, user: Any, start: datetime.date, end: datetime.date) -> Any:
        indicator = indicator_get(key)
        assert indicator is not None
        return indicator.compute(scope_for(user), Period(start, end))

    return _compute
