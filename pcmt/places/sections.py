"""The person page's section of the places a person is linked to, registered at start-up."""

from django.http import HttpRequest

from pcmt.accounts.scope import Scope
from pcmt.core.extensions import PersonSection
from pcmt.persons.models import Person
from pcmt.places.selectors import person_places


def person_section(request: HttpRequest, person: Person, scope: Scope) -> PersonSection | None:
    """Hotspots and incidents the person is involved in; only for readers of places (health
    and social-services users, who read the person, see nothing of it)."""
    links = person_places(request.user, person.pk)
    if not links:
        return None
    return PersonSection("places/_person_section.html", {"links": links})
