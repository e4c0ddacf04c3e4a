"""Shared fixtures: a small province, agencies, and the access personas.

Personas: officer of commune A (alice), officer of commune B (bob), a provincial supervisor
(sam), a health-department user (hana), an analyst (ann), and an outsider (olga) with no agency.
"""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.db.backends.signals import connection_created

from pcmt.accounts.models import Agency, AgencyKind, DataRole, User
from pcmt.core.text import fold
from pcmt.geo.models import AdminUnit, DivisionType, UnitLevel
from pcmt.persons.services import PersonInput, person_category_add, person_register

PASSWORD = "Correct-Horse-42"
_HASH = make_password(PASSWORD)


def _test_database_reset_allowed(sender: Any, connection: Any, **kwargs: Any) -> None:
    """The flush between transactional tests empties the append-only event table."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET pcmt.test_database_reset = 'on'")


connection_created.connect(_test_database_reset_allowed, dispatch_uid="pcmt_test_reset")


def make_unit(code: str, name: str, parent: AdminUnit | None = None) -> AdminUnit:
    unit, _ = AdminUnit.objects.get_or_create(
        code=code,
        defaults={
            "level": UnitLevel.COMMUNE if parent else UnitLevel.PROVINCE,
            "division_type": DivisionType.WARD if parent else DivisionType.MUNICIPALITY,
            "name": name,
            "name_folded": fold(name),
            "parent": parent,
            "province_code": parent.code if parent else code,
        },
    )
    return unit


@pytest.fixture
def province(db: Any) -> AdminUnit:
    return make_unit("01", "Hà Nội")


@pytest.fixture
def commune_a(province: AdminUnit) -> AdminUnit:
    return make_unit("00004", "Ba Đình", province)


@pytest.fixture
def commune_b(province: AdminUnit) -> AdminUnit:
    return make_unit("00008", "Ngọc Hà", province)


@pytest.fixture
def other_province_commune(db: Any) -> AdminUnit:
    hcm = make_unit("79", "Hồ Chí Minh")
    return make_unit("26734", "Sài Gòn", hcm)


def make_user(username: str, unit: AdminUnit | None, kind: str, role: str) -> User:
    agency = None
    if unit is not None:
        agency, _ = Agency.objects.get_or_create(
            unit=unit, name=f"{kind} {unit.name}", defaults={"kind": kind}
        )
    return User.objects.create(username=username, password=_HASH, agency=agency, data_role=role)


@pytest.fixture
def alice(commune_a: AdminUnit) -> User:
    """Officer of commune A."""
    return make_user("alice", commune_a, AgencyKind.COMMUNE_POLICE, DataRole.OFFICER)


@pytest.fixture
def bob(commune_b: AdminUnit) -> User:
    """Officer of commune B."""
    return make_user("bob", commune_b, AgencyKind.COMMUNE_POLICE, DataRole.OFFICER)


@pytest.fixture
def sam(province: AdminUnit) -> User:
    """Supervisor at the provincial drug unit."""
    return make_user("sam", province, AgencyKind.PROVINCIAL_DRUG_UNIT, DataRole.SUPERVISOR)


@pytest.fixture
def hana(province: AdminUnit) -> User:
    """Officer of the provincial health department."""
    return make_user("hana", province, AgencyKind.HEALTH_DEPARTMENT, DataRole.OFFICER)


@pytest.fixture
def ann(province: AdminUnit) -> User:
    """Analyst: aggregates only."""
    return make_user("ann", province, AgencyKind.STEERING_COMMITTEE, DataRole.ANALYST)


@pytest.fixture
def nina(province: AdminUnit) -> User:
    """Analyst of the Ministry's drug police department (seated in the province): the
    national level, reports and aggregates only."""
    return make_user("nina", province, AgencyKind.NATIONAL_DRUG_DEPARTMENT, DataRole.ANALYST)


@pytest.fixture
def olga(db: Any) -> User:
    """Outsider: a user with no agency and no data role."""
    return make_user("olga", None, "", DataRole.NONE)


@pytest.fixture
def register(alice: User) -> Callable[..., Any]:
    """Register a person through the service, by alice unless another actor is given."""

    def _register(actor: User | None = None, **overrides: Any) -> Any:
        actor = actor or alice
        assert actor.agency is not None
        fields: dict[str, Any] = {
            "full_name": "Nguyễn Văn Hùng",
            "birth_year": 1990,
            "sex": "male",
            "current_commune": actor.agency.unit,
        }
        fields.update(overrides)
        return person_register(actor=actor, data=PersonInput(**fields), acknowledge_duplicates=True)

    return _register


@pytest.fixture
def person_a(register: Callable[..., Any], alice: User) -> Any:
    """A person managed by commune A, with an open category."""
    person = register(
        full_name="Trần Văn Bình",
        birth_date=datetime.date(1988, 3, 4),
        birth_year=None,
        id_number="001088012345",
        phone="0912345678",
    )
    person_category_add(
        actor=alice,
        person=person,
        category="drug_user",
        start_date=datetime.date(2025, 1, 10),
        reason="Test dương tính",
    )
    return person


@pytest.fixture
def person_b(register: Callable[..., Any], bob: User) -> Any:
    """A person managed by commune B."""
    return register(actor=bob, full_name="Lê Thị Cúc", sex="female", birth_year=1995)


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Each test starts with an empty cache: keys built from database ids must not carry over
    from another test's database."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Each test starts in the site's language: a request or a test that switched to English
    must not leave the next test (whichever worker runs it) reading English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
