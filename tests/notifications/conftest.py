from typing import Any

import pytest
from django.urls import reverse

from pcmt.accounts.models import AgencyKind, DataRole, User
from pcmt.notifications.messages import Message
from pcmt.notifications.services import notify
from tests.conftest import make_user


@pytest.fixture
def carl(commune_a: Any) -> User:
    """A second officer of commune A."""
    return make_user("carl", commune_a, AgencyKind.COMMUNE_POLICE, DataRole.OFFICER)


@pytest.fixture
def person_url(person_a: Any) -> str:
    return reverse("person_detail", kwargs={"pk": person_a.pk})


@pytest.fixture
def notice(alice: User, person_a: Any, person_url: str) -> Any:
    """One unread notification of alice, pointing at her person's page."""
    [created] = notify(
        [alice], Message("Decision due for Trần Văn Bình"), url=person_url, person=person_a
    )
    return created
