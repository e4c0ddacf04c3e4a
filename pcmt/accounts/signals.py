"""Record every login, logout and failed login."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from pcmt.accounts.models import LoginEvent, LoginEventKind


def _record(kind: str, request: HttpRequest | None, username: str, user: Any = None) -> None:
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    agent = request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""
    LoginEvent.objects.create(
        kind=kind, user=user, username=username[:150], ip_address=ip, user_agent=agent
    )


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    _record(LoginEventKind.LOGIN, request, user.get_username(), user)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        _record(LoginEventKind.LOGOUT, request, user.get_username(), user)


@receiver(user_login_failed)
def _on_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    _record(LoginEventKind.FAILED, request, str(credentials.get("username", "")))
