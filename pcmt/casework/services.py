"""Writes of casework. Each transition is checked against the law in force on its date."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from pcmt.casework.guards import check_date, check_write, illegal, rules_on
from pcmt.casework.models import (
    AddictionDetermination,
    DeterminationResult,
    DeterminationStatus,
    DeterminationTrigger,
    DrugTest,
    ManagementEndReason,
    ManagementStatus,
    SubstitutionTherapy,
    TestGrounds,
    TestResult,
    TherapyStopReason,
    UserManagement,
)
from pcmt.core.errors import DomainError
from pcmt.persons.events import person_event_record
from pcmt.persons.models import Category, CategoryPeriod, EventAction, Person
from pcmt.rules.calendar import add_months
from pcmt.rules.selectors import deadline_in_working_days

_check_write = check_write
_check_date = check_date
_rules = rules_on
_illegal = illegal


@transaction.atomic
def drug_test_record(
    *,
    actor: Any,
    person: Person,
    tested_on: datetime.date,
    place: str,
    result: str,
    tested_by: str,
    substances: str = "",
    grounds: str = "",
) -> DrugTest:
    """Record a test. A positive test opens the user-management measure, due for decision
    within the working days the law of the test date gives (Decree 105/2021/NĐ-CP)."""
    _check_write(actor, person)
    _check_date(tested_on, "tested_on")
    if result not in TestResult.values:
        raise DomainError("result_required", _("Choose the result."), "result")
    if not place.strip() or not tested_by.strip():
        raise DomainError("test_details_required", _("Enter the place and who tested."), "place")
    if grounds and grounds not in TestGrounds.values:
        raise DomainError("grounds_invalid", _("Choose the grounds for testing."), "grounds")
    rules = _rules(tested_on, "tested_on")
    test = DrugTest.objects.create(
        person=person,
        tested_on=tested_on,
        place=place.strip(),
        result=result,
        tested_by=tested_by.strip(),
        substances=substances.strip(),
        grounds=grounds,
        recorded_by=actor,
    )
    person_event_record(
        person=person,
        actor=actor,
        action=EventAction.DRUG_TEST,
        changes={
            "result": [None, test.get_result_display()],
            "tested_on": [None, tested_on.isoformat()],
            **({"grounds": [None, test.get_grounds_display()]} if grounds else {}),
        },
        note=test.substances,
    )
    if result != TestResult.POSITIVE:
        return test
    if not CategoryPeriod.objects.filter(
        person=person, category=Category.DRUG_USER, end_date__isnull=True
    ).exists():
        CategoryPeriod.objects.create(
            person=person,
            category=Category.DRUG_USER,
            start_date=tested_on,
            reason=str(_("Positive drug test")),
            recorded_by=actor,
        )
    active = UserManagement.objects.filter(person=person, status=ManagementStatus.ACTIVE).first()
    if active is not None and active.decision_date and tested_on >= active.decision_date:
        # Law 73/2021 art. 27: re-use during management requires determining the addiction.
        if DeterminationTrigger.REUSE_DURING_MANAGEMENT in rules.determination_triggers:
            _determination_open(
                actor, person, DeterminationTrigger.REUSE_DURING_MANAGEMENT, tested_on, rules.code
            )
        return test
    if (
        not UserManagement.objects.filter(person=person)
        .exclude(status=ManagementStatus.ENDED)
        .exists()
    ):
        due = deadline_in_working_days(tested_on, rules.management_decision_working_days)
        UserManagement.objects.create(
            person=person,
            positive_test=test,
            status=ManagementStatus.AWAITING_DECISION,
            law_code=rules.code,
            decision_due=due,
        )
        person_event_record(
            person=person,
            actor=actor,
            action=EventAction.MANAGEMENT_OPENED,
            changes={"decision_due": [None, due.isoformat()]},
        )
    return test


@transaction.atomic
def management_decision_issue(
    *,
    actor: Any,
    management: UserManagement,
    number: str,
    decision_date: datetime.date,
    signer: str,
) -> UserManagement:
    """The commune chairman's decision starts the period the law of the decision date sets."""
    management = (
        UserManagement.objects.select_for_update()
        .select_related("person__managing_commune", "positive_test")
        .get(pk=management.pk)
    )
    _check_write(actor, management.person)
    if management.status != ManagementStatus.AWAITING_DECISION:
        raise _illegal(_("A decision has already been issued for this management."))
    if not number.strip() or not signer.strip():
        raise DomainError(
            "decision_details_required", _("Enter the decision number and who signed it."), "number"
        )
    _check_date(decision_date, "decision_date", not_before=management.positive_test.tested_on)
    rules = _rules(decision_date, "decision_date")
    management.status = ManagementStatus.ACTIVE
    management.decision_number = number.strip()
    management.decision_date = decision_date
    management.signer = signer.strip()
    management.law_code = rules.code
    # Law 73/2021 art. 23 and Law 120/2025: one year from the chairman's decision.
    management.period_end = add_months(decision_date, rules.management_period_months)
    management.save()
    person_event_record(
        person=management.person,
        actor=actor,
        action=EventAction.MANAGEMENT_DECIDED,
        changes={
            "decision_number": [None, management.decision_number],
            "decision_date": [None, decision_date.isoformat()],
            "period_end": [None, management.period_end.isoformat()],
        },
    )
    return management


