"""Reads of the security app."""

from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from pcmt.accounts.models import DataRole, User
from pcmt.accounts.scope import scope_for
from pcmt.persons.selectors import persons_visible
from pcmt.security.models import ApiToken, PrivilegeRequest, RequestStatus, UserSessions


def needs_second_factor(user: Any) -> bool:
    """Administrators and everyone who can see data log in with two factors."""
    return bool(user.is_staff or user.is_superuser or user.data_role != DataRole.NONE)


def second_factor_required(user: Any) -> bool:
    return bool(settings.PCMT_REQUIRE_2FA and needs_second_factor(user))


def sessions_valid_after(user: User) -> float | None:
    """Sessions started before this moment (a timestamp) are over; None when never set."""
    limit = UserSessions.objects.filter(user=user).values_list("valid_after", flat=True).first()
    return limit.timestamp() if limit is not None else None


def privilege_requests(*, status: str | None = None) -> QuerySet[PrivilegeRequest]:
    queryset = PrivilegeRequest.objects.select_related(
        "user", "requested_by", "decided_by"
    ).order_by("-requested_at", "-pk")
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def pending_request_count() -> int:
    return PrivilegeRequest.objects.filter(status=RequestStatus.PENDING).count()


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def persons_readable_by(user: Any, ids: set[int]) -> set[int]:
    """Of these persons, those the user may read by name (for the audit page's values)."""
    return set(persons_visible(scope_for(user)).filter(pk__in=ids).values_list("pk", flat=True))
