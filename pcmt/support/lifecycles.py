"""Support lifecycles, declared once: services received and check-ins (records), prison
release and first contact, summonses and attendance. Pages, API, schema and diagrams are
derived from these tables."""

import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.capabilities import Capability
from pcmt.casework.guards import record_event
from pcmt.casework.lifecycles import WHO, episode_person, episode_writable
from pcmt.casework.models import ManagementStatus, UserManagement
from pcmt.core.errors import DomainError
from pcmt.lifecycle.declarations import INITIAL, Lifecycle, Step, Transition, register
from pcmt.lifecycle.guards import (
    capability,
    check_date,
    dated,
    illegal,
    law_in_force,
    one_of,
    person_writable,
    required,
    rule,
)
from pcmt.persons.models import Category, CategoryPeriod, EventAction, Person
from pcmt.persons.selectors import person_get
from pcmt.rules.selectors import prison_release_verification_deadline
from pcmt.support import deadlines, selectors
from pcmt.support.forms import (
    AttendanceForm,
    CheckInForm,
    ReleaseContactForm,
    ReleaseForm,
    ServiceForm,
    SummonsForm,
)
from pcmt.support.models import (
    CheckIn,
    PrisonRelease,
    ServiceReceived,
    ServiceType,
    Summons,
    SummonsStatus,
)
from pcmt.support.serializers import (
    CheckInSerializer,
    ReleaseSerializer,
    ServiceSerializer,
    SummonsSerializer,
    SummonsWriteSerializer,
)


class RecordState(models.TextChoices):
    """A record that, once written, has no further steps."""

    RECORDED = "recorded", _("Recorded")


def _person_lifecycle(**kwargs: Any) -> Lifecycle:
    return register(
        Lifecycle(
            check_write=episode_writable,
            subject=episode_person,
            record=record_event,
            who=WHO,
            parent_model=Person,
            parent_load=person_get,
            parent_check_write=person_writable,
            **kwargs,
        )
    )


# Services received ------------------------------------------------------------------------


def _service(step: Step) -> ServiceReceived:
    """Record a service the person received (counselling, vocational training, a loan…)."""
    data = step.data
    service = ServiceReceived.objects.create(
        person=step.obj,
        service_type=data["service_type"],
        received_on=data["received_on"],
        provider=data["provider"].strip(),
        note=(data.get("note") or "").strip(),
        recorded_by=step.actor,
    )
    step.changes = {
        "service": [None, service.get_service_type_display()],
        "received_on": [None, service.received_on.isoformat()],
        "provider": [None, service.provider],
    }
    step.note = service.note
    return service


SERVICE = _person_lifecycle(
    name="service_received",
    label=_("Service received"),
    model=ServiceReceived,
    state_field=None,
    state_of=lambda service: RecordState.RECORDED,
    states=RecordState,
    url_kwarg="service_pk",
    load=person_get,
    transitions=(
        Transition(
            name="service_record",
            label=_("Record a service the person received"),
            source=(INITIAL,),
            target=RecordState.RECORDED,
            refused=_("A service is recorded on a person."),
            form=ServiceForm,
            guards=(
                capability(Capability.SERVICE_RECORD),
                one_of(
                    "service_type",
                    lambda step: ServiceType.values,
                    "service_type_required",
                    _("Choose the service."),
                ),
                dated("received_on"),
                required(
                    ("provider",),
                    "provider_required",
                    _("Enter the organisation that provided it."),
                ),
            ),
            effect=_service,
            event=EventAction.SERVICE_RECEIVED,
            path="persons/<int:pk>/services/",
            page_name="service_add",
            api_name="api_service_list",
            response=ServiceSerializer,
            created=True,
            done=_("The service has been recorded."),
            date_field="received_on",
        ),
    ),
)


# Prison release and first contact ----------------------------------------------------------


class ReleaseState(models.TextChoices):
    """A release keeps no status field: it awaits the first contact until one is recorded."""

    AWAITING_CONTACT = "awaiting_contact", _("To be received by the commune")
    RECEIVED = "received", _("Received")


def _release_after_previous(step: Step) -> None:
    person: Person = step.obj
    released_on = step.data["released_on"]
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


def _release(step: Step) -> PrisonRelease:
    """Record a release from prison; the person joins the released-offender category.

    The commune police verify the residence within 3 working days of the prison's notice
    (Circular 10/2024/TT-BCA art. 8)."""
    person: Person = step.obj
    released_on = step.data["released_on"]
    notice_received_on = step.data.get("notice_received_on")
    if notice_received_on is not None:
        check_date(notice_received_on, "notice_received_on")
    release = PrisonRelease.objects.create(
        person=person,
        released_on=released_on,
        facility=step.data["facility"].strip(),
        judgment=(step.data.get("judgment") or "").strip(),
        return_commune=person.managing_commune,
        notice_received_on=notice_received_on,
        contact_due=prison_release_verification_deadline(notice_received_on or released_on),
        recorded_by=step.actor,
    )
    if not CategoryPeriod.objects.filter(
        person=person, category=Category.RELEASED_OFFENDER, end_date__isnull=True
    ).exists():
        CategoryPeriod.objects.create(
            person=person,
            category=Category.RELEASED_OFFENDER,
            start_date=released_on,
            reason=str(_("Released from prison")),
            recorded_by=step.actor,
        )
    step.changes = {
        "released_on": [None, released_on.isoformat()],
        "facility": [None, release.facility],
        "contact_due": [None, release.contact_due.isoformat()],
    }
    if notice_received_on is not None:
        step.changes["notice_received_on"] = [None, notice_received_on.isoformat()]
    step.note = release.judgment
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