@transaction.atomic
def management_end(
    *, actor: Any, management: UserManagement, ended_on: datetime.date, reason: str
) -> UserManagement:
    """End the period: served in full, or early for a reason the law lists."""
    management = (
        UserManagement.objects.select_for_update()
        .select_related("person__managing_commune")
        .get(pk=management.pk)
    )
    _check_write(actor, management.person)
    if management.status != ManagementStatus.ACTIVE:
        raise _illegal(_("Only a management under way can end."))
    assert management.decision_date is not None and management.period_end is not None
    _check_date(ended_on, "ended_on", not_before=management.decision_date)
    rules = _rules(ended_on, "ended_on")
    if reason == ManagementEndReason.PERIOD_SERVED:
        if ended_on < management.period_end:
            raise _illegal(
                _("The period runs until %(day)s; end it early only for a reason the law lists.")
                % {"day": management.period_end.strftime("%d/%m/%Y")}
            )
    elif reason not in rules.management_early_end_reasons:
        raise DomainError("end_reason_required", _("Choose why the management ends."), "reason")
    management.status = ManagementStatus.ENDED
    management.ended_on = ended_on
    management.end_reason = reason
    management.save()
    person_event_record(
        person=management.person,
        actor=actor,
        action=EventAction.MANAGEMENT_ENDED,
        changes={
            "ended_on": [None, ended_on.isoformat()],
            "end_reason": [None, management.get_end_reason_display()],
        },
    )
    return management


def _determination_open(
    actor: Any, person: Person, trigger: str, required_on: datetime.date, law_code: str
) -> AddictionDetermination | None:
    """Open a determination unless one is already open for the person."""
    if (
        AddictionDetermination.objects.filter(person=person)
        .exclude(status=DeterminationStatus.DETERMINED)
        .exists()
    ):
        return None
    determination = AddictionDetermination.objects.create(
        person=person,
        trigger=trigger,
        status=DeterminationStatus.REQUIRED,
        required_on=required_on,
        law_code=law_code,
    )
    person_event_record(
        person=person,
        actor=actor,
        action=EventAction.DETERMINATION_REQUIRED,
        changes={"trigger": [None, determination.get_trigger_display()]},
    )
    return determination


@transaction.atomic
def determination_require(
    *, actor: Any, person: Person, trigger: str, required_on: datetime.date
) -> AddictionDetermination:
    """Record that the law requires determining the person's addiction, and why."""
    _check_write(actor, person)
    _check_date(required_on, "required_on")
    rules = _rules(required_on, "required_on")
    if trigger not in rules.determination_triggers:
        raise DomainError(
            "trigger_required", _("Choose why the determination is required."), "trigger"
        )
    determination = _determination_open(actor, person, trigger, required_on, rules.code)
    if determination is None:
        raise _illegal(_("A determination is already under way for this person."))
    return determination


@transaction.atomic
def determination_request(
    *,
    actor: Any,
    determination: AddictionDetermination,
    facility: str,
    requested_on: datetime.date,
) -> AddictionDetermination:
    """Send the person to a qualified medical facility."""
    determination = (
        AddictionDetermination.objects.select_for_update()
        .select_related("person__managing_commune")
        .get(pk=determination.pk)
    )
    _check_write(actor, determination.person)
    if determination.status != DeterminationStatus.REQUIRED:
        raise _illegal(_("The determination has already been requested."))
    if not facility.strip():
        raise DomainError("facility_required", _("Enter the medical facility."), "facility")
    _check_date(requested_on, "requested_on", not_before=determination.required_on)
    determination.status = DeterminationStatus.REQUESTED
    determination.facility = facility.strip()
    determination.requested_on = requested_on
    determination.save()
    person_event_record(
        person=determination.person,
        actor=actor,
        action=EventAction.DETERMINATION_REQUESTED,
        changes={"facility": [None, determination.facility]},
    )
    return determination


