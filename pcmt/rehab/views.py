"""The rehab section of the person page; its actions are derived from `lifecycles.py`."""

from typing import Any

from django.http import HttpRequest

from pcmt.accounts.scope import Scope
from pcmt.core.extensions import PersonSection
from pcmt.persons.models import Person
from pcmt.rehab import forms, selectors


def person_section(request: HttpRequest, person: Person, scope: Scope) -> PersonSection | None:
    """Rehab and post-rehab on the person's page, with the forms to act when allowed."""
    if not scope.can_read_persons:
        return None
    context: dict[str, Any] = selectors.person_rehab(person)
    if scope.can_write_persons:
        context.update(forms.section_forms())
    return PersonSection("rehab/_person_section.html", context)
