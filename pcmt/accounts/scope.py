"""The jurisdiction scope: the one place that decides which units a user reaches.

Every selector and API view filters through `scope_for(user)`. A record outside the
scope is reported as not found (404), never as forbidden, so its existence is not confirmed.
"""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse

from pcmt.accounts.models import NATIONAL_KINDS, DataRole, User
from pcmt.core.extensions import person_reach
from pcmt.geo.models import AdminUnit, UnitLevel

# Up to this many persons reached through moves are inlined in the read filter.
MOVED_INLINE_LIMIT = 500

# The scopes of the running request by user id, so one request builds each scope once
# (set by ScopeMiddleware; outside a request every call builds a fresh scope).
_request_scopes: ContextVar[dict[int, "Scope"] | None] = ContextVar(
    "pcmt_request_scopes", default=None
)


@dataclass(frozen=True)
class Scope:
    """Units a user reaches: one province, one commune, the country, or nothing.

    The national level (the Ministry's drug police department) reads the provinces' approved
    reports (`pcmt.reports`); it reaches records only when its role grants personal data
    (officers and supervisors), and then reads them without writing.
    """

    province_id: int | None = None
    commune_id: int | None = None
    role: str = DataRole.NONE
    # Whose scope it is: the person reach of break-the-glass grants is per user.
    user_id: int | None = field(default=None, compare=False)
    national: bool = False

    @property
    def reaches_country(self) -> bool:
        """A national user whose role grants personal data reads records everywhere."""
        return self.national and self.role in (DataRole.OFFICER, DataRole.SUPERVISOR)

    @property
    def is_empty(self) -> bool:
        return self.province_id is None and self.commune_id is None and not self.reaches_country

    @property
    def can_read_persons(self) -> bool:
        """Officers and supervisors read names; analysts see aggregates only."""
        return not self.is_empty and self.role in (DataRole.OFFICER, DataRole.SUPERVISOR)

    @property
    def can_write_persons(self) -> bool:
        return not self.is_empty and not self.national and self.role == DataRole.OFFICER

    @property
    def can_read_aggregates(self) -> bool:
        return not self.is_empty and self.role != DataRole.NONE

    def unit_q(self, commune_field: str) -> Q:
        """A filter on a commune foreign key (`commune_field`) restricted to the scope."""
        if self.reaches_country:
            return Q(**{f"{commune_field}__isnull": False})
        if self.commune_id is not None:
            return Q(**{f"{commune_field}_id": self.commune_id})
        if self.province_id is not None:
            return Q(**{f"{commune_field}__parent_id": self.province_id})
        return Q(pk__in=[])

    def province_q(self, province_field: str, commune_field: str) -> Q:
        """Like `unit_q`, using a denormalised province key where the scope is a province."""
        if self.reaches_country:
            return Q(**{f"{province_field}__isnull": False})
        if self.commune_id is not None:
            return Q(**{f"{commune_field}_id": self.commune_id})
        if self.province_id is not None:
            return Q(**{f"{province_field}_id": self.province_id})
        return Q(pk__in=[])

    def person_q(self, prefix: str = "") -> Q:
        """Persons this scope may read, or rows reached through `prefix` (e.g. "person__").

        Persons managed in the jurisdiction; episodes and history are read through the same
        filter, so widening it widens every read at once. Moves of residence widen it:
        the sending side keeps reading a person who moved out, and the receiving side reads
        a person whose move awaits its acceptance; an active break-the-glass grant lets its
        user read one person for a few hours. Writing stays with the managing commune
        (`reaches_commune(person.managing_commune)`).
        """
        managed = self.province_q(f"{prefix}managing_province", f"{prefix}managing_commune")
        if self.is_empty:
            return managed
        for reached in self._reached:
            managed |= Q(**{f"{prefix}pk__in": reached})
        return managed

    @cached_property
    def _reached(self) -> list[Any]:
        """Persons reached beyond the jurisdiction (moves, emergency grants), once per scope.

        Most scopes have few or no such persons: a literal list (or nothing) keeps the plans
        of the person search (ordered index walks) intact; many stay a subquery."""
        reaches = person_reach(self)
        if not reaches:
            return []
        # One query for every reach at once (a UNION of their person ids).
        plain = [reached.order_by() for reached in reaches]
        combined = plain[0].union(*plain[1:], all=True).order_by() if plain[1:] else plain[0]
        ids = list(combined[: MOVED_INLINE_LIMIT + 1])
        if not ids:
            return []
        if len(ids) <= MOVED_INLINE_LIMIT:
            return [ids]
        return list(reaches)

    def communes(self) -> QuerySet[AdminUnit]:
        """The communes in the scope."""
        units = AdminUnit.objects.communes()
        if self.reaches_country:
            return units
        if self.commune_id is not None:
            return units.filter(pk=self.commune_id)
        if self.province_id is not None:
            return units.filter(parent_id=self.province_id)
        return units.none()

    def reaches_commune(self, commune: AdminUnit | None) -> bool:
        if commune is None:
            return False
        if self.reaches_country:
            return True
        if self.commune_id is not None:
            return commune.pk == self.commune_id
        if self.province_id is not None:
            return commune.parent_id == self.province_id
        return False


def scope_for(user: Any) -> Scope:
    """The scope of a user: the unit of his agency and everything below it.

    Within a request each user's scope is built once and reused (see ScopeMiddleware)."""
    if not getattr(user, "is_authenticated", False) or not isinstance(user, User):
        return Scope()
    cache = _request_scopes.get()
    if cache is None:
        return _scope_of(user)
    if user.pk not in cache:
        cache[user.pk] = _scope_of(user)
    return cache[user.pk]


def scope_cache_clear() -> None:
    """Forget the request's scopes, after a write that changes what a scope reaches."""
    cache = _request_scopes.get()
    if cache is not None:
        cache.clear()


class ScopeMiddleware:
    """One scope per user and request: `Scope.person_q` runs its reach queries once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_scopes.set({})
        try:
            return self.get_response(request)
        finally:
            _request_scopes.reset(token)


def _scope_of(user: User) -> Scope:
    agency = user.agency
    if agency is None or not agency.is_active or not user.is_active:
        return Scope()
    if agency.kind in NATIONAL_KINDS:
        return Scope(national=True, role=user.data_role, user_id=user.pk)
    unit = agency.unit
    if unit.level == UnitLevel.PROVINCE:
        return Scope(province_id=unit.pk, role=user.data_role, user_id=user.pk)
    return Scope(commune_id=unit.pk, role=user.data_role, user_id=user.pk)


def commune_keeper(user: Any, commune: AdminUnit) -> bool:
    """Officers keep the villages of the communes they write for (registered for geo)."""
    scope = scope_for(user)
    return scope.can_write_persons and scope.reaches_commune(commune)
