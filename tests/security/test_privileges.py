import pytest
from django.db import IntegrityError, transaction

from pcmt.accounts.models import Agency, AgencyKind, DataRole, User
from pcmt.audit.models import Event
from pcmt.core.errors import DomainError
from pcmt.notifications.models import Notification
from pcmt.security.models import (
    PrivilegeRequest,
    RequestStatus,
    SecurityEventKind,
    SecurityOfficer,
)
from pcmt.security.services import (
    privilege_request_approve,
    privilege_request_refuse,
    privileges_change,
    privileges_of,
)


def _grant(actor, user, **new):
    return privileges_change(actor=actor, user=user, new={**privileges_of(user), **new})


def test_an_administrator_cannot_give_himself_a_data_role(ada, alice):
    with pytest.raises(DomainError) as error:
        _grant(ada, ada, agency=alice.agency_id, data_role=DataRole.SUPERVISOR)
    assert error.value.code == "privileges_own_account"
    ada.refresh_from_db()
    assert ada.data_role == DataRole.NONE and ada.agency is None


def test_an_administrator_cannot_make_himself_superuser(ada):
    with pytest.raises(DomainError):
        _grant(ada, ada, is_superuser=True)


def test_granting_a_data_role_waits_for_a_second_administrator(ada, olga, alice):
    request = _grant(ada, olga, agency=alice.agency_id, data_role=DataRole.OFFICER)
    olga.refresh_from_db()
    assert request is not None and request.status == RequestStatus.PENDING
    assert olga.data_role == DataRole.NONE
    assert request.changes == {
        "agency": [None, alice.agency_id],
        "data_role": ["none", "officer"],
    }
    event = Event.objects.get(stream="user", action=SecurityEventKind.PRIVILEGE_REQUESTED)
    assert (
        event.actor == ada and event.subject_id == olga.pk and event.note == f"request:{request.pk}"
    )


def test_the_requester_cannot_approve_his_own_request(ada, olga, alice):
    request = _grant(ada, olga, agency=alice.agency_id, data_role=DataRole.OFFICER)
    with pytest.raises(DomainError) as error:
        privilege_request_approve(actor=ada, request=request)
    assert error.value.code == "privileges_four_eyes"


def test_the_user_concerned_cannot_approve_his_own_request(ada, ben, sue):
    request = _grant(ada, ben, is_superuser=True)
    with pytest.raises(DomainError):
        privilege_request_approve(actor=ben, request=request)


def test_a_second_administrator_approves_and_the_change_applies(ada, ben, olga, alice):
    request = _grant(ada, olga, agency=alice.agency_id, data_role=DataRole.OFFICER)
    privilege_request_approve(actor=ben, request=request, note="đúng quyết định")
    olga.refresh_from_db()
    request.refresh_from_db()
    assert olga.data_role == DataRole.OFFICER and olga.agency_id == alice.agency_id
    assert request.status == RequestStatus.APPROVED and request.decided_by == ben
    kinds = list(
        Event.objects.filter(stream="user").order_by("pk").values_list("action", flat=True)
    )
    assert kinds == [SecurityEventKind.PRIVILEGE_REQUESTED, SecurityEventKind.PRIVILEGE_APPROVED]


def test_a_refused_request_changes_nothing_and_is_recorded(ada, ben, olga):
    request = _grant(ada, olga, is_staff=True)
    privilege_request_refuse(actor=ben, request=request, note="không cần")
    olga.refresh_from_db()
    assert not olga.is_staff
    assert Event.objects.filter(
        stream="user", action=SecurityEventKind.PRIVILEGE_REFUSED, actor=ben, subject_id=olga.pk
    ).exists()
    with pytest.raises(DomainError) as error:
        privilege_request_approve(actor=ben, request=request)
    assert error.value.code == "privileges_already_decided"


def test_a_province_level_agency_needs_approval_even_without_a_data_role(ada, olga, sam):
    request = _grant(ada, olga, agency=sam.agency_id)
    assert request is not None
    olga.refresh_from_db()
    assert olga.agency is None


