"""Record every login, logout and failed login."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from pcmt.accounts.models import LoginEvent, LoginEventKind


def _client(request: HttpRequest | None) -> tuple[str | None, str]:
    if request is None:
        return None, ""
    return request.META.get("REMOTE_ADDR"), request.META.get("HTTP_USER_AGENT", "")[:300]


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    ip, agent = _client(request)
    LoginEvent.objects.create(
        kind=LoginEventKind.LOGIN,
        user=user,
        username=user.get_username(),
        ip_address=ip,
        user_agent=agent,
    )


@receiver(user_logged_out)
def _on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    ip, agent = _client(request)
    LoginEvent.objects.create(
        kind=LoginEventKind.LOGOUT,
        user=user,
        username=user.get_username(),
        ip_address=ip,
        user_agent=agent,
    )


@receiver(user_login_failed)
def _on_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    ip, agent = _client(request)
    LoginEvent.objects.create(
        kind=LoginEventKind.FAILED,
        username=str(credentials.get("username", ""))[:150],
        ip_address=ip,
        user_agent=agent,
    )
