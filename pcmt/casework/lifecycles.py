"""Casework lifecycles, declared once: user management, addiction determination,
substitution therapy. Pages, API, schema and diagrams are derived from these tables."""

import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.capabilities import Capability
from pcmt.casework import selectors
from pcmt.casework.forms import (
    DecisionForm,
    DeterminationRequestForm,
    DeterminationRequireForm,
    DeterminationResultForm,
    DrugTestForm,
    ManagementEndForm,
    TherapyStartForm,
    TherapyStopForm,
)
from pcmt.casework.guards import record_event
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
from pcmt.casework.serializers import (
    DeterminationSerializer,
    DrugTestSerializer,
    ManagementSerializer,
    TherapySerializer,
)
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
from pcmt.lifecycle.runner import transition_run
from pcmt.persons.models import Category, CategoryPeriod, EventAction, Person
from pcmt.persons.selectors import person_get
from pcmt.rules.calendar import add_months
from pcmt.rules.deadlines import management_decision_start
from pcmt.rules.selectors import deadline_in_working_days

WHO = _("an officer whose jurisdiction holds the person's managing commune")


def episode_writable(actor: Any, episode: Any) -> None:
    """The scope hook of an episode: write access to its person's managing commune."""
    person_writable(
        actor, Person.objects.select_related("managing_commune").get(pk=episode.person_id)
    )


def episode_person(episode: Any) -> Person:
    return episode.person


def _category_start(
    person: Person, category: str, day: datetime.date, reason: str, actor: Any
) -> None:
    if not CategoryPeriod.objects.filter(
        person=person, category=category, end_date__isnull=True
    ).exists():
        CategoryPeriod.objects.create(
            person=person, category=category, start_date=day, reason=reason, recorded_by=actor
        )


def _choices(choices: type[models.TextChoices], blank: bool = False) -> Any:
    return lambda step: [*choices.values, *([""] if blank else [])]


# User management --------------------------------------------------------------------------


def _test_record(step: Step) -> DrugTest:
    data = step.data
    test = DrugTest.objects.create(
        person=step.obj,
        tested_on=data["tested_on"],
        place=data["place"].strip(),
        result=data["result"],
        tested_by=data["tested_by"].strip(),
        substances=(data.get("substances") or "").strip(),
        grounds=data.get("grounds") or "",
        result_received_on=data.get("result_received_on"),
        recorded_by=step.actor,
    )
    step.changes = {
        "result": [None, test.get_result_display()],
        "tested_on": [None, test.tested_on.isoformat()],
        **({"grounds": [None, test.get_grounds_display()]} if test.grounds else {}),
        **(
            {"result_received_on": [None, test.result_received_on.isoformat()]}
            if test.result_received_on
            else {}
        ),
    }
    step.note = test.substances
    return test


def _result_received_valid(step: Step) -> None:
    """The day the result was received, when given: not in the future, not before the test."""
    received = step.data.get("result_received_on")
    if received is not None:
        check_date(received, "result_received_on", not_before=step.data["tested_on"])


def _test_follow_up(step: Step) -> None:
    """A positive test opens the user-management measure, due for decision within the working
    days the law of the test date gives, counted from the day the result was received
    (Law 73/2021 art. 23, Decree 105/2021/NĐ-CP)."""
    test: DrugTest = step.result
    person, actor, rules = step.obj, step.actor, step.rules
    assert rules is not None
    if test.result != TestResult.POSITIVE:
        return
    _category_start(person, Category.DRUG_USER, test.tested_on, str(_("Positive drug test")), actor)
    active = UserManagement.objects.filter(person=person, status=ManagementStatus.ACTIVE).first()
    if active is not None and active.decision_date and test.tested_on >= active.decision_date:
        # Law 73/2021 art. 27: re-use during management requires determining the addiction.
        if DeterminationTrigger.REUSE_DURING_MANAGEMENT in rules.determination_triggers:
            determination_open(
                actor,
                person,
                DeterminationTrigger.REUSE_DURING_MANAGEMENT,
                test.tested_on,
                rules.code,
            )
        return
    if (
        not UserManagement.objects.filter(person=person)
        .exclude(status=ManagementStatus.ENDED)
        .exists()
    ):
        due = deadline_in_working_days(
            management_decision_start(
                tested_on=test.tested_on, result_received_on=test.result_received_on
            ),
            rules.management_decision_working_days,
        )
        UserManagement.objects.create(
            person=person,
            positive_test=test,
            status=ManagementStatus.AWAITING_DECISION,
            law_code=rules.code,
            decision_due=due,
        )
        record_event(
            person, actor, EventAction.MANAGEMENT_OPENED, {"decision_due": [None, due.isoformat()]}
        )


