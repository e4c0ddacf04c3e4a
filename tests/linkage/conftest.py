"""Linkage fixtures: a resolver that needs no database, and Hà Nội's units for the command."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from pcmt.geo.loader import LoadReport, units_load
from pcmt.linkage.normalize import NO_COMMUNE, Commune

# Folded commune names of the fake resolver → (2025 commune code, province code).
FAKE_COMMUNES = {
    "cua nam": "00082",
    "ngoc ha": "00008",
    "hoan kiem": "00070",
    "ba dinh": "00004",
    "tay ho": "00091",
    "long bien": "00145",
    "dong da": "00229",
}


def fake_resolver(key: str) -> Commune:
    """Resolve a folded address key by the commune name it contains."""
    for name, code in FAKE_COMMUNES.items():
        if name in key:
            return Commune(code, "01")
    return NO_COMMUNE


@pytest.fixture(scope="module")
def hanoi_units(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    """Hà Nội's 2025 and pre-2025 units, loaded once for the module and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = units_load(provinces=["01"])
        yield report
        transaction.set_rollback(True)
