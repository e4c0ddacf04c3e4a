"""Extension points other apps register into from their AppConfig.ready().

- Worklist sections: what is due or overdue in a jurisdiction, shown on the home page, in
  the worklist API and used by the deadline notifications.
- Person-page sections: a template and its context, shown on the person's page.
- Person reach: persons a scope reads beyond those it manages (moves of residence).
- Commune keepers: who may maintain a commune's reference data (villages); accounts, which
  knows jurisdictions, answers for geo, which sits below it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest

    from pcmt.accounts.scope import Scope
    from pcmt.core.worklists import WorklistQuery
    from pcmt.persons.models import Person


@dataclass
class WorkItem:
    """One thing to do about one person, or about a place (no person: `person_id` None)."""

    person_id: int | None
    person_name: str
    commune_name: str
    label: str
    due: datetime.date | None
    url: str

    def overdue_on(self, today: datetime.date) -> bool:
        return self.due is not None and self.due < today


@dataclass
class WorklistSection:
    """A titled list of work items; `count` is the full count, `items` at most the limit."""

    key: str
    title: str
    items: list[WorkItem]
    count: int
    by_commune: list[tuple[str, int]] = field(default_factory=list)


# A provider declares its section as a WorklistQuery, read with all the others in two queries.
WorklistProvider = Callable[["Scope", datetime.date, int], "WorklistQuery | WorklistSection | None"]
_worklist_providers: list[tuple[int, WorklistProvider]] = []


def register_worklist(provider: WorklistProvider, *, order: int = 100) -> None:
    """Add a provider; called once per app from AppConfig.ready()."""
    if provider not in [p for _, p in _worklist_providers]:
        _worklist_providers.append((order, provider))
        _worklist_providers.sort(key=lambda pair: pair[0])


def worklist_sections(
    scope: "Scope",
    today: datetime.date,
    limit: int = 50,
    *,
    before: "list[WorklistQuery] | None" = None,
) -> list[WorklistSection]:
    """Every registered section for the scope (after `before`); empty ones are dropped.

    The declared sections are read together (pcmt.core.worklists): two queries in all."""
    from pcmt.core.worklists import WorklistQuery, worklist_read

    if not scope.can_read_persons:
        return []
    found = [*(before or []), *(p(scope, today, limit) for _, p in _worklist_providers)]
    read = iter(worklist_read([f for f in found if isinstance(f, WorklistQuery)]))
    sections = [next(read) if isinstance(f, WorklistQuery) else f for f in found if f is not None]
    return [section for section in sections if section.count]


@dataclass
class PersonSection:
    template: str
    context: dict[str, Any]


PersonSectionProvider = Callable[["HttpRequest", "Person", "Scope"], PersonSection | None]
_person_sections: list[tuple[int, PersonSectionProvider]] = []


def register_person_section(provider: PersonSectionProvider, *, order: int = 100) -> None:
    """Add a section to the person's page; the template gets `section` (its context)."""
    if provider not in [p for _, p in _person_sections]:
        _person_sections.append((order, provider))
        _person_sections.sort(key=lambda pair: pair[0])


def person_sections(
    request: "HttpRequest", person: "Person", scope: "Scope"
) -> list[PersonSection]:
    found = [provider(request, person, scope) for _, provider in _person_sections]
    return [section for section in found if section is not None]


@dataclass
class Deadline:
    """A date by which something must happen to a person under the law."""

    due: datetime.date
    label: str
    rule: str = ""  # the law and article, e.g. "Law 120/2025, art. 23"


DeadlineProvider = Callable[["Person"], list[Deadline]]
_deadline_providers: list[DeadlineProvider] = []


def register_person_deadlines(provider: DeadlineProvider) -> None:
    """Add the open deadlines of an app's episodes to the person's page."""
    if provider not in _deadline_providers:
        _deadline_providers.append(provider)


def person_records[T](person: "Person", key: str, read: Callable[[], T]) -> T:
    """What an app reads about a person, read once for the page: its section and its
    deadlines receive the same person object and share the result."""
    memo: dict[str, Any] = person.__dict__.setdefault("_records_read", {})
    if key not in memo:
        memo[key] = read()
    return memo[key]


def person_deadlines(person: "Person") -> list[Deadline]:
    """Every open deadline of a person, soonest first."""
    found = [deadline for provider in _deadline_providers for deadline in provider(person)]
    return sorted(found, key=lambda deadline: deadline.due)


# A queryset of person ids (values_list("…", flat=True)) the scope reads beyond its own.
PersonReachProvider = Callable[["Scope"], "QuerySet[Any, int]"]
_person_reach: list[PersonReachProvider] = []


def register_person_reach(provider: PersonReachProvider) -> None:
    """Widen every read of persons: `Scope.person_q` adds the ids the provider gives."""
    if provider not in _person_reach:
        _person_reach.append(provider)


def person_reach(scope: "Scope") -> list["QuerySet[Any, int]"]:
    return [provider(scope) for provider in _person_reach]


CommuneKeeperCheck = Callable[[Any, Any], bool]
_commune_keeper_checks: list[CommuneKeeperCheck] = []


def register_commune_keeper(check: CommuneKeeperCheck) -> None:
    """Add a check `(user, commune) -> bool`; any one saying yes lets the user edit."""
    if check not in _commune_keeper_checks:
        _commune_keeper_checks.append(check)


def may_keep_commune(user: Any, commune: Any) -> bool:
    """Whether the user maintains the commune's villages; no check registered means no."""
    return any(check(user, commune) for check in _commune_keeper_checks)