def _contact(step: Step) -> PrisonRelease:
    """The commune police met the released person: the release is received."""
    _receive(
        step.actor, step.obj, step.data["contacted_on"], step.data.get("note") or "", "contact"
    )
    return step.obj


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


RELEASE = _person_lifecycle(
    name="prison_release",
    label=_("Prison release and first contact"),
    model=PrisonRelease,
    state_field=None,
    state_of=lambda r: (
        ReleaseState.RECEIVED if r.first_contact_on else ReleaseState.AWAITING_CONTACT
    ),
    states=ReleaseState,
    url_kwarg="release_pk",
    load=selectors.release_get,
    transitions=(
        Transition(
            name="release_record",
            label=_("Record a release from prison; the managing commune is to receive the person"),
            source=(INITIAL,),
            target=ReleaseState.AWAITING_CONTACT,
            refused=_("A previous release has not been received yet."),
            form=ReleaseForm,
            guards=(
                dated("released_on"),
                required(
                    ("facility",),
                    "facility_required",
                    _("Enter the prison or detention facility."),
                ),
                rule(_("the previous release received, and earlier"), _release_after_previous),
            ),
            effect=_release,
            event=EventAction.PRISON_RELEASED,
            path="persons/<int:pk>/prison-releases/",
            page_name="release_add",
            api_name="api_release_list",
            response=ReleaseSerializer,
            created=True,
            done=_("The release has been recorded; the commune is to receive the person."),
            date_field="released_on",
        ),
        Transition(
            name="release_contact_record",
            label=_("Record the first contact with a released person"),
            source=(ReleaseState.AWAITING_CONTACT,),
            target=ReleaseState.RECEIVED,
            refused=_("The first contact was already recorded."),
            refused_detail=lambda release: (
                _("The first contact was already recorded on %(day)s.")
                % {"day": release.first_contact_on.strftime("%d/%m/%Y")}
            ),
            form=ReleaseContactForm,
            guards=(
                dated("contacted_on", after=lambda r: r.released_on, previous=_("the release")),
            ),
            effect=_contact,
            path="prison-releases/<int:release_pk>/contact/",
            page_name="release_contact",
            api_name="api_release_contact",
            response=ReleaseSerializer,
            done=_("The first contact has been recorded."),
            date_field="contacted_on",
        ),
    ),
)


# Summonses --------------------------------------------------------------------------------


def _appear_on(step: Step) -> None:
    issued_on, appear_on = step.data["issued_on"], step.data["appear_on"]
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


def _not_of_person() -> DomainError:
    return DomainError(
        "management_not_of_person",
        _("This user management belongs to another person."),
        "management",
    )


def _management_running(step: Step) -> None:
    """A summons under a user-management measure only while that measure runs."""
    chosen = step.data.get("management")
    if chosen is None:
        return
    pk = chosen.pk if isinstance(chosen, UserManagement) else chosen
    management = UserManagement.objects.select_for_update().filter(pk=pk).first()
    if management is None or management.person_id != step.obj.pk:
        raise _not_of_person()
    issued_on = step.data["issued_on"]
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
    step.data["management"] = management


def _summons(step: Step) -> Summons:
    """Summon a person to appear (a duty of persons under management, Law 120/2025)."""
    assert step.rules is not None
    data = step.data
    summons = Summons.objects.create(
        person=step.obj,
        management=data.get("management"),
        law_code=step.rules.code,
        issued_on=data["issued_on"],
        appear_on=data["appear_on"],
        place=data["place"].strip(),
        purpose=data["purpose"].strip(),
        recorded_by=step.actor,
    )
    step.changes = {
        "issued_on": [None, summons.issued_on.isoformat()],
        "appear_on": [None, summons.appear_on.isoformat()],
        "place": [None, summons.place],
    }
    step.note = summons.purpose
    return summons


ATTENDANCE = (SummonsStatus.ATTENDED, SummonsStatus.ABSENT, SummonsStatus.EXCUSED)


def _attendance_dated(step: Step) -> None:
    """Attended and absent are known only from the day to appear; an excuse may arrive from
    the day the summons was issued."""
    summons: Summons = step.obj
    earliest = (
        summons.issued_on if step.data["status"] == SummonsStatus.EXCUSED else summons.appear_on
    )
    check_date(step.data["attendance_on"], "attendance_on", not_before=earliest)


