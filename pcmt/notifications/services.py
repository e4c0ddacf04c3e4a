"""Send in-app notifications (and e-mail, where configured) to users; mark them read."""

import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from pcmt.accounts.models import DataRole, User
from pcmt.core.errors import NotFound
from pcmt.geo.models import AdminUnit
from pcmt.notifications.messages import Message, message_render
from pcmt.notifications.models import Notification
from pcmt.persons.models import Person

logger = logging.getLogger(__name__)


def officers_of_commune(commune: AdminUnit) -> QuerySet[User]:
    """Active officers whose agency sits at the commune or at its province."""
    return User.objects.filter(
        Q(agency__unit_id=commune.pk) | Q(agency__unit_id=commune.parent_id),
        is_active=True,
        data_role=DataRole.OFFICER,
    )


def notify(
    users: Iterable[User],
    message: Message,
    *,
    url: str = "",
    person: Person | None = None,
    key: str = "",
    exclude: User | None = None,
) -> list[Notification]:
    """One notification per user; a user who already has `key` gets nothing new.

    With PCMT_NOTIFICATION_EMAIL on, every user who got one is also told by e-mail once the
    transaction commits.
    """
    created: list[Notification] = []
    # What e-mail and the list's fallback show: the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        text = message_render(message.msgid, message.params, person)
    for user in users:
        if exclude is not None and user.pk == exclude.pk:
            continue
        if key and Notification.objects.filter(user=user, key=key).exists():
            continue
        created.append(
            Notification.objects.create(
                user=user,
                person=person,
                message=text[:300],
                msgid=message.msgid[:300],
                params=message.params,
                url=url[:300],
                key=key[:120],
            )
        )
    email_after_commit([n.user for n in created])
    return created


def email_after_commit(users: Iterable[User]) -> None:
    """Tell each user with an address, once, that a notification awaits (if e-mail is on)."""
    if not settings.PCMT_NOTIFICATION_EMAIL:
        return
    recipients = sorted({(user.pk, user.email) for user in users if user.email})
    if recipients:
        transaction.on_commit(partial(_send_emails, recipients), robust=True)


def _send_emails(recipients: list[tuple[int, str]]) -> None:
    """The e-mail names nobody and holds no record data: e-mail leaves the closed network,
    and law-enforcement and health data are sensitive (Law 91/2025/QH15)."""
    link = settings.PCMT_SITE_URL.rstrip("/") + reverse("notification_list")
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("PCMT: you have a new notification")
        body = _("You have a new notification in PCMT. Sign in to read it: %(link)s") % {
            "link": link
        }
    try:
        with mailers.default as mailer:
            for pk, address in recipients:
                try:
                    mailer.send_messages([EmailMessage(subject, body, to=[address])])
                except Exception:
                    # The notification is saved; a failed e-mail must not undo it.
                    logger.exception("Notification e-mail to user %s failed", pk)
    except Exception:
        logger.exception("The mail server could not be reached for notification e-mails")


def is_local_url(url: str) -> bool:
    """A path on this site ("/persons/1/"); never another host, scheme or "//host"."""
    return (
        url.startswith("/")
        and not any(char in url for char in "\\\r\n\t")
        and url_has_allowed_host_and_scheme(url, allowed_hosts=set(), require_https=False)
    )


def _own(actor: Any, notification: Notification) -> None:
    if getattr(actor, "pk", None) is None or notification.user_id != actor.pk:
        raise NotFound()


def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    """Mark one of the actor's notifications read; reading it again changes nothing."""
    _own(actor, notification)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notification_open(*, actor: Any, notification: Notification) -> str | None:
    """Mark the notification read and return its link, or None if it has none on this site."""
    notification_mark_read(actor=actor, notification=notification)
    return notification.url if is_local_url(notification.url) else None


def notifications_mark_all_read(*, actor: Any) -> int:
    """Mark every unread notification of the actor read; returns how many."""
    return Notification.objects.filter(user_id=actor.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
