"""Send in-app notifications (and e-mail, where configured) to users."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from pcmt.accounts.models import DataRole, User
from pcmt.geo.models import AdminUnit
from pcmt.notifications.models import Notification
from pcmt.persons.models import Person


def officers_of_commune(commune: AdminUnit) -> QuerySet[User]:
    """Active officers whose agency sits at the commune or at its province."""
    return User.objects.filter(
        Q(agency__unit_id=commune.pk) | Q(agency__unit_id=commune.parent_id),
        is_active=True,
        data_role=DataRole.OFFICER,
    )


def notify(
    users: Iterable[User],
    message: str,
    *,
    url: str = "",
    person: Person | None = None,
    key: str = "",
    exclude: User | None = None,
) -> list[Notification]:
    """One notification per user; a user who already has `key` gets nothing new."""
    created: list[Notification] = []
    for user in users:
        if exclude is not None and user.pk == exclude.pk:
            continue
        if key and Notification.objects.filter(user=user, key=key).exists():
            continue
        created.append(
            Notification.objects.create(
                user=user, person=person, message=message[:300], url=url[:300], key=key[:120]
            )
        )
    return created
