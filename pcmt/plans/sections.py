"""The causes section of the person's page, registered at start-up."""

from django.http import HttpRequest

from pcmt.accounts.scope import Scope
from pcmt.core.extensions import PersonSection
from pcmt.persons.models import Person
from pcmt.plans.models import NewCaseCause, Substance, Workplace


def person_section(request: HttpRequest, person: Person, scope: Scope) -> PersonSection | None:
    """What led the person to drugs, when recorded; the form's link for his officers."""
    cause = (
        NewCaseCause.objects.filter(person=person)
        .select_related("industrial_zone", "school", "origin_province")
        .first()
    )
    can_edit = scope.can_write_persons and scope.reaches_commune(person.managing_commune)
    if cause is None and not can_edit:
        return None
    return PersonSection(
        "plans/_person_cause.html",
        {
            "cause": cause,
            "reasons": ", ".join(r.name for r in cause.reasons.all()) if cause else "",
            "substance": dict(Substance.choices).get(cause.first_substance, "") if cause else "",
            "workplace": dict(Workplace.choices).get(cause.workplace, "") if cause else "",
            "can_edit": can_edit,
        },
    )
