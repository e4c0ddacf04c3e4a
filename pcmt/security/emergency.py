"""Break-the-glass: a read of one person outside the jurisdiction, in an emergency.

An officer or supervisor names the person (record number or 12-digit ID), an emergency reason
and what happened; PCMT grants a read-only look for `PCMT_EMERGENCY_ACCESS_HOURS`. The grant
widens his scope through the person reach (`emergency_reach`, registered in apps.py), so every
read goes through the one jurisdiction scope and is recorded like any other; writes stay with
the managing commune. Opening and reviewing are events on the person's stream; a look-up that
finds nothing is an event on the user's stream. The province's supervisors and security
officers are told at once and review each grant.
"""

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from pcmt.accounts.models import DataRole, User
from pcmt.accounts.scope import scope_cache_clear, scope_for
from pcmt.audit.models import Event
from pcmt.audit.services import event_record
from pcmt.core import crypto
from pcmt.core.errors import DomainError
from pcmt.notifications.messages import Message, in_each_language
from pcmt.notifications.services import notify
from pcmt.persons.models import PERSON_STREAM, READ_ACTION, Person
from pcmt.security.models import (
    USER_STREAM,
    EmergencyAccess,
    EmergencyReason,
    PrivacyEventKind,
    is_security_officer,
)

if TYPE_CHECKING:
    from pcmt.accounts.scope import Scope


def emergency_reach(scope: "Scope") -> QuerySet[EmergencyAccess, int]:
    """Person ids the scope's user may read now through a grant (for `Scope.person_q`)."""
    if scope.user_id is None:
        return EmergencyAccess.objects.none().values_list("person_id", flat=True)
    now = timezone.now()
    return EmergencyAccess.objects.filter(
        user_id=scope.user_id, starts_at__lte=now, ends_at__gt=now
    ).values_list("person_id", flat=True)


def may_open_emergency_access(user: Any) -> bool:
    """Users who read persons in their jurisdiction may break the glass; analysts may not."""
    return scope_for(user).can_read_persons


def _find(*, number: int | None, id_number: str) -> Person | None:
    persons = Person.objects.select_related("managing_commune")
    if number is not None:
        return persons.filter(pk=number).first()
    digits = "".join(ch for ch in id_number if ch.isdigit())
    if not digits:
        return None
    return persons.filter(
        id_number_hash=crypto.lookup_hash("id", digits), merged_into__isnull=True
    ).first()


def province_code_of(user: Any) -> str:
    agency = getattr(user, "agency", None)
    return str(agency.unit.province_code) if agency is not None else ""


def reviewers_of(user: User) -> QuerySet[User]:
    """Who reviews a user's grants: the supervisors of his unit or his province, and the
    security officers of his province."""
    agency = user.agency
    if agency is None:
        return User.objects.none()
    units = {agency.unit_id}
    if agency.unit.parent_id is not None:
        units.add(agency.unit.parent_id)
    supervisors = Q(data_role=DataRole.SUPERVISOR, agency__unit_id__in=units)
    officers = Q(
        security_officer__isnull=False, agency__unit__province_code=agency.unit.province_code
    )
    return User.objects.filter(supervisors | officers, is_active=True).exclude(pk=user.pk)


def emergency_access_open(
    *,
    actor: User,
    reason: str,
    detail: str,
    number: int | None = None,
    id_number: str = "",
) -> EmergencyAccess:
    """Grant `actor` a read-only look at one person for the configured hours.

    A person already in the actor's scope needs no grant (`emergency_not_needed`); a look-up
    that finds nothing is recorded on the actor's stream (kept: outside the grant's
    transaction) and refused (`emergency_not_found`).
    """
    if not may_open_emergency_access(actor):
        raise DomainError(
            "emergency_not_allowed", _("Only users who read persons may open emergency access.")
        )
    detail = " ".join(detail.split())
    if reason not in EmergencyReason.values:
        raise DomainError("emergency_reason_required", _("Choose the emergency."), "reason")
    if len(detail) < 10:
        raise DomainError(
            "emergency_detail_required",
            _("Describe the emergency in a sentence (at least 10 characters)."),
            "detail",
        )
    person = _find(number=number, id_number=id_number)
    if person is None or person.managing_commune.province_code != province_code_of(actor):
        event_record(
            stream=USER_STREAM,
            subject_id=actor.pk,
            actor=actor,
            action=PrivacyEventKind.EMERGENCY_REFUSED,
            changes={"number": [None, number]} if number is not None else {},
            note=f"{reason}: {detail}",
        )
        raise DomainError(
            "emergency_not_found",
            _("No record of the province has this number."),
            "number" if number is not None else "id_number",
        )
    granted = EmergencyAccess.objects.filter(
        user=actor, person=person, ends_at__gt=timezone.now()
    ).first()
    if granted is not None:
        raise DomainError(
            "emergency_already_open",
            _("You already have emergency access to this record until %(until)s: open it.")
            % {"until": timezone.localtime(granted.ends_at).strftime("%H:%M %d/%m/%Y")},
            "number" if number is not None else "id_number",
        )
    scope = scope_for(actor)
    if Person.objects.filter(scope.person_q(), pk=person.pk).exists():
        raise DomainError(
            "emergency_not_needed",
            _("This person is already in your jurisdiction: open the record directly."),
            "number" if number is not None else "id_number",
        )
    now = timezone.now()
    with transaction.atomic():
        grant = EmergencyAccess.objects.create(
            user=actor,
            person=person,
            reason=reason,
            detail=detail[:300],
            starts_at=now,
            ends_at=now + datetime.timedelta(hours=settings.PCMT_EMERGENCY_ACCESS_HOURS),
        )
        event_record(
            stream=PERSON_STREAM,
            subject_id=person.pk,
            actor=actor,
            action=PrivacyEventKind.EMERGENCY_OPENED,
            changes={"until": [None, grant.ends_at.isoformat()], "reason": [None, reason]},
            note=grant.detail,
        )
        _notify_reviewers(grant)
    scope_cache_clear()
    return grant


