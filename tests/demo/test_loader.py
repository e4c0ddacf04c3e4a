"""demo_load and persons_bulk_load: accounts, agencies, villages and persons, idempotently."""

from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.db.models import Count

from pcmt.accounts.models import AgencyKind, DataRole, User
from pcmt.accounts.scope import scope_for
from pcmt.audit.models import Event
from pcmt.core import crypto
from pcmt.core.text import fold
from pcmt.demo.loader import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    UnitsNotLoaded,
    demo_load,
    persons_bulk_load,
    province_commune_refs,
)
from pcmt.geo.models import AdminUnit, Village
from pcmt.persons.idnumbers import check_personal_id
from pcmt.persons.models import (
    CategoryPeriod,
    EventAction,
    NameWord,
    Person,
    PersonAlias,
)
from tests.demo.conftest import TODAY

PERSONS = 300


@pytest.fixture
def loaded(hanoi: AdminUnit) -> Any:
    """The demo loaded once into the small Hanoi."""
    return demo_load(province_code="01", persons=PERSONS, seed=2026, today=TODAY)


def user(username: str) -> User:
    return User.objects.select_related("agency__unit").get(username=username)


def test_it_creates_the_seven_accounts_with_their_roles_and_agencies(loaded: Any) -> None:
    expected = {
        "canbo.xa1": (
            DataRole.OFFICER,
            AgencyKind.COMMUNE_POLICE,
            "00004",
            "Công an phường Ba Đình",
        ),
        "canbo.xa2": (
            DataRole.OFFICER,
            AgencyKind.COMMUNE_POLICE,
            "00008",
            "Công an phường Ngọc Hà",
        ),
        "giamsat.tinh": (
            DataRole.SUPERVISOR,
            AgencyKind.PROVINCIAL_DRUG_UNIT,
            "01",
            "Phòng Cảnh sát điều tra tội phạm về ma túy (PC04) – Công an Thành phố Hà Nội",
        ),
        "yte.tinh": (
            DataRole.OFFICER,
            AgencyKind.HEALTH_DEPARTMENT,
            "01",
            "Sở Y tế Thành phố Hà Nội",
        ),
        "phantich": (
            DataRole.ANALYST,
            AgencyKind.STEERING_COMMITTEE,
            "01",
            "Ban Chỉ đạo 138 Thành phố Hà Nội",
        ),
        "c04.bocongan": (
            DataRole.ANALYST,
            AgencyKind.NATIONAL_DRUG_DEPARTMENT,
            "01",
            "Cục Cảnh sát điều tra tội phạm về ma túy (C04) – Bộ Công an",
        ),
    }
    for username, (role, kind, unit_code, agency_name) in expected.items():
        account = user(username)
        assert account.data_role == role
        assert account.agency is not None
        assert (account.agency.kind, account.agency.unit.code, account.agency.name) == (
            kind,
            unit_code,
            agency_name,
        )
        assert not account.is_staff and not account.is_superuser
        assert account.check_password(DEMO_PASSWORD)
    assert loaded.accounts_created == 7


def test_the_administrator_manages_accounts_and_units_but_not_persons(loaded: Any) -> None:
    admin = user("quantri")
    assert admin.is_staff and not admin.is_superuser
    assert admin.data_role == DataRole.NONE and admin.agency is None
    assert admin.has_perm("accounts.change_user")
    assert admin.has_perm("accounts.add_agency")
    assert admin.has_perm("geo.change_village")
    assert admin.has_perm("accounts.view_loginevent")
    assert not admin.has_perm("accounts.delete_loginevent")
    assert not any(p.startswith("persons.") for p in admin.get_all_permissions())
    assert scope_for(admin).is_empty


def test_the_demo_password_passes_the_password_validators(loaded: Any) -> None:
    validate_password(DEMO_PASSWORD)
    for account in DEMO_ACCOUNTS:
        validate_password(DEMO_PASSWORD, user=user(account.username))


def test_it_writes_the_persons_with_their_events_periods_and_aliases(loaded: Any) -> None:
    assert Person.objects.count() == PERSONS == loaded.persons.persons
    assert Event.objects.filter(action=EventAction.CREATED).count() == PERSONS
    assert CategoryPeriod.objects.count() == loaded.persons.category_periods > PERSONS
    assert PersonAlias.objects.count() == loaded.persons.aliases > 0


def test_a_second_run_adds_no_persons_accounts_agencies_or_villages(loaded: Any) -> None:
    counts = [m.objects.count() for m in (Person, User, Village, Event, CategoryPeriod)]
    again = demo_load(province_code="01", persons=PERSONS, seed=2026, today=TODAY)
    assert [m.objects.count() for m in (Person, User, Village, Event, CategoryPeriod)] == (counts)
    assert again.persons_existing == PERSONS
    assert again.persons.persons == 0
    assert (again.accounts_created, again.accounts_updated) == (0, 7)
    assert (again.agencies_created, again.villages_created) == (0, 0)


def test_a_second_run_restores_a_changed_demo_password(loaded: Any) -> None:
    officer = user("canbo.xa1")
    officer.set_password("Something-else-77")
    officer.save()
    demo_load(province_code="01", persons=PERSONS, today=TODAY)
    assert user("canbo.xa1").check_password(DEMO_PASSWORD)


