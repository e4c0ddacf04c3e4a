"""Reads of notifications: a user only ever reaches his own."""

from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from pcmt.core.errors import NotFound
from pcmt.notifications.models import Notification


def notifications_of(user: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notifications, unread first, newest first within each group."""
    notifications = Notification.objects.filter(user_id=user.pk).select_related("person")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return notifications.order_by(unread.desc(), "-created_at", "-pk")


def notification_get(*, user: Any, pk: object) -> Notification:
    """One of the user's notifications; anybody else's is not found."""
    try:
        return Notification.objects.get(user_id=user.pk, pk=int(str(pk)))
    except (Notification.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc


def unread_count(user: Any) -> int:
    """One indexed count (user, read_at)."""
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()
