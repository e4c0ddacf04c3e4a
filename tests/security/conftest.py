"""Administrators for the four-eyes tests: ada asks, ben approves, sue is a superuser, and
sol is the province's security officer."""

from typing import Any

import pytest

from pcmt.accounts.models import AgencyKind, DataRole, User
from pcmt.security.models import SecurityOfficer
from tests.conftest import make_user


@pytest.fixture
def ada(db: Any) -> User:
    return User.objects.create_user("ada", password="Correct-Horse-42", is_staff=True)


@pytest.fixture
def ben(db: Any) -> User:
    return User.objects.create_user("ben", password="Correct-Horse-42", is_staff=True)


@pytest.fixture
def sue(db: Any) -> User:
    return User.objects.create_superuser("sue", password="Correct-Horse-42")


@pytest.fixture
def sol(province: Any) -> User:
    user = make_user("sol", province, AgencyKind.PROVINCIAL_DRUG_UNIT, DataRole.NONE)
    SecurityOfficer.objects.create(user=user)
    return user
