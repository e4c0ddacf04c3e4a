"""Capabilities by agency kind: health and social services record care, not police acts."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from pcmt.accounts.capabilities import CAPABILITIES, Capability, has_capability
from pcmt.accounts.models import AgencyKind, DataRole
from pcmt.casework.services import therapy_start
from pcmt.core.errors import DomainError
from pcmt.lifecycle.declarations import REGISTRY
from pcmt.persons.services import person_merge
from pcmt.rehab.services import rehab_end_early, rehab_register, rehab_start
from pcmt.residence.services import move_accept, move_notify, move_record
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def sofia(province: Any) -> Any:
    """Officer of the provincial social-services department."""
    return make_user("sofia", province, AgencyKind.SOCIAL_SERVICES, DataRole.OFFICER)


@pytest.fixture
def steve(province: Any) -> Any:
    """An officer of the steering committee: coordinates, records nothing."""
    return make_user("steve", province, AgencyKind.STEERING_COMMITTEE, DataRole.OFFICER)


def test_every_agency_kind_has_a_row_of_the_table():
    assert set(CAPABILITIES) == set(AgencyKind.values)


@pytest.mark.parametrize(
    ("persona", "capability", "allowed"),
    [
        ("alice", Capability.PERSON_MERGE, True),
        ("alice", Capability.MOVE_ACCEPT, True),
        ("alice", Capability.REHAB_END_DEATH, True),
        ("sam", Capability.PERSON_MERGE, True),
        ("hana", Capability.THERAPY_RECORD, True),
        ("hana", Capability.DETERMINATION_RECORD, True),
        ("hana", Capability.SERVICE_RECORD, True),
        ("hana", Capability.PERSON_MERGE, False),
        ("hana", Capability.MOVE_ACCEPT, False),
        ("hana", Capability.REHAB_END_DEATH, False),
        ("sofia", Capability.SERVICE_RECORD, True),
        ("sofia", Capability.PERSON_MERGE, False),
        ("steve", Capability.THERAPY_RECORD, False),
        ("olga", Capability.THERAPY_RECORD, False),
    ],
)
def test_the_table_per_persona(persona, capability, allowed, request):
    assert has_capability(request.getfixturevalue(persona), capability) is allowed


def test_health_staff_do_not_merge_police_records(hana, alice, person_a, register):
    other = register(full_name="Trần Văn Bình", birth_year=1988)
    with pytest.raises(DomainError) as error:
        person_merge(actor=hana, person=other, into=person_a)
    assert error.value.code == "capability_missing"
    assert person_merge(actor=alice, person=other, into=person_a).merged_into_id == person_a.pk


def test_the_merge_page_and_api_refuse_health_staff(client, hana, person_a, register):
    other = register(full_name="Trần Văn Bình", birth_year=1988)
    client.force_login(hana)
    page = client.get(reverse("person_detail", args=[other.pk])).content.decode()
    assert 'id="merge-submit"' not in page
    client.post(reverse("person_merge", args=[other.pk]), {"into": person_a.pk})
    other.refresh_from_db()
    assert other.merged_into_id is None
    response = client.post(
        f"/api/v1/persons/{other.pk}/merge/", {"into": person_a.pk}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["code"] == "capability_missing"


def test_police_see_the_merge_form(client, alice, person_a):
    client.force_login(alice)
    assert (
        'id="merge-submit"'
        in client.get(reverse("person_detail", args=[person_a.pk])).content.decode()
    )


def test_health_staff_do_not_end_a_rehab_for_a_death(hana, alice, person_a):
    episode = rehab_register(
        actor=alice, person=person_a, kind="voluntary_home", registered_on=D(2026, 7, 1)
    )
    rehab_start(actor=alice, episode=episode, started_on=D(2026, 7, 2))
    with pytest.raises(DomainError) as error:
        rehab_end_early(actor=hana, episode=episode, ended_on=D(2026, 8, 1), reason="death")
    assert error.value.code == "capability_missing"
    ended = rehab_end_early(
        actor=hana, episode=episode, ended_on=D(2026, 8, 1), reason="stopped_by_person"
    )
    assert ended.status == "ended_early"


def test_health_staff_do_not_take_a_record_over(hana, bob, alice, person_a, commune_b):
    move = move_record(
        actor=alice,
        person=person_a,
        to_commune=commune_b,
        moved_on=D(2026, 7, 1),
        new_address="12 Hoàng Diệu",
    )
    move_notify(actor=alice, move=move)
    with pytest.raises(DomainError) as error:
        move_accept(actor=hana, move=move, reported_on=D(2026, 7, 1))
    assert error.value.code == "capability_missing"
    assert move_accept(actor=bob, move=move, reported_on=D(2026, 7, 1)).status == "accepted"


def test_health_staff_record_therapy_and_the_steering_committee_does_not(hana, steve, person_a):
    assert therapy_start(
        actor=hana, person=person_a, clinic="Cơ sở methadone", started_on=D(2026, 7, 1)
    )
    with pytest.raises(DomainError) as error:
        therapy_start(actor=steve, person=person_a, clinic="X", started_on=D(2026, 7, 2))
    assert error.value.code == "capability_missing"


@pytest.mark.parametrize(
    ("lifecycle", "transition", "capability"),
    [
        ("rehab", "rehab_end_early", Capability.REHAB_END_DEATH),
        ("residence_move", "move_accept", Capability.MOVE_ACCEPT),
        ("substitution_therapy", "therapy_start", Capability.THERAPY_RECORD),
        ("addiction_determination", "determination_record", Capability.DETERMINATION_RECORD),
        ("service_received", "service_record", Capability.SERVICE_RECORD),
    ],
)
def test_the_lifecycles_declare_the_capability_guard(lifecycle, transition, capability):
    guards = REGISTRY[lifecycle].transition(transition).guards
    assert any(str(capability.label) in str(guard.describe) for guard in guards)