def _decide(step: Step) -> UserManagement:
    """The commune chairman's decision starts the period the law of the decision date sets."""
    management: UserManagement = step.obj
    rules = step.rules
    assert rules is not None
    management.decision_number = step.data["number"].strip()
    management.decision_date = step.data["decision_date"]
    management.signer = step.data["signer"].strip()
    management.law_code = rules.code
    # Law 73/2021 art. 23 and Law 120/2025: one year from the chairman's decision.
    management.period_end = add_months(management.decision_date, rules.management_period_months)
    step.changes = {
        "decision_number": [None, management.decision_number],
        "decision_date": [None, management.decision_date.isoformat()],
        "period_end": [None, management.period_end.isoformat()],
    }
    return management


def _end_reason_allowed(step: Step) -> None:
    management: UserManagement = step.obj
    reason, ended_on = step.data["reason"], step.data["ended_on"]
    assert step.rules is not None and management.period_end is not None
    if reason == ManagementEndReason.PERIOD_SERVED:
        if ended_on < management.period_end:
            raise illegal(
                _("The period runs until %(day)s; end it early only for a reason the law lists.")
                % {"day": management.period_end.strftime("%d/%m/%Y")}
            )
    elif reason not in step.rules.management_early_end_reasons:
        raise DomainError("end_reason_required", _("Choose why the management ends."), "reason")


def _end(step: Step) -> UserManagement:
    """End the period: served in full, or early for a reason the law lists."""
    management: UserManagement = step.obj
    management.ended_on = step.data["ended_on"]
    management.end_reason = step.data["reason"]
    step.changes = {
        "ended_on": [None, management.ended_on.isoformat()],
        "end_reason": [None, management.get_end_reason_display()],
    }
    return management


