"""Casework's part of the person's page (drug tests, management, determination, therapy)."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from pcmt.accounts.scope import Scope
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
from pcmt.casework.selectors import person_episodes
from pcmt.core.extensions import PersonSection
from pcmt.persons.models import Person


def person_section(request: HttpRequest, person: Person, scope: Scope) -> PersonSection:
    today = timezone.localdate()
    context: dict[str, Any] = {
        **person_episodes(person),
        "test_form": DrugTestForm(initial={"tested_on": today}),
        "decision_form": DecisionForm(initial={"decision_date": today}),
        "management_end_form": ManagementEndForm(initial={"ended_on": today}),
        "require_form": DeterminationRequireForm(initial={"required_on": today}),
        "request_form": DeterminationRequestForm(initial={"requested_on": today}),
        "result_form": DeterminationResultForm(initial={"determined_on": today}),
        "therapy_form": TherapyStartForm(initial={"started_on": today}),
        "therapy_stop_form": TherapyStopForm(initial={"stopped_on": today}),
    }
    return PersonSection("casework/_person_section.html", context)