def test_ids_and_phones_are_encrypted_with_lookup_hashes(loaded: Any) -> None:
    people = list(Person.objects.all())
    with_id = [p for p in people if p.id_number_encrypted]
    with_phone = [p for p in people if p.phone_encrypted]
    assert 0.8 * PERSONS < len(with_id) < PERSONS
    assert 0.5 * PERSONS < len(with_phone) < 0.9 * PERSONS
    for person in with_id:
        number = crypto.decrypt(person.id_number_encrypted)
        assert number not in person.id_number_encrypted
        assert person.id_number_hash == crypto.lookup_hash("id", number)
        check = check_personal_id(number, sex=person.sex, birth_year=person.birth_year)
        assert check.errors == [] and check.warnings == []
    for person in with_phone:
        phone = crypto.decrypt(person.phone_encrypted)
        assert len(phone) == 10 and phone.startswith("0")
        assert person.phone_hash == crypto.lookup_hash("phone", phone)
    for person in people:
        if person.old_id_encrypted:
            old_id = crypto.decrypt(person.old_id_encrypted)
            assert person.old_id_hash == crypto.lookup_hash("old_id", old_id)
        else:
            assert person.old_id_hash == ""
        if not person.id_number_encrypted:
            assert person.id_number_hash == ""


def test_the_created_event_masks_the_secret_values(loaded: Any) -> None:
    person = Person.objects.exclude(id_number_encrypted="").first()
    assert person is not None
    event = person.events.get(action=EventAction.CREATED)
    number = crypto.decrypt(person.id_number_encrypted)
    assert event.changes["id_number"] == [None, "•" * 9 + number[-3:]]
    assert event.changes["full_name"] == [None, person.full_name]


def test_category_periods_are_valid(loaded: Any) -> None:
    for period in CategoryPeriod.objects.all():
        assert period.start_date <= TODAY
        if period.end_date is not None:
            assert period.start_date <= period.end_date <= TODAY
            assert period.end_reason
    open_twice = (
        CategoryPeriod.objects.filter(end_date__isnull=True)
        .values("person", "category")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not open_twice.exists()


def test_persons_are_managed_by_their_current_commune_in_its_province(
    loaded: Any,
    hanoi: AdminUnit,
) -> None:
    assert not Person.objects.exclude(managing_province=hanoi).exists()
    for person in Person.objects.select_related("current_village"):
        assert person.managing_commune_id == person.current_commune_id
        if person.current_village is not None:
            assert person.current_village.commune_id == person.current_commune_id


def test_commune_officers_are_the_creators_of_their_communes_persons(loaded: Any) -> None:
    officers = {
        user("canbo.xa1").agency.unit_id: user("canbo.xa1").pk,
        user("canbo.xa2").agency.unit_id: user("canbo.xa2").pk,
    }
    persons = Person.objects.in_bulk()
    for event in Event.objects.filter(stream="person"):
        person = persons[event.subject_id]
        assert event.actor_id == officers.get(person.managing_commune_id)
        assert person.created_by_id == event.actor_id


def test_both_demo_communes_get_at_least_60_persons(hanoi: AdminUnit) -> None:
    demo_load(province_code="01", persons=2000, today=TODAY)
    for username in ("canbo.xa1", "canbo.xa2"):
        scope = scope_for(user(username))
        assert Person.objects.filter(scope.unit_q("managing_commune")).count() >= 60


def test_every_commune_gets_villages_and_persons_live_in_some(loaded: Any) -> None:
    assert loaded.villages_created == Village.objects.count()
    assert set(Village.objects.values_list("commune__code", flat=True)) == {
        "00004",
        "00008",
        "08980",
    }
    assert Village.objects.filter(name="Tổ dân phố 1", commune__code="00004").exists()
    assert Person.objects.filter(current_village__isnull=False).count() > PERSONS / 2


def test_names_and_aliases_feed_the_search_fields_and_vocabulary(loaded: Any) -> None:
    words = set(NameWord.objects.values_list("word", flat=True))
    for person in Person.objects.prefetch_related("aliases"):
        assert person.name_folded == fold(person.full_name)
        assert set(person.name_folded.split(" ")) <= words
        for alias in person.aliases.all():
            assert f" {alias.name_folded} " in person.search_text
            assert set(alias.name_folded.split(" ")) <= words


def test_old_form_addresses_use_the_loaded_legacy_units(loaded: Any) -> None:
    old = Person.objects.filter(permanent_commune__code="00004", permanent_address__contains="Quận")
    assert old.exists()
    assert all("Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội" in p.permanent_address for p in old)


def test_it_refuses_a_province_whose_units_are_not_loaded(db: Any) -> None:
    with pytest.raises(UnitsNotLoaded, match="load_units"):
        demo_load(province_code="01", persons=10)


def test_bulk_load_writes_in_batches_with_the_same_result(hanoi: AdminUnit) -> None:
    refs = province_commune_refs(province_code="01")
    report = persons_bulk_load(count=120, communes=refs, seed=5, batch_size=50, today=TODAY)
    assert report.persons == Person.objects.count() == 120
    assert report.events == Event.objects.count() == 120
    assert not Event.objects.exclude(actor=None).exists()