def _notify_reviewers(grant: EmergencyAccess) -> None:
    # Shown in each reviewer's language; the reason's label is said in each language.
    message = Message(
        gettext_noop("%(user)s opened emergency access to record #%(person)s: %(reason)s."),
        {
            "user": grant.user.get_username(),
            "person": grant.person_id,
            "reason": in_each_language(grant.get_reason_display),
        },
    )
    notify(
        reviewers_of(grant.user),
        message,
        url=reverse("emergency_review_list"),
        key=f"emergency:{grant.pk}",
    )


def may_review(user: Any, grant: EmergencyAccess | None = None) -> bool:
    """Security officers review the grants of their province; supervisors those of the
    users in their jurisdiction. Nobody reviews his own."""
    if not getattr(user, "is_authenticated", False):
        return False
    is_officer = is_security_officer(user)
    is_supervisor = scope_for(user).role == DataRole.SUPERVISOR
    if grant is None:
        return is_officer or is_supervisor
    if grant.user_id == user.pk:
        return False
    return reviewable_by(user).filter(pk=grant.pk).exists()


def reviewable_by(user: Any) -> QuerySet[EmergencyAccess]:
    """The grants a user reviews, newest first."""
    grants = EmergencyAccess.objects.select_related(
        "user", "person", "reviewed_by", "user__agency__unit"
    ).exclude(user_id=user.pk)
    condition = Q(pk__in=[])
    if is_security_officer(user):
        condition |= Q(user__agency__unit__province_code=province_code_of(user))
    scope = scope_for(user)
    if scope.role == DataRole.SUPERVISOR:
        condition |= scope.province_q("user__agency__unit__parent", "user__agency__unit") | Q(
            user__agency__unit_id=scope.province_id or scope.commune_id
        )
    return grants.filter(condition).order_by("-starts_at", "-pk")


@transaction.atomic
def emergency_access_review(*, actor: User, grant: EmergencyAccess, note: str) -> EmergencyAccess:
    """Mark a grant reviewed, with the reviewer's comment; an event on the person's stream."""
    grant = EmergencyAccess.objects.select_for_update().get(pk=grant.pk)
    if not may_review(actor, grant):
        raise DomainError("emergency_not_reviewer", _("You do not review this access."))
    if grant.reviewed_at is not None:
        raise DomainError("emergency_already_reviewed", _("This access has been reviewed."))
    note = " ".join(note.split())
    if not note:
        raise DomainError("review_note_required", _("Write what you found."), "note")
    grant.reviewed_by = actor
    grant.reviewed_at = timezone.now()
    grant.review_note = note[:300]
    grant.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    event_record(
        stream=PERSON_STREAM,
        subject_id=grant.person_id,
        actor=actor,
        action=PrivacyEventKind.EMERGENCY_REVIEWED,
        changes={"emergency_access": [None, grant.pk]},
        note=grant.review_note,
    )
    return grant


def grant_reads(grant: EmergencyAccess) -> int:
    """How many reads of the person the user made while the grant ran."""
    return (
        Event.objects.of(PERSON_STREAM, grant.person_id)
        .filter(
            actor_id=grant.user_id,
            action=READ_ACTION,
            at__gte=grant.starts_at,
            at__lt=grant.ends_at,
        )
        .count()
    )
