import datetime

import pytest
from rest_framework.test import APIClient

from pcmt.casework.models import SubstitutionTherapy
from pcmt.casework.services import therapy_start, therapy_stop
from pcmt.core.errors import DomainError, NotFound
from pcmt.persons.models import CategoryPeriod
from tests.tokens import api_token

D = datetime.date


def test_starting_therapy_opens_the_category_and_stopping_closes_it(alice, person_a):
    therapy = therapy_start(
        actor=alice, person=person_a, clinic="Cơ sở methadone Ba Đình", started_on=D(2025, 3, 1)
    )
    period = CategoryPeriod.objects.get(person=person_a, category="substitution_therapy")
    assert period.start_date == D(2025, 3, 1) and period.end_date is None
    therapy_stop(actor=alice, therapy=therapy, stopped_on=D(2025, 9, 1), reason="completed")
    period.refresh_from_db()
    assert period.end_date == D(2025, 9, 1)


def test_one_therapy_at_a_time_and_a_stop_needs_a_reason_after_the_start(alice, person_a):
    therapy = therapy_start(actor=alice, person=person_a, clinic="A", started_on=D(2025, 3, 1))
    with pytest.raises(DomainError) as caught:
        therapy_start(actor=alice, person=person_a, clinic="B", started_on=D(2025, 4, 1))
    assert caught.value.code == "illegal_transition"
    with pytest.raises(DomainError) as caught:
        therapy_stop(actor=alice, therapy=therapy, stopped_on=D(2025, 2, 1), reason="left")
    assert caught.value.code == "date_before_previous_step"
    with pytest.raises(DomainError) as caught:
        therapy_stop(actor=alice, therapy=therapy, stopped_on=D(2025, 5, 1), reason="bored")
    assert caught.value.code == "stop_reason_required"


def test_another_commune_cannot_start_therapy(bob, person_a):
    with pytest.raises(NotFound):
        therapy_start(actor=bob, person=person_a, clinic="A", started_on=D(2025, 3, 1))


def test_therapy_through_the_api(alice, person_a):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(alice)}")
    started = api.post(
        f"/api/v1/persons/{person_a.pk}/therapies/",
        {"clinic": "Cơ sở methadone", "started_on": "01/03/2025"},
        format="json",
    )
    assert started.status_code == 201
    stopped = api.post(
        f"/api/v1/therapies/{started.json()['id']}/stop/",
        {"stopped_on": "01/09/2025", "reason": "completed"},
        format="json",
    )
    assert stopped.json()["stop_reason"] == "completed"
    assert SubstitutionTherapy.objects.get().stopped_on == D(2025, 9, 1)
