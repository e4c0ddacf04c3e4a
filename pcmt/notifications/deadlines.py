"""Daily deadline alerts: every reader of persons hears of what is due soon or overdue.

Run by `manage.py notify_due`. One worklist per jurisdiction, however many users share it;
each alert has a stable key, so running again the same day sends nothing new.
"""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import batched

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pcmt.accounts.models import DataRole, User
from pcmt.accounts.scope import Scope, scope_for
from pcmt.casework.selectors import worklist_for
from pcmt.core.extensions import worklist_sections
from pcmt.notifications.messages import Message, message_render
from pcmt.notifications.models import Notification
from pcmt.notifications.services import email_after_commit

# Items due within this many days, or already overdue, are notified.
ALERT_DAYS = 3
# Enough for a province's whole worklist in one run.
ITEM_LIMIT = 10_000
_BATCH = 500


@dataclass(frozen=True)
class DueAlert:
    key: str
    person_id: int
    message: Message
    # For the text stored beside the message id (what e-mail and old clients show).
    name: str = ""

    @property
    def url(self) -> str:
        return reverse("person_detail", kwargs={"pk": self.person_id})


def _alert(
    key: str, person_id: int, name: str, what: str, due: datetime.date, today: datetime.date
) -> DueAlert:
    # The name comes from the linked record when shown; `what` is said in each language
    # by `due_notifications_send`.
    values = {"what": what, "due": due.strftime("%d/%m/%Y")}
    if due < today:
        message = Message(gettext_noop("%(name)s: %(what)s, overdue since %(due)s."), values)
    else:
        message = Message(gettext_noop("%(name)s: %(what)s, due %(due)s."), values)
    return DueAlert(f"due:{key}"[:120], person_id, message, name)


def due_alerts(scope: Scope, today: datetime.date) -> list[DueAlert]:
    """The scope's worklist items due by `today` + ALERT_DAYS; undated items are left out."""
    horizon = today + datetime.timedelta(days=ALERT_DAYS)
    worklist = worklist_for(scope, limit=ITEM_LIMIT)
    alerts = [
        _alert(
            f"decision:{m.pk}",
            m.person_id,
            m.person.full_name,
            _("user-management decision to issue"),
            m.decision_due,
            today,
        )
        for m in worklist.decisions_due
        if m.decision_due <= horizon
    ]
    alerts += [
        _alert(
            f"period_end:{m.pk}:{m.period_end:%Y%m%d}",
            m.person_id,
            m.person.full_name,
            _("user-management period ends; record its end"),
            m.period_end,
            today,
        )
        for m in worklist.periods_ending
        if m.period_end is not None and m.period_end <= horizon
    ]
    for section in worklist_sections(scope, today, ITEM_LIMIT):
        for item in section.items:
            # Alerts are about persons and go to every reader of the jurisdiction; items about
            # a place (hotspots to re-verify) stay on the worklist of those who read places.
            if item.person_id is None or item.due is None or item.due > horizon:
                continue
            # The label and link tell apart two items of one person due the same day.
            digest = hashlib.sha256(f"{item.url}|{item.label}".encode()).hexdigest()[:12]
            alerts.append(
                _alert(
                    f"{section.key[:40]}:{item.person_id}:{item.due:%Y%m%d}:{digest}",
                    item.person_id,
                    item.person_name,
                    str(item.label),
                    item.due,
                    today,
                )
            )
    return alerts


def readers_by_jurisdiction() -> Iterator[tuple[Scope, list[User]]]:
    """Active users who read persons, grouped by the units they reach (role aside)."""
    users = (
        User.objects.filter(
            is_active=True,
            data_role__in=[DataRole.OFFICER, DataRole.SUPERVISOR],
            agency__is_active=True,
        )
        .select_related("agency__unit")
        .order_by("pk")
    )
    groups: dict[tuple[int | None, int | None], list[User]] = defaultdict(list)
    scopes: dict[tuple[int | None, int | None], Scope] = {}
    for user in users:
        scope = scope_for(user)
        if scope.can_read_persons:
            units = (scope.province_id, scope.commune_id)
            scopes.setdefault(units, scope)
            groups[units].append(user)
    for units, members in groups.items():
        yield scopes[units], members


@transaction.atomic
def _deliver(alerts: list[DueAlert], users: list[User]) -> int:
    """Create the alerts each user does not have yet; returns how many were created."""
    created = 0
    told: dict[int, User] = {}
    with translation.override(settings.LANGUAGE_CODE):
        texts = {
            a.key: message_render(a.message.msgid, {**a.message.params, "name": a.name}, None)
            for a in alerts
        }
    for batch in batched(alerts, _BATCH):
        have = set(
            Notification.objects.filter(user__in=users, key__in=[a.key for a in batch]).values_list(
                "user_id", "key"
            )
        )
        rows = [
            Notification(
                user=user,
                person_id=alert.person_id,
                message=texts[alert.key][:300],
                msgid=alert.message.msgid,
                params=alert.message.params,
                url=alert.url,
                key=alert.key,
            )
            for alert in batch
            for user in users
            if (user.pk, alert.key) not in have
        ]
        # A run at the same time as another one skips what the other has just written.
        Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=_BATCH)
        created += len(rows)
        told.update({row.user_id: row.user for row in rows})
    email_after_commit(told.values())
    return created


def due_notifications_send() -> int:
    """Notify every reader of persons of his jurisdiction's items due soon or overdue."""
    today = timezone.localdate()
    created = 0
    for scope, users in readers_by_jurisdiction():
        alerts = _in_each_language(scope, today)
        if alerts:
            created += _deliver(alerts, users)
    return created


def _in_each_language(scope: Scope, today: datetime.date) -> list[DueAlert]:
    """The alerts with what is due said in each language, to be shown in the reader's.

    The worklist is read once per language; an item whose counterpart differs (a record
    changed between the two reads) keeps the site's language only.
    """
    with translation.override(settings.LANGUAGE_CODE):
        alerts = due_alerts(scope, today)
    others = {}
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE:
            with translation.override(code):
                others[code] = due_alerts(scope, today)
    site = settings.LANGUAGE_CODE[:2]
    result = []
    for index, alert in enumerate(alerts):
        what = {site: alert.message.params["what"]}
        for code, other in others.items():
            twin = other[index] if index < len(other) else None
            if twin is not None and twin.person_id == alert.person_id:
                what[code[:2]] = twin.message.params["what"]
        params = {**alert.message.params, "what": what}
        message = Message(alert.message.msgid, params)
        result.append(DueAlert(alert.key, alert.person_id, message, alert.name))
    return result
