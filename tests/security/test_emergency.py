"""Break-the-glass: one person outside the jurisdiction, read-only, for a few hours, reviewed."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from pcmt.accounts.models import AgencyKind, DataRole
from pcmt.accounts.scope import scope_for
from pcmt.audit.models import Event
from pcmt.core.errors import DomainError, NotFound
from pcmt.notifications.models import Notification
from pcmt.persons.models import PERSON_STREAM, READ_ACTION, Person
from pcmt.persons.services import person_category_add
from pcmt.security.emergency import emergency_access_open, emergency_access_review
from pcmt.security.models import USER_STREAM, EmergencyAccess, PrivacyEventKind
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

WHY = {"reason": "arrest", "detail": "Bắt quả tang tại địa bàn phường B"}


def _open(client: Any, **data: Any) -> Any:
    return client.post(reverse("emergency_open"), {**WHY, **data})


def test_out_of_jurisdiction_without_a_grant_stays_404(client, bob, person_a):
    client.force_login(bob)
    assert client.get(reverse("person_detail", args=[person_a.pk])).status_code == 404


def test_an_officer_opens_a_record_outside_his_jurisdiction_read_only(client, bob, person_a):
    client.force_login(bob)
    response = _open(client, number=person_a.pk)
    assert response.status_code == 302
    assert response["Location"] == reverse("person_detail", args=[person_a.pk])
    page = client.get(reverse("person_detail", args=[person_a.pk]))
    assert page.status_code == 200 and person_a.full_name in page.content.decode()
    assert 'id="edit-person"' not in page.content.decode()
    edit = {"full_name": "Đổi tên", "birth_year": 1988, "sex": "male", "version": 1}
    edit["current_commune"] = person_a.current_commune_id
    client.post(reverse("person_edit", args=[person_a.pk]), edit)
    with pytest.raises(NotFound):
        person_category_add(
            actor=bob, person=person_a, category="high_risk", start_date=timezone.localdate()
        )
    person_a.refresh_from_db()
    assert person_a.full_name == "Trần Văn Bình"
    grant = EmergencyAccess.objects.get(user=bob, person=person_a)
    assert grant.ends_at - grant.starts_at == datetime.timedelta(hours=4)
    stream = Event.objects.of(PERSON_STREAM, person_a.pk)
    opened = stream.get(action=PrivacyEventKind.EMERGENCY_OPENED)
    assert opened.actor == bob and opened.note == WHY["detail"]
    assert stream.filter(action=READ_ACTION, actor=bob).count() == 1


def test_the_grant_is_found_by_the_id_number_too(client, bob, person_a):
    client.force_login(bob)
    assert _open(client, id_number="0010 8801 2345").status_code == 302
    assert EmergencyAccess.objects.filter(user=bob, person=person_a).exists()


def test_the_hours_are_a_setting(client, bob, person_a, settings):
    settings.PCMT_EMERGENCY_ACCESS_HOURS = 1
    grant = emergency_access_open(actor=bob, number=person_a.pk, **WHY)
    assert grant.ends_at - grant.starts_at == datetime.timedelta(hours=1)


def test_an_expired_grant_reads_nothing(client, bob, person_a):
    grant = emergency_access_open(actor=bob, number=person_a.pk, **WHY)
    EmergencyAccess.objects.filter(pk=grant.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=5),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    client.force_login(bob)
    assert client.get(reverse("person_detail", args=[person_a.pk])).status_code == 404


def test_a_grant_is_for_its_user_only(client, bob, commune_b, person_a):
    colleague = make_user("bao", commune_b, AgencyKind.COMMUNE_POLICE, DataRole.OFFICER)
    emergency_access_open(actor=bob, number=person_a.pk, **WHY)
    assert Person.objects.filter(scope_for(bob).person_q(), pk=person_a.pk).exists()
    assert not Person.objects.filter(scope_for(colleague).person_q(), pk=person_a.pk).exists()
    client.force_login(colleague)
    assert client.get(reverse("person_detail", args=[person_a.pk])).status_code == 404


def test_an_unknown_number_is_refused_and_recorded(client, bob, person_a):
    client.force_login(bob)
    page = _open(client, number=999999).content.decode()
    assert "Không có hồ sơ nào của tỉnh mang số này." in page
    assert not EmergencyAccess.objects.exists()
    refused = Event.objects.of(USER_STREAM, bob.pk).get()
    assert refused.action == PrivacyEventKind.EMERGENCY_REFUSED


def test_a_record_in_the_jurisdiction_needs_no_grant(alice, person_a):
    with pytest.raises(DomainError) as error:
        emergency_access_open(actor=alice, number=person_a.pk, **WHY)
    assert error.value.code == "emergency_not_needed"


def test_a_reason_and_a_sentence_are_required(client, bob, person_a):
    client.force_login(bob)
    page = _open(client, number=person_a.pk, reason="", detail="gấp").content.decode()
    assert 'id="emergency-form"' in page
    with pytest.raises(DomainError) as error:
        emergency_access_open(actor=bob, number=person_a.pk, reason="arrest", detail="gấp")
    assert error.value.code == "emergency_detail_required"
    assert not EmergencyAccess.objects.exists()


@pytest.mark.parametrize("persona", ["ann", "olga"])
def test_analysts_and_outsiders_cannot_break_the_glass(client, persona, ann, olga):
    client.force_login({"ann": ann, "olga": olga}[persona])
    assert client.get(reverse("emergency_open")).status_code == 404
    assert 'id="nav-emergency"' not in client.get(reverse("home")).content.decode()


def test_the_supervisor_and_the_security_officer_are_told(bob, sam, sol, alice, person_a):
    grant = emergency_access_open(actor=bob, number=person_a.pk, **WHY)
    told = set(
        Notification.objects.filter(key=f"emergency:{grant.pk}").values_list(
            "user__username", flat=True
        )
    )
    assert told == {"sam", "sol"}


def test_the_supervisor_reviews_each_grant_with_a_comment(client, bob, sam, person_a):
    grant = emergency_access_open(actor=bob, number=person_a.pk, **WHY)
    client.force_login(sam)
    home = client.get(reverse("home")).content.decode()
    assert 'id="nav-emergency-review"' in home
    listing = client.get(reverse("emergency_review_list")).content.decode()
    assert f'id="grant-{grant.pk}"' in listing and WHY["detail"] in listing
    url = reverse("emergency_review", args=[grant.pk])
    assert client.post(url, {"note": "Đúng quy trình, đã xác minh"}).status_code == 302
    grant.refresh_from_db()
    assert grant.reviewed_by == sam and grant.review_note == "Đúng quy trình, đã xác minh"
    reviewed = Event.objects.of(PERSON_STREAM, person_a.pk).get(
        action=PrivacyEventKind.EMERGENCY_REVIEWED
    )
    assert reviewed.actor == sam
    assert (
        f'id="grant-{grant.pk}"'
        not in client.get(reverse("emergency_review_list")).content.decode()
    )


def test_the_security_officer_reviews_too(bob, sol, person_a):
    grant = emergency_access_open(actor=bob, number=person_a.pk, **WHY)
    emergency_access_review(actor=sol, grant=grant, note="Đã kiểm tra")
    grant.refresh_from_db()
    assert grant.reviewed_by == sol


def test_officers_do_not_review_and_nobody_reviews_his_own(client, alice, bob, person_a):
    grant = emergency_access_open(actor=bob, number=person_a.pk, **WHY)
    client.force_login(alice)
    assert client.get(reverse("emergency_review_list")).status_code == 404
    assert (
        client.post(reverse("emergency_review", args=[grant.pk]), {"note": "ok"}).status_code == 404
    )
    with pytest.raises(DomainError):
        emergency_access_review(actor=bob, grant=grant, note="tự duyệt")
    assert 'id="nav-emergency-review"' not in client.get(reverse("home")).content.decode()


def test_asking_again_while_a_grant_is_open_says_so(bob, person_a):
    emergency_access_open(actor=bob, number=person_a.pk, **WHY)
    with pytest.raises(DomainError) as error:
        emergency_access_open(actor=bob, number=person_a.pk, **WHY)
    assert error.value.code == "emergency_already_open"