MANAGEMENT = register(
    Lifecycle(
        name="user_management",
        label=_("User management"),
        model=UserManagement,
        state_field="status",
        states=ManagementStatus,
        url_kwarg="management_pk",
        load=selectors.management_get,
        check_write=episode_writable,
        subject=episode_person,
        record=record_event,
        who=WHO,
        parent_model=Person,
        parent_load=person_get,
        parent_check_write=person_writable,
        transitions=(
            Transition(
                name="drug_test_record",
                label=_("Record a drug test (a positive one opens the management)"),
                source=(INITIAL,),
                target=ManagementStatus.AWAITING_DECISION,
                refused=_("A drug test is recorded on a person."),
                form=DrugTestForm,
                guards=(
                    dated("tested_on"),
                    one_of(
                        "result", _choices(TestResult), "result_required", _("Choose the result.")
                    ),
                    required(
                        ("place", "tested_by"),
                        "test_details_required",
                        _("Enter the place and who tested."),
                        "place",
                    ),
                    one_of(
                        "grounds",
                        _choices(TestGrounds, blank=True),
                        "grounds_invalid",
                        _("Choose the grounds for testing."),
                    ),
                    law_in_force("tested_on"),
                    rule(
                        _("result_received_on, if given, not in the future, not before the test"),
                        _result_received_valid,
                    ),
                ),
                effect=_test_record,
                event=EventAction.DRUG_TEST,
                then=_test_follow_up,
                path="persons/<int:pk>/drug-tests/",
                page_name="drug_test_add",
                api_name="api_drug_test_list",
                response=DrugTestSerializer,
                created=True,
                done=_("The drug test has been recorded."),
                date_field="tested_on",
            ),
            Transition(
                name="management_decision_issue",
                label=_("Record the commune chairman's decision"),
                source=(ManagementStatus.AWAITING_DECISION,),
                target=ManagementStatus.ACTIVE,
                refused=_("A decision has already been issued for this management."),
                form=DecisionForm,
                guards=(
                    required(
                        ("number", "signer"),
                        "decision_details_required",
                        _("Enter the decision number and who signed it."),
                        "number",
                    ),
                    dated(
                        "decision_date",
                        after=lambda m: m.positive_test.tested_on,
                        previous=_("the positive test"),
                    ),
                    law_in_force("decision_date"),
                ),
                effect=_decide,
                event=EventAction.MANAGEMENT_DECIDED,
                path="managements/<int:management_pk>/decision/",
                page_name="management_decide",
                api_name="api_management_decision",
                response=ManagementSerializer,
                done=_("The management decision has been recorded."),
                date_field="decision_date",
            ),
            Transition(
                name="management_end",
                label=_("End a management: period served, or early for a reason the law lists"),
                source=(ManagementStatus.ACTIVE,),
                target=ManagementStatus.ENDED,
                refused=_("Only a management under way can end."),
                form=ManagementEndForm,
                guards=(
                    dated("ended_on", after=lambda m: m.decision_date, previous=_("the decision")),
                    law_in_force("ended_on"),
                    rule(
                        _("period served, or an early-end reason of the law"), _end_reason_allowed
                    ),
                ),
                effect=_end,
                event=EventAction.MANAGEMENT_ENDED,
                path="managements/<int:management_pk>/end/",
                page_name="management_finish",
                api_name="api_management_end",
                response=ManagementSerializer,
                done=_("The management has ended."),
                date_field="ended_on",
            ),
        ),
    )
)


# Addiction determination ------------------------------------------------------------------