def test_a_commune_agency_without_data_role_applies_at_once(ada, olga, alice):
    assert _grant(ada, olga, agency=alice.agency_id) is None
    olga.refresh_from_db()
    assert olga.agency_id == alice.agency_id


def test_withdrawing_a_role_applies_at_once_and_is_recorded(ada, alice):
    assert _grant(ada, alice, data_role=DataRole.NONE) is None
    alice.refresh_from_db()
    assert alice.data_role == DataRole.NONE
    event = Event.objects.get(stream="user", action=SecurityEventKind.PRIVILEGE_REVOKED)
    assert event.changes == {"data_role": ["officer", "none"]}


def test_only_a_superuser_approves_a_new_superuser(ada, ben, sue, olga):
    request = _grant(ada, olga, is_superuser=True)
    with pytest.raises(DomainError) as error:
        privilege_request_approve(actor=ben, request=request)
    assert error.value.code == "privileges_superuser_only"
    privilege_request_approve(actor=sue, request=request)
    olga.refresh_from_db()
    assert olga.is_superuser


def test_a_user_who_changed_meanwhile_makes_the_request_stale(ada, ben, sue, olga, alice):
    request = _grant(ada, olga, agency=alice.agency_id, data_role=DataRole.OFFICER)
    User.objects.filter(pk=olga.pk).update(is_active=True, agency=alice.agency)
    with pytest.raises(DomainError) as error:
        privilege_request_approve(actor=ben, request=request)
    assert error.value.code == "privileges_stale"


def test_one_pending_request_per_user(ada, olga):
    _grant(ada, olga, is_staff=True)
    with pytest.raises(DomainError) as error:
        _grant(ada, olga, is_superuser=True)
    assert error.value.code == "privileges_request_pending"


def test_a_non_administrator_cannot_request(alice, olga):
    from pcmt.core.errors import NotFound

    with pytest.raises(NotFound):
        _grant(alice, olga, is_staff=True)


def test_the_security_officer_of_the_province_is_told(ada, ben, olga, alice, sol):
    request = _grant(ada, olga, agency=alice.agency_id, data_role=DataRole.OFFICER)
    privilege_request_approve(actor=ben, request=request)
    messages = list(Notification.objects.filter(user=sol).values_list("message", flat=True))
    assert len(messages) == 2
    assert all("olga" in message for message in messages)


def test_a_security_officer_of_another_province_is_not_told(
    ada, olga, alice, other_province_commune
):
    other = Agency.objects.create(
        unit=other_province_commune, name="CA", kind=AgencyKind.COMMUNE_POLICE
    )
    stranger = User.objects.create(username="stranger", agency=other)
    SecurityOfficer.objects.create(user=stranger)
    _grant(ada, olga, agency=alice.agency_id, data_role=DataRole.OFFICER)
    assert not Notification.objects.filter(user=stranger).exists()


def test_the_other_administrators_are_asked_to_decide(ada, ben, olga):
    _grant(ada, olga, is_staff=True)
    assert Notification.objects.filter(user=ben).exists()
    assert not Notification.objects.filter(user=ada).exists()


def test_the_database_refuses_a_request_decided_by_its_requester(ada, olga):
    request = _grant(ada, olga, is_staff=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        PrivilegeRequest.objects.filter(pk=request.pk).update(
            status=RequestStatus.APPROVED, decided_by=ada
        )


def test_the_database_refuses_a_request_for_oneself(ada):
    with pytest.raises(IntegrityError), transaction.atomic():
        PrivilegeRequest.objects.create(user=ada, requested_by=ada, changes={})


def test_granting_security_officer_waits_for_approval(ada, ben, olga):
    request = _grant(ada, olga, is_security_officer=True)
    assert not SecurityOfficer.objects.filter(user=olga).exists()
    privilege_request_approve(actor=ben, request=request)
    assert SecurityOfficer.objects.filter(user=olga).exists()
