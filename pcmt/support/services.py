"""Writes of support records: services received, prison release, summonses and check-ins."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pcmt.casework.guards import (
    check_date,
    check_write,
    illegal,
    locked,
    record_event,
    rules_on,
)
from pcmt.casework.models import ManagementStatus, UserManagement
from pcmt.core.errors import DomainError
from pcmt.persons.models import Category, CategoryPeriod, EventAction, Person
from pcmt.rules.selectors import prison_release_verification_deadline
from pcmt.support import deadlines
from pcmt.support.models import (
    CheckIn,
    PrisonRelease,
    ServiceReceived,
    ServiceType,
    Summons,
    SummonsStatus,
)


def _required(value: str, code: str, message: Any, field: str) -> str:
    value = value.strip()
    if not value:
        raise DomainError(code, message, field)
    return value


@transaction.atomic
def service_record(
    *,
    actor: Any,
    person: Person,
    service_type: str,
    received_on: datetime.date,
    provider: str,
    note: str = "",
) -> ServiceReceived:
    """Record a service the person received (counselling, vocational training, a loan…)."""
    person = locked(Person.objects.select_related("managing_commune"), person.pk)
    check_write(actor, person)
    if service_type not in ServiceType.values:
        raise DomainError("service_type_required", _("Choose the service."), "service_type")
    check_date(received_on, "received_on")
    provider = _required(
        provider, "provider_required", _("Enter the organisation that provided it."), "provider"
    )
    service = ServiceReceived.objects.create(
        person=person,
        service_type=service_type,
        received_on=received_on,
        provider=provider,
        note=note.strip(),
        recorded_by=actor,
    )
    record_event(
        person,
        actor,
        EventAction.SERVICE_RECEIVED,
        {
            "service": [None, service.get_service_type_display()],
            "received_on": [None, received_on.isoformat()],
            "provider": [None, provider],
        },
        service.note,
    )
    return service


@transaction.atomic
def release_record(
    *,
    actor: Any,
    person: Person,
    released_on: datetime.date,
    facility: str,
    judgment: str = "",
) -> PrisonRelease:
    """Record a release from prison. The managing commune must receive the person within
    `deadlines.RELEASE_CONTACT_DAYS`; the person joins the released-offender category."""
    person = locked(Person.objects.select_related("managing_commune"), person.pk)
    check_write(actor, person)
    check_date(released_on, "released_on")
    facility = _required(
        facility, "facility_required", _("Enter the prison or detention facility."), "facility"
    )
    if PrisonRelease.objects.filter(person=person, first_contact_on__isnull=True).exists():
        raise illegal(
            _("A previous release has not been received yet: record the first contact first.")
        )
    last = PrisonRelease.objects.filter(person=person).order_by("-released_on").first()
    if last is not None and released_on <= last.released_on:
        raise DomainError(
            "date_before_previous_step",
            _("The person was already released on %(day)s; a new release must be later.")
            % {"day": last.released_on.strftime("%d/%m/%Y")},
            "released_on",
        )
    release = PrisonRelease.objects.create(
        person=person,
        released_on=released_on,
        facility=facility,
        judgment=judgment.strip(),
        return_commune=person.managing_commune,
        contact_due=prison_release_verification_deadline(released_on),
        recorded_by=actor,
    )
    if not CategoryPeriod.objects.filter(
        person=person, category=Category.RELEASED_OFFENDER, end_date__isnull=True
    ).exists():
        CategoryPeriod.objects.create(
            person=person,
            category=Category.RELEASED_OFFENDER,
            start_date=released_on,
            reason=str(_("Released from prison")),
            recorded_by=actor,
        )
    record_event(
        person,
        actor,
        EventAction.PRISON_RELEASED,
        {
            "released_on": [None, released_on.isoformat()],
            "facility": [None, facility],
            "contact_due": [None, release.contact_due.isoformat()],
        },
        release.judgment,
    )
    return release


def _receive(
    actor: Any, release: PrisonRelease, contacted_on: datetime.date, note: str, how: str
) -> None:
    release.first_contact_on = contacted_on
    release.first_contact_note = note.strip()
    release.save(update_fields=["first_contact_on", "first_contact_note"])
    record_event(
        release.person,
        actor,
        EventAction.ATTENDANCE,
        {"first_contact_on": [None, contacted_on.isoformat()], "by": [None, how]},
        release.first_contact_note,
    )


@transaction.atomic
def release_contact_record(
    *, actor: Any, release: PrisonRelease, contacted_on: datetime.date, note: str = ""
) -> PrisonRelease:
    """The commune police met the released person: the release is received."""
    release = locked(PrisonRelease.objects.select_related("person__managing_commune"), release.pk)
    check_write(actor, release.person)
    if release.first_contact_on is not None:
        raise illegal(
            _("The first contact was already recorded on %(day)s.")
            % {"day": release.first_contact_on.strftime("%d/%m/%Y")}
        )
    check_date(contacted_on, "contacted_on", not_before=release.released_on)
    _receive(actor, release, contacted_on, note, "contact")
    return release


def _management_for_summons(
    person: Person, management: UserManagement | None, issued_on: datetime.date
) -> UserManagement | None:
    """A summons under a user-management measure only while that measure runs."""
    if management is None:
        return None
    management = locked(UserManagement.objects.all(), management.pk)
    if management.person_id != person.pk:
        raise DomainError(
            "management_not_of_person",
            _("This user management belongs to another person."),
            "management",
        )
    if management.status == ManagementStatus.ENDED:
        raise illegal(
            _("The user management ended on %(day)s: no summons can be issued under it.")
            % {"day": management.ended_on.strftime("%d/%m/%Y") if management.ended_on else "—"}
        )
    if management.status != ManagementStatus.ACTIVE:
        raise illegal(
            _("The chairman has not decided the user management yet: no summons under it.")
        )
    assert management.decision_date is not None and management.period_end is not None
    if issued_on < management.decision_date:
        raise DomainError(
            "date_before_previous_step",
            _("The summons is dated before the management decision (%(day)s).")
            % {"day": management.decision_date.strftime("%d/%m/%Y")},
            "issued_on",
        )
    if issued_on > management.period_end:
        raise illegal(
            _(
                "User management lasts one year from the decision; it ran until %(day)s: "
                "no summons can be issued under it."
            )
            % {"day": management.period_end.strftime("%d/%m/%Y")}
        )
    return management


@transaction.atomic
def summons_issue(
    *,
    actor: Any,
    person: Person,
    issued_on: datetime.date,
    appear_on: datetime.date,
    place: str,
    purpose: str,
    management: UserManagement | None = None,
) -> Summons:
    """Summon a person to appear (a duty of persons under management, Law 120/2025)."""
    person = locked(Person.objects.select_related("managing_commune"), person.pk)
    check_write(actor, person)
    check_date(issued_on, "issued_on")
    rules = rules_on(issued_on, "issued_on")
    if appear_on < issued_on:
        raise DomainError(
            "date_before_previous_step",
            _("The day to appear cannot be before the summons is issued."),
            "appear_on",
        )
    if appear_on > deadlines.latest_appearance(issued_on):
        raise DomainError(
            "appear_too_late",
            _("The day to appear is more than %(days)s days after the summons.")
            % {"days": deadlines.SUMMONS_MAX_LEAD_DAYS},
            "appear_on",
        )
    place = _required(place, "place_required", _("Enter where to appear."), "place")
    purpose = _required(purpose, "purpose_required", _("Enter the purpose."), "purpose")
    management = _management_for_summons(person, management, issued_on)
    summons = Summons.objects.create(
        person=person,
        management=management,
        law_code=rules.code,
        issued_on=issued_on,
        appear_on=appear_on,
        place=place,
        purpose=purpose,
        recorded_by=actor,
    )
    record_event(
        person,
        actor,
        EventAction.SUMMONS_ISSUED,
        {
            "issued_on": [None, issued_on.isoformat()],
            "appear_on": [None, appear_on.isoformat()],
            "place": [None, place],
        },
        purpose,
    )
    return summons


@transaction.atomic
def summons_attendance_record(
    *,
    actor: Any,
    summons: Summons,
    status: str,
    attendance_on: datetime.date,
    note: str = "",
) -> Summons:
    """Record once whether the person came. Attended and absent are known only from the day
    to appear; an excuse may arrive from the day the summons was issued."""
    summons = locked(Summons.objects.select_related("person__managing_commune"), summons.pk)
    check_write(actor, summons.person)
    if summons.status != SummonsStatus.PENDING:
        raise illegal(
            _("The attendance was already recorded: %(status)s.")
            % {"status": summons.get_status_display()}
        )
    if status not in (SummonsStatus.ATTENDED, SummonsStatus.ABSENT, SummonsStatus.EXCUSED):
        raise DomainError("attendance_required", _("Choose the attendance."), "status")
    earliest = summons.issued_on if status == SummonsStatus.EXCUSED else summons.appear_on
    check_date(attendance_on, "attendance_on", not_before=earliest)
    summons.status = status
    summons.attendance_on = attendance_on
    summons.attendance_note = note.strip()
    summons.save(update_fields=["status", "attendance_on", "attendance_note"])
    record_event(
        summons.person,
        actor,
        EventAction.ATTENDANCE,
        {
            "summons_appear_on": [None, summons.appear_on.isoformat()],
            "attendance": [None, summons.get_status_display()],
            "attendance_on": [None, attendance_on.isoformat()],
        },
        summons.attendance_note,
    )
    if status == SummonsStatus.ATTENDED:
        _receive_on_check_in(actor, summons.person, attendance_on)
    return summons


def _receive_on_check_in(actor: Any, person: Person, day: datetime.date) -> None:
    """Meeting a released person who is still to be received counts as the first contact."""
    pending = (
        PrisonRelease.objects.select_for_update()
        .filter(person=person, first_contact_on__isnull=True, released_on__lte=day)
        .first()
    )
    if pending is not None:
        pending.person = person
        _receive(actor, pending, day, "", "check_in")


@transaction.atomic
def check_in_record(
    *, actor: Any, person: Person, checked_in_on: datetime.date, note: str = ""
) -> CheckIn:
    """The person reported to the commune police (kiểm diện)."""
    person = locked(Person.objects.select_related("managing_commune"), person.pk)
    check_write(actor, person)
    check_date(checked_in_on, "checked_in_on")
    if CheckIn.objects.filter(person=person, checked_in_on=checked_in_on).exists():
        raise DomainError(
            "check_in_exists",
            _("A check-in is already recorded for this day."),
            "checked_in_on",
        )
    check_in = CheckIn.objects.create(
        person=person, checked_in_on=checked_in_on, note=note.strip(), recorded_by=actor
    )
    record_event(
        person,
        actor,
        EventAction.ATTENDANCE,
        {"checked_in_on": [None, checked_in_on.isoformat()]},
        check_in.note,
    )
    _receive_on_check_in(actor, person, checked_in_on)
    return check_in