def _attendance(step: Step) -> Summons:
    """Record once whether the person came."""
    summons: Summons = step.obj
    summons.status = step.data["status"]
    summons.attendance_on = step.data["attendance_on"]
    summons.attendance_note = (step.data.get("note") or "").strip()
    step.changes = {
        "summons_appear_on": [None, summons.appear_on.isoformat()],
        "attendance": [None, summons.get_status_display()],
        "attendance_on": [None, summons.attendance_on.isoformat()],
    }
    step.note = summons.attendance_note
    return summons


def _attended_receives(step: Step) -> None:
    summons: Summons = step.obj
    if summons.status == SummonsStatus.ATTENDED:
        assert summons.attendance_on is not None
        _receive_on_check_in(step.actor, summons.person, summons.attendance_on)


SUMMONS = _person_lifecycle(
    name="summons",
    label=_("Summons"),
    model=Summons,
    state_field="status",
    states=SummonsStatus,
    url_kwarg="summons_pk",
    load=selectors.summons_get,
    transitions=(
        Transition(
            name="summons_issue",
            label=_("Issue a summons, optionally under the person's user management"),
            source=(INITIAL,),
            target=SummonsStatus.PENDING,
            refused=_("A summons is issued to a person."),
            form=SummonsForm,
            form_kwargs=lambda person: {"person_id": person.pk},
            serializer=SummonsWriteSerializer,
            guards=(
                dated("issued_on"),
                law_in_force("issued_on"),
                rule(_("appear_on between issued_on and the longest notice"), _appear_on),
                required(("place",), "place_required", _("Enter where to appear.")),
                required(("purpose",), "purpose_required", _("Enter the purpose.")),
                rule(_("under a user management that runs on issued_on"), _management_running),
            ),
            effect=_summons,
            event=EventAction.SUMMONS_ISSUED,
            path="persons/<int:pk>/summonses/",
            page_name="summons_add",
            api_name="api_summons_list",
            response=SummonsSerializer,
            created=True,
            done=_("The summons has been recorded."),
            date_field="issued_on",
        ),
        Transition(
            name="summons_attendance_record",
            label=_("Record, once, whether the person attended"),
            source=(SummonsStatus.PENDING,),
            target=ATTENDANCE,
            refused=_("The attendance was already recorded."),
            refused_detail=lambda summons: (
                _("The attendance was already recorded: %(status)s.")
                % {"status": summons.get_status_display()}
            ),
            form=AttendanceForm,
            guards=(
                one_of(
                    "status",
                    lambda step: ATTENDANCE,
                    "attendance_required",
                    _("Choose the attendance."),
                ),
                rule(
                    _("attendance_on not in the future, not before the day to appear"),
                    _attendance_dated,
                ),
            ),
            effect=_attendance,
            event=EventAction.ATTENDANCE,
            then=_attended_receives,
            path="summonses/<int:summons_pk>/attendance/",
            page_name="summons_attendance",
            api_name="api_summons_attendance",
            response=SummonsSerializer,
            done=_("The attendance has been recorded."),
            date_field="attendance_on",
        ),
    ),
)


# Check-ins --------------------------------------------------------------------------------


def _one_a_day(step: Step) -> None:
    if CheckIn.objects.filter(person=step.obj, checked_in_on=step.data["checked_in_on"]).exists():
        raise DomainError(
            "check_in_exists", _("A check-in is already recorded for this day."), "checked_in_on"
        )


def _check_in(step: Step) -> CheckIn:
    """The person reported to the commune police (kiểm diện)."""
    check_in = CheckIn.objects.create(
        person=step.obj,
        checked_in_on=step.data["checked_in_on"],
        note=(step.data.get("note") or "").strip(),
        recorded_by=step.actor,
    )
    step.changes = {"checked_in_on": [None, check_in.checked_in_on.isoformat()]}
    step.note = check_in.note
    return check_in


def _check_in_receives(step: Step) -> None:
    _receive_on_check_in(step.actor, step.obj, step.data["checked_in_on"])


CHECK_IN = _person_lifecycle(
    name="check_in",
    label=_("Check-in"),
    model=CheckIn,
    state_field=None,
    state_of=lambda check_in: RecordState.RECORDED,
    states=RecordState,
    url_kwarg="check_in_pk",
    load=person_get,
    transitions=(
        Transition(
            name="check_in_record",
            label=_("Record that the person reported to the commune police"),
            source=(INITIAL,),
            target=RecordState.RECORDED,
            refused=_("A check-in is recorded on a person."),
            form=CheckInForm,
            guards=(dated("checked_in_on"), rule(_("one check-in a day"), _one_a_day)),
            effect=_check_in,
            event=EventAction.ATTENDANCE,
            then=_check_in_receives,
            path="persons/<int:pk>/check-ins/",
            page_name="check_in_add",
            api_name="api_check_in_list",
            response=CheckInSerializer,
            created=True,
            done=_("The check-in has been recorded."),
            date_field="checked_in_on",
        ),
    ),
)

LIFECYCLES = (SERVICE, RELEASE, SUMMONS, CHECK_IN)
