"""Units of Hà Nội and Hồ Chí Minh City (with their pre-2025 units), loaded once per module."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from pcmt.geo.loader import LoadReport, units_load

PROVINCES = ["01", "79"]


@pytest.fixture(scope="module")
def units(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    """Load once for the module inside a transaction that is rolled back after it.

    Each test still runs in its own savepoint (the `db` fixture), so tests may write freely;
    other test modules never see these units.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        report = units_load(provinces=PROVINCES)
        yield report
        transaction.set_rollback(True)


@pytest.fixture
def loaded(units: LoadReport, db: Any) -> LoadReport:
    """The loaded units, for a test with database access."""
    return units