def determination_open(
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
    record_event(
        person,
        actor,
        EventAction.DETERMINATION_REQUIRED,
        {"trigger": [None, determination.get_trigger_display()]},
    )
    return determination


def _trigger_allowed(step: Step) -> None:
    assert step.rules is not None
    if step.data["trigger"] not in step.rules.determination_triggers:
        raise DomainError(
            "trigger_required", _("Choose why the determination is required."), "trigger"
        )


def _require(step: Step) -> AddictionDetermination:
    """Record that the law requires determining the person's addiction, and why."""
    assert step.rules is not None
    determination = determination_open(
        step.actor, step.obj, step.data["trigger"], step.data["required_on"], step.rules.code
    )
    if determination is None:
        raise illegal(_("A determination is already under way for this person."))
    return determination


def _request(step: Step) -> AddictionDetermination:
    determination: AddictionDetermination = step.obj
    determination.facility = step.data["facility"].strip()
    determination.requested_on = step.data["requested_on"]
    step.changes = {"facility": [None, determination.facility]}
    return determination


def _result(step: Step) -> AddictionDetermination:
    determination: AddictionDetermination = step.obj
    determination.determined_on = step.data["determined_on"]
    determination.result = step.data["result"]
    step.changes = {"result": [None, determination.get_result_display()]}
    return determination


def _result_follow_up(step: Step) -> None:
    """Dependence makes the person a dependent person and ends the user management
    (Law 73/2021 art. 23: ends early when dependence is determined)."""
    determination: AddictionDetermination = step.obj
    if determination.result != DeterminationResult.DEPENDENT:
        return
    person, determined_on = determination.person, step.data["determined_on"]
    _category_start(
        person,
        Category.DEPENDENT,
        determined_on,
        str(_("Dependence determined by %(facility)s") % {"facility": determination.facility}),
        step.actor,
    )
    active = UserManagement.objects.filter(person=person, status=ManagementStatus.ACTIVE).first()
    if active is not None and active.decision_date and determined_on >= active.decision_date:
        transition_run(
            lifecycle=MANAGEMENT,
            name="management_end",
            actor=step.actor,
            obj_or_pk=active,
            data={"ended_on": determined_on, "reason": ManagementEndReason.DEPENDENCE_DETERMINED},
            origin=step.origin,
        )


DETERMINATION = register(
    Lifecycle(
        name="addiction_determination",
        label=_("Addiction determination"),
        model=AddictionDetermination,
        state_field="status",
        states=DeterminationStatus,
        url_kwarg="determination_pk",
        load=selectors.determination_get,
        check_write=episode_writable,
        subject=episode_person,
        record=record_event,
        who=WHO,
        parent_model=Person,
        parent_load=person_get,
        parent_check_write=person_writable,
        transitions=(
            Transition(
                name="determination_require",
                label=_("Record that a person's addiction must be determined, and why"),
                source=(INITIAL,),
                target=DeterminationStatus.REQUIRED,
                refused=_("A determination is already under way for this person."),
                form=DeterminationRequireForm,
                guards=(
                    dated("required_on"),
                    law_in_force("required_on"),
                    rule(_("a trigger the law in force lists"), _trigger_allowed),
                ),
                effect=_require,
                path="persons/<int:pk>/determinations/",
                page_name="determination_add",
                api_name="api_determination_list",
                response=DeterminationSerializer,
                created=True,
                done=_("The determination is recorded as required."),
                date_field="required_on",
            ),
            Transition(
                name="determination_request",
                label=_("Send the person to a qualified medical facility"),
                source=(DeterminationStatus.REQUIRED,),
                target=DeterminationStatus.REQUESTED,
                refused=_("The determination has already been requested."),
                form=DeterminationRequestForm,
                guards=(
                    required(("facility",), "facility_required", _("Enter the medical facility.")),
                    dated(
                        "requested_on",
                        after=lambda d: d.required_on,
                        previous=_("the date it was required"),
                    ),
                ),
                effect=_request,
                event=EventAction.DETERMINATION_REQUESTED,
                path="determinations/<int:determination_pk>/request/",
                page_name="determination_send",
                api_name="api_determination_request",
                response=DeterminationSerializer,
                done=_("The determination has been requested."),
                date_field="requested_on",
            ),
            Transition(
                name="determination_record",
                label=_("Record the facility's result; dependence ends the user management"),
                source=(DeterminationStatus.REQUESTED,),
                target=DeterminationStatus.DETERMINED,
                refused=_("Request the determination from a medical facility first."),
                form=DeterminationResultForm,
                guards=(
                    capability(Capability.DETERMINATION_RECORD),
                    one_of(
                        "result",
                        _choices(DeterminationResult),
                        "result_required",
                        _("Choose the result."),
                    ),
                    dated(
                        "determined_on", after=lambda d: d.requested_on, previous=_("the request")
                    ),
                ),
                effect=_result,
                event=EventAction.DETERMINATION_DONE,
                then=_result_follow_up,
                path="determinations/<int:determination_pk>/result/",
                page_name="determination_result",
                api_name="api_determination_result",
                response=DeterminationSerializer,
                done=_("The result has been recorded."),
                date_field="determined_on",
            ),
        ),
    )
)


# Substitution therapy ---------------------------------------------------------------------


class TherapyState(models.TextChoices):
    """Substitution therapy keeps no status field: it is ongoing until it has stopped."""

    ONGOING = "ongoing", _("In substitution therapy")
    STOPPED = "stopped", _("Stopped")


def _therapy_start(step: Step) -> SubstitutionTherapy:
    """Start substitution therapy; the person enters the substitution-therapy category."""
    person: Person = step.obj
    if SubstitutionTherapy.objects.filter(person=person, stopped_on__isnull=True).exists():
        raise illegal(_("The person is already in substitution therapy."))
    therapy = SubstitutionTherapy.objects.create(
        person=person, clinic=step.data["clinic"].strip(), started_on=step.data["started_on"]
    )
    _category_start(
        person, Category.SUBSTITUTION_THERAPY, therapy.started_on, therapy.clinic, step.actor
    )
    step.changes = {
        "clinic": [None, therapy.clinic],
        "started_on": [None, therapy.started_on.isoformat()],
    }
    return therapy


def _therapy_stop(step: Step) -> SubstitutionTherapy:
    """Stop the therapy with a reason; the category period ends the same day."""
    therapy: SubstitutionTherapy = step.obj
    therapy.stopped_on = step.data["stopped_on"]
    therapy.stop_reason = step.data["reason"]
    CategoryPeriod.objects.filter(
        person_id=therapy.person_id,
        category=Category.SUBSTITUTION_THERAPY,
        end_date__isnull=True,
        start_date__lte=therapy.stopped_on,
    ).update(end_date=therapy.stopped_on, end_reason=therapy.get_stop_reason_display())
    step.changes = {
        "stopped_on": [None, therapy.stopped_on.isoformat()],
        "stop_reason": [None, therapy.get_stop_reason_display()],
    }
    return therapy


def _therapy_stop_follow_up(step: Step) -> None:
    """Completing substitution therapy opens post-rehab management for the term of Law 73/2021
    art. 40 (1 year); stopping for any other reason opens nothing."""
    # Rehab keeps post-rehab management and builds on casework: imported when run.
    from pcmt.rehab.lifecycles import post_rehab_after_therapy

    post_rehab_after_therapy(step.actor, step.obj)


THERAPY = register(
    Lifecycle(
        name="substitution_therapy",
        label=_("Substitution therapy"),
        model=SubstitutionTherapy,
        state_field=None,
        state_of=lambda t: TherapyState.STOPPED if t.stopped_on else TherapyState.ONGOING,
        states=TherapyState,
        url_kwarg="therapy_pk",
        load=selectors.therapy_get,
        check_write=episode_writable,
        subject=episode_person,
        record=record_event,
        who=WHO,
        parent_model=Person,
        parent_load=person_get,
        parent_check_write=person_writable,
        transitions=(
            Transition(
                name="therapy_start",
                label=_("Start substitution therapy (methadone) for a person"),
                source=(INITIAL,),
                target=TherapyState.ONGOING,
                refused=_("The person is already in substitution therapy."),
                form=TherapyStartForm,
                guards=(
                    capability(Capability.THERAPY_RECORD),
                    dated("started_on"),
                    required(("clinic",), "clinic_required", _("Enter the clinic.")),
                ),
                effect=_therapy_start,
                event=EventAction.THERAPY_STARTED,
                path="persons/<int:pk>/therapies/",
                page_name="therapy_add",
                api_name="api_therapy_list",
                response=TherapySerializer,
                created=True,
                done=_("The substitution therapy has been recorded."),
                date_field="started_on",
            ),
            Transition(
                name="therapy_stop",
                label=_("Stop substitution therapy with a reason (completed opens post-rehab)"),
                source=(TherapyState.ONGOING,),
                target=TherapyState.STOPPED,
                refused=_("This therapy has already stopped."),
                form=TherapyStopForm,
                guards=(
                    one_of(
                        "reason",
                        _choices(TherapyStopReason),
                        "stop_reason_required",
                        _("Choose why the therapy stops."),
                    ),
                    dated("stopped_on", after=lambda t: t.started_on, previous=_("the start")),
                ),
                effect=_therapy_stop,
                event=EventAction.THERAPY_STOPPED,
                then=_therapy_stop_follow_up,
                path="therapies/<int:therapy_pk>/stop/",
                page_name="therapy_end",
                api_name="api_therapy_stop",
                response=TherapySerializer,
                done=_("The substitution therapy has stopped."),
                date_field="stopped_on",
            ),
        ),
    )
)

LIFECYCLES = (MANAGEMENT, DETERMINATION, THERAPY)
