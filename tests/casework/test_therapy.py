import datetime

import pytest
from rest_framework.test import APIClient

from pcmt.casework.models import SubstitutionTherapy
from pcmt.casework.services import therapy_start, therapy_stop
from pcmt.core.errors import DomainError, NotFound
from pcmt.persons.models import CategoryPeriod, EventAction
from pcmt.rehab.models import PostRehab, PostRehabStatus
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


def _therapy_done(actor, person, started_on, stopped_on, reason):
    therapy = therapy_start(actor=actor, person=person, clinic="Cơ sở A", started_on=started_on)
    therapy_stop(actor=actor, therapy=therapy, stopped_on=stopped_on, reason=reason)
    return therapy


@pytest.mark.parametrize(
    ("stopped_on", "planned_end", "law"),
    [
        (D(2025, 9, 1), D(2026, 9, 1), "law_73_2021"),
        (D(2026, 7, 15), D(2027, 7, 15), "law_120_2025"),
    ],
)
def test_completing_therapy_opens_post_rehab_for_a_year(
    alice, person_a, stopped_on, planned_end, law
):
    # Law 73/2021 art. 40: 1 year after completing substitution therapy; kept under Law 120.
    therapy = _therapy_done(alice, person_a, D(2025, 3, 1), stopped_on, "completed")
    post = PostRehab.objects.get(person=person_a)
    assert post.therapy == therapy and post.episode is None
    assert post.status == PostRehabStatus.ACTIVE
    assert (post.started_on, post.planned_end, post.law_code) == (stopped_on, planned_end, law)
    opened = person_a.events.get(action=EventAction.POST_REHAB_OPENED)
    assert opened.changes["planned_end"] == [None, planned_end.isoformat()]
    period = CategoryPeriod.objects.get(person=person_a, category="post_rehab")
    assert period.start_date == stopped_on and period.end_date is None


@pytest.mark.parametrize("reason", ["left", "expelled", "moved", "prison", "death"])
def test_stopping_therapy_for_another_reason_opens_no_post_rehab(alice, person_a, reason):
    _therapy_done(alice, person_a, D(2025, 3, 1), D(2025, 9, 1), reason)
    assert not PostRehab.objects.filter(person=person_a).exists()
    assert not person_a.events.filter(action=EventAction.POST_REHAB_OPENED).exists()


def test_post_rehab_needs_exactly_one_of_a_rehab_and_a_therapy(alice, person_a):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        PostRehab.objects.create(
            person=person_a,
            status=PostRehabStatus.ACTIVE,
            law_code="law_73_2021",
            started_on=D(2025, 9, 1),
            planned_end=D(2026, 9, 1),
        )


def test_a_completed_therapy_through_the_api_shows_its_post_rehab(alice, person_a):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(alice)}")
    started = api.post(
        f"/api/v1/persons/{person_a.pk}/therapies/",
        {"clinic": "Cơ sở methadone", "started_on": "01/03/2025"},
        format="json",
    )
    api.post(
        f"/api/v1/therapies/{started.json()['id']}/stop/",
        {"stopped_on": "01/09/2025", "reason": "completed"},
        format="json",
    )
    post = PostRehab.objects.get(person=person_a)
    shown = api.get(f"/api/v1/post-rehab/{post.pk}/").json()
    assert shown["therapy"] == started.json()["id"] and shown["episode"] is None
    assert shown["planned_end"] == "2026-09-01"
    assert shown["citation"] == "Law 73/2021/QH14 art. 40"


def test_a_person_already_under_post_rehab_gets_no_second_one(alice, person_a):
    _therapy_done(alice, person_a, D(2025, 3, 1), D(2025, 9, 1), "completed")
    _therapy_done(alice, person_a, D(2025, 10, 1), D(2026, 1, 5), "completed")
    post = PostRehab.objects.get(person=person_a)
    assert post.planned_end == D(2026, 9, 1)
