"""Fixtures of the documents tests: a private root per test, a decided management, a request."""

import datetime

import pytest

from pcmt.casework.models import UserManagement
from pcmt.casework.services import (
    determination_request,
    determination_require,
    drug_test_record,
    management_decision_issue,
)


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Scans of each test go to their own folder."""
    settings.PCMT_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PCMT_PRIVATE_MEDIA_ROOT


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def management(person_a, alice):
    """Commune A's person, tested positive, awaiting the chairman's decision."""
    drug_test_record(
        actor=alice,
        person=person_a,
        tested_on=datetime.date(2025, 10, 16),
        place="Trụ sở Công an phường",
        result="positive",
        tested_by="Cán bộ Lê Văn Tâm",
        substances="methamphetamine",
    )
    return UserManagement.objects.get(person=person_a)


@pytest.fixture
def decided(management, alice):
    return management_decision_issue(
        actor=alice,
        management=management,
        number="15",
        decision_date=datetime.date(2025, 10, 20),
        signer="Nguyễn Thị Hằng",
    )


@pytest.fixture
def requested(person_a, alice):
    determination = determination_require(
        actor=alice,
        person=person_a,
        trigger="voluntary_request",
        required_on=datetime.date(2025, 10, 21),
    )
    return determination_request(
        actor=alice,
        determination=determination,
        facility="Bệnh viện Đa khoa Đống Đa",
        requested_on=datetime.date(2025, 10, 22),
    )


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """These tests read the messages in their English source; pages default to English too."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
