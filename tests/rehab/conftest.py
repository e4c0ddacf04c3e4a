"""Rehab fixtures: a frozen "today" (services refuse future dates) and scenario helpers."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from pcmt.rehab.models import RehabEpisode
from pcmt.rehab.services import (
    compulsory_admit,
    compulsory_dossier_open,
    court_decision_record,
    dossier_document_receive,
    dossier_send_to_court,
    required_documents,
)

D = datetime.date


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime.date], None]:
    """Freeze the day the services take as today; 31/12/2030 unless a test sets another."""

    def freeze(day: datetime.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    freeze(D(2030, 12, 31))
    return freeze


@pytest.fixture
def to_court(alice: Any, today: Any) -> Callable[..., RehabEpisode]:
    """Open a compulsory dossier on `opened_on`, receive every document, send it next day."""

    def _to_court(person: Any, opened_on: datetime.date) -> RehabEpisode:
        episode = compulsory_dossier_open(actor=alice, person=person, opened_on=opened_on)
        for code in required_documents(episode):
            dossier_document_receive(
                actor=alice, episode=episode, document=code, received_on=opened_on
            )
        return dossier_send_to_court(
            actor=alice, episode=episode, sent_on=opened_on + datetime.timedelta(days=1)
        )

    return _to_court


@pytest.fixture
def admitted(alice: Any, to_court: Any) -> Callable[..., RehabEpisode]:
    """A compulsory episode decided on `decided_on` and admitted the same day."""

    def _admitted(
        person: Any, decided_on: datetime.date, months: int | None = None
    ) -> RehabEpisode:
        episode = to_court(person, decided_on - datetime.timedelta(days=10))
        court_decision_record(
            actor=alice,
            episode=episode,
            court="TAND khu vực 1",
            number="12/QĐ-TA",
            decided_on=decided_on,
            months=months,
        )
        return compulsory_admit(
            actor=alice, episode=episode, admitted_on=decided_on, facility="Cơ sở cai nghiện số 1"
        )

    return _admitted


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read the messages in their English source; pages default to English too."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