@transaction.atomic
def determination_record(
    *,
    actor: Any,
    determination: AddictionDetermination,
    determined_on: datetime.date,
    result: str,
) -> AddictionDetermination:
    """Record the facility's result. Dependence makes the person a dependent person and ends
    the user management (Law 73/2021 art. 23: ends early when dependence is determined)."""
    determination = (
        AddictionDetermination.objects.select_for_update()
        .select_related("person__managing_commune")
        .get(pk=determination.pk)
    )
    person = determination.person
    _check_write(actor, person)
    if determination.status != DeterminationStatus.REQUESTED:
        raise _illegal(_("Request the determination from a medical facility first."))
    if result not in DeterminationResult.values:
        raise DomainError("result_required", _("Choose the result."), "result")
    assert determination.requested_on is not None
    _check_date(determined_on, "determined_on", not_before=determination.requested_on)
    determination.status = DeterminationStatus.DETERMINED
    determination.determined_on = determined_on
    determination.result = result
    determination.save()
    person_event_record(
        person=person,
        actor=actor,
        action=EventAction.DETERMINATION_DONE,
        changes={"result": [None, determination.get_result_display()]},
    )
    if result != DeterminationResult.DEPENDENT:
        return determination
    if not CategoryPeriod.objects.filter(
        person=person, category=Category.DEPENDENT, end_date__isnull=True
    ).exists():
        CategoryPeriod.objects.create(
            person=person,
            category=Category.DEPENDENT,
            start_date=determined_on,
            reason=str(
                _("Dependence determined by %(facility)s") % {"facility": determination.facility}
            ),
            recorded_by=actor,
        )
    active = UserManagement.objects.filter(person=person, status=ManagementStatus.ACTIVE).first()
    if active is not None and active.decision_date and determined_on >= active.decision_date:
        management_end(
            actor=actor,
            management=active,
            ended_on=determined_on,
            reason=ManagementEndReason.DEPENDENCE_DETERMINED,
        )
    return determination


@transaction.atomic
def therapy_start(
    *, actor: Any, person: Person, clinic: str, started_on: datetime.date
) -> SubstitutionTherapy:
    """Start substitution therapy; the person enters the substitution-therapy category."""
    _check_write(actor, person)
    _check_date(started_on, "started_on")
    if not clinic.strip():
        raise DomainError("clinic_required", _("Enter the clinic."), "clinic")
    if SubstitutionTherapy.objects.filter(person=person, stopped_on__isnull=True).exists():
        raise _illegal(_("The person is already in substitution therapy."))
    therapy = SubstitutionTherapy.objects.create(
        person=person, clinic=clinic.strip(), started_on=started_on
    )
    if not CategoryPeriod.objects.filter(
        person=person, category=Category.SUBSTITUTION_THERAPY, end_date__isnull=True
    ).exists():
        CategoryPeriod.objects.create(
            person=person,
            category=Category.SUBSTITUTION_THERAPY,
            start_date=started_on,
            reason=therapy.clinic,
            recorded_by=actor,
        )
    person_event_record(
        person=person,
        actor=actor,
        action=EventAction.THERAPY_STARTED,
        changes={"clinic": [None, therapy.clinic], "started_on": [None, started_on.isoformat()]},
    )
    return therapy


@transaction.atomic
def therapy_stop(
    *, actor: Any, therapy: SubstitutionTherapy, stopped_on: datetime.date, reason: str
) -> SubstitutionTherapy:
    """Stop the therapy with a reason; the category period ends the same day."""
    therapy = (
        SubstitutionTherapy.objects.select_for_update()
        .select_related("person__managing_commune")
        .get(pk=therapy.pk)
    )
    _check_write(actor, therapy.person)
    if therapy.stopped_on is not None:
        raise _illegal(_("This therapy has already stopped."))
    if reason not in TherapyStopReason.values:
        raise DomainError("stop_reason_required", _("Choose why the therapy stops."), "reason")
    _check_date(stopped_on, "stopped_on", not_before=therapy.started_on)
    therapy.stopped_on = stopped_on
    therapy.stop_reason = reason
    therapy.save()
    CategoryPeriod.objects.filter(
        person=therapy.person,
        category=Category.SUBSTITUTION_THERAPY,
        end_date__isnull=True,
        start_date__lte=stopped_on,
    ).update(end_date=stopped_on, end_reason=therapy.get_stop_reason_display())
    person_event_record(
        person=therapy.person,
        actor=actor,
        action=EventAction.THERAPY_STOPPED,
        changes={
            "stopped_on": [None, stopped_on.isoformat()],
            "stop_reason": [None, therapy.get_stop_reason_display()],
        },
    )
    return therapy
