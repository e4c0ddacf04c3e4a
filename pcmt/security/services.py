"""Writes of the security app: four-eyes privilege changes, second-factor resets, API tokens,
ending sessions. Every one records an event on the user's stream through `security_event_record`."""

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from pcmt.accounts.models import Agency, DataRole, User
from pcmt.audit.models import Event
from pcmt.audit.services import event_record
from pcmt.core.errors import DomainError, NotFound
from pcmt.geo.models import UnitLevel
from pcmt.security.models import (
    PROTECTED_FIELDS,
    USER_STREAM,
    ApiToken,
    PrivilegeRequest,
    RequestStatus,
    SecurityEventKind,
    SecurityOfficer,
    UserSessions,
)


def security_event_record(
    *,
    kind: str,
    actor: User | None,
    subject: User | None,
    changes: dict[str, Any] | None = None,
    request: PrivilegeRequest | None = None,
) -> Event:
    """A change to someone's access, on the user's stream of the one event log."""
    return event_record(
        stream=USER_STREAM,
        subject_id=subject.pk if subject is not None else None,
        actor=actor,
        action=kind,
        changes=changes or {},
        note=f"request:{request.pk}" if request is not None else "",
    )


# --- privileges --------------------------------------------------------------------------


def privileges_of(user: User) -> dict[str, Any]:
    """The protected attributes of a user, as stored in requests (an agency by its id)."""
    return {
        "agency": user.agency_id,
        "data_role": user.data_role,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "is_security_officer": SecurityOfficer.objects.filter(user=user).exists(),
    }


def _is_province_agency(agency_id: int | None) -> bool:
    if agency_id is None:
        return False
    return Agency.objects.filter(pk=agency_id, unit__level=UnitLevel.PROVINCE).exists()


def is_grant(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """A change that widens access needs a second administrator; a withdrawal does not."""
    if new["data_role"] != DataRole.NONE and new["data_role"] != old["data_role"]:
        return True
    if new["agency"] != old["agency"] and (
        new["data_role"] != DataRole.NONE or _is_province_agency(new["agency"])
    ):
        return True
    return any(
        new[flag] and not old[flag] for flag in ("is_staff", "is_superuser", "is_security_officer")
    )


def _require_administrator(actor: Any) -> None:
    if not (
        getattr(actor, "is_authenticated", False) and actor.is_active and actor.is_administrator
    ):
        raise NotFound()


def _apply(user: User, new: dict[str, Any]) -> None:
    user.agency_id = new["agency"]
    user.data_role = new["data_role"]
    user.is_staff = new["is_staff"]
    user.is_superuser = new["is_superuser"]
    user.save(update_fields=["agency", "data_role", "is_staff", "is_superuser"])
    if new["is_security_officer"]:
        SecurityOfficer.objects.get_or_create(user=user)
    else:
        SecurityOfficer.objects.filter(user=user).delete()


def _validate(new: dict[str, Any]) -> None:
    if set(new) != set(PROTECTED_FIELDS):
        raise DomainError("privileges_incomplete", _("Every protected attribute must be given."))
    if new["data_role"] not in DataRole.values:
        raise DomainError("privileges_bad_role", _("Unknown data role."), "data_role")
    if (
        new["agency"] is not None
        and not Agency.objects.filter(pk=new["agency"], is_active=True).exists()
    ):
        raise DomainError("privileges_bad_agency", _("Unknown or inactive agency."), "agency")
    if new["data_role"] != DataRole.NONE and new["agency"] is None:
        raise DomainError(
            "privileges_role_needs_agency", _("A data role needs an agency."), "agency"
        )


def privileges_change(
    *, actor: User, user: User, new: dict[str, Any], reason: str = ""
) -> PrivilegeRequest | None:
    """Change a user's protected attributes: a withdrawal applies now, a grant waits for a
    second administrator (returns the pending request). Nobody changes his own."""
    _require_administrator(actor)
    if actor.pk == user.pk:
        raise DomainError(
            "privileges_own_account",
            _("Nobody changes his own roles, agency or administrator rights."),
        )
    _validate(new)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        old = privileges_of(user)
        changes = {f: [old[f], new[f]] for f in PROTECTED_FIELDS if old[f] != new[f]}
        if not changes:
            raise DomainError("privileges_unchanged", _("Nothing changes."))
        if PrivilegeRequest.objects.filter(user=user, status=RequestStatus.PENDING).exists():
            raise DomainError(
                "privileges_request_pending",
                _("A request for this user waits for approval; decide it first."),
            )
        if not is_grant(old, new):
            _apply(user, new)
            security_event_record(
                kind=SecurityEventKind.PRIVILEGE_REVOKED,
                actor=actor,
                subject=user,
                changes=changes,
            )
            _notify_officers(
                user, actor, gettext_noop("Privileges of %(user)s were withdrawn."), None
            )
            return None
        request = PrivilegeRequest.objects.create(
            user=user, changes=changes, reason=reason[:300], requested_by=actor
        )
        security_event_record(
            kind=SecurityEventKind.PRIVILEGE_REQUESTED,
            actor=actor,
            subject=user,
            changes=changes,
            request=request,
        )
        _notify_officers(
            user,
            actor,
            gettext_noop("New privileges for %(user)s wait for a second approval."),
            request,
        )
        _notify_administrators(user, actor, request)
        return request


def _pending(actor: User, request: PrivilegeRequest) -> PrivilegeRequest:
    _require_administrator(actor)
    locked = PrivilegeRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != RequestStatus.PENDING:
        raise DomainError("privileges_already_decided", _("This request was already decided."))
    if actor.pk in (locked.requested_by_id, locked.user_id):
        raise DomainError(
            "privileges_four_eyes",
            _("A second administrator decides: not the one who asked, nor the user concerned."),
        )
    if (
        "is_superuser" in locked.changes
        and locked.changes["is_superuser"][1]
        and not (actor.is_superuser)
    ):
        raise DomainError(
            "privileges_superuser_only", _("Only a superuser approves a new superuser.")
        )
    return locked


def privilege_request_approve(
    *, actor: User, request: PrivilegeRequest, note: str = ""
) -> PrivilegeRequest:
    """The second administrator approves: the change applies now, unless the user changed
    in the meantime (then the request is refused and must be made again)."""
    with transaction.atomic():
        request = _pending(actor, request)
        user = User.objects.select_for_update().get(pk=request.user_id)
        current = privileges_of(user)
        if any(current[f] != old for f, (old, _new) in request.changes.items()):
            raise DomainError(
                "privileges_stale",
                _("The user changed since the request; refuse it and ask again."),
            )
        new = {**current, **{f: new for f, (_old, new) in request.changes.items()}}
        _validate(new)
        _apply(user, new)
        request.status = RequestStatus.APPROVED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.decision_note = note[:300]
        request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        security_event_record(
            kind=SecurityEventKind.PRIVILEGE_APPROVED,
            actor=actor,
            subject=user,
            changes=request.changes,
            request=request,
        )
        _notify_officers(
            user, actor, gettext_noop("New privileges of %(user)s were approved."), request
        )
        return request


def privilege_request_refuse(
    *, actor: User, request: PrivilegeRequest, note: str = ""
) -> PrivilegeRequest:
    """A second administrator refuses (the requester withdraws his own by asking another)."""
    with transaction.atomic():
        request = _pending(actor, request)
        request.status = RequestStatus.REFUSED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.decision_note = note[:300]
        request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        security_event_record(
            kind=SecurityEventKind.PRIVILEGE_REFUSED,
            actor=actor,
            subject=request.user,
            changes=request.changes,
            request=request,
        )
        _notify_officers(
            request.user, actor, gettext_noop("New privileges of %(user)s were refused."), request
        )
        return request


# --- who is told -------------------------------------------------------------------------


def _provinces_of(user: User) -> set[str]:
    codes = set()
    if user.agency_id is not None:
        codes.add(user.agency.unit.province_code)  # type: ignore[union-attr]
    for request in PrivilegeRequest.objects.filter(user=user, status=RequestStatus.PENDING):
        agency_id = request.changes.get("agency", [None, None])[1]
        if agency_id is not None:
            agency = Agency.objects.select_related("unit").filter(pk=agency_id).first()
            if agency is not None:
                codes.add(agency.unit.province_code)
    return codes


def security_officers_for(user: User) -> list[User]:
    """The active security officers of the user's province (old or requested agency)."""
    provinces = _provinces_of(user)
    officers = User.objects.filter(security_officer__isnull=False, is_active=True)
    return list(officers.filter(agency__unit__province_code__in=provinces))


def _send(recipients: list[User], actor: User, text: str, user: User, url: str) -> None:
    # Imported here: notifications sit below security in the layers but import it lazily;
    # the notice is stored as its message id and shown in each reader's language.
    from pcmt.notifications.messages import Message
    from pcmt.notifications.services import notify

    notify(recipients, Message(text, {"user": user.get_username()}), url=url, exclude=actor)


def _notify_officers(user: User, actor: User, text: str, request: PrivilegeRequest | None) -> None:
    url = reverse("privilege_request_list")
    _send(security_officers_for(user), actor, text, user, url)


def _notify_administrators(user: User, actor: User, request: PrivilegeRequest) -> None:
    admins = list(
        User.objects.filter(Q(is_staff=True) | Q(is_superuser=True), is_active=True).exclude(
            pk__in=[actor.pk, user.pk]
        )
    )
    _send(
        admins,
        actor,
        gettext_noop("New privileges for %(user)s wait for a second approval."),
        user,
        reverse("privilege_request_list"),
    )


# --- second factor -----------------------------------------------------------------------


def second_factor_reset(*, actor: User, user: User) -> None:
    """An administrator removes another user's authenticator and recovery codes; the user
    enrols again at his next login. Recorded, the province's security officers told."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pcmt.security.passkeys import passkeys_remove_all

    _require_administrator(actor)
    if actor.pk == user.pk:
        raise DomainError(
            "second_factor_own_account", _("Nobody resets his own second factor here.")
        )
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += StaticDevice.objects.filter(user=user).delete()[0]
        removed += passkeys_remove_all(user)
        sessions_end_everywhere(actor=actor, user=user, record=False)
        security_event_record(
            kind=SecurityEventKind.SECOND_FACTOR_RESET,
            actor=actor,
            subject=user,
            changes={"devices_removed": removed},
        )
        _notify_officers(
            user, actor, gettext_noop("The second factor of %(user)s was reset."), None
        )


# --- sessions ----------------------------------------------------------------------------


def sessions_end_everywhere(*, actor: User, user: User, record: bool = True) -> None:
    """End every session of the user (they see the login page at their next request) and
    revoke his API tokens."""
    now = timezone.now()
    UserSessions.objects.update_or_create(user=user, defaults={"valid_after": now})
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    if record:
        security_event_record(kind=SecurityEventKind.SESSIONS_ENDED, actor=actor, subject=user)


# --- API tokens --------------------------------------------------------------------------


def token_hash(key: str) -> str:
    """Tokens are long random strings: one SHA-256 is enough to keep them unusable at rest."""
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, actor: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for the actor; the key is returned once and only its hash is stored."""
    name = name.strip()
    if not name:
        raise DomainError("token_name_required", _("Give the token a name."), "name")
    lifetime = settings.PCMT_API_TOKEN_DAYS if days is None else days
    if not 1 <= lifetime <= settings.PCMT_API_TOKEN_DAYS:
        raise DomainError(
            "token_bad_lifetime",
            _("A token lives between 1 and %(days)s days.")
            % {"days": settings.PCMT_API_TOKEN_DAYS},
            "days",
        )
    key = "pcmt_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor,
            name=name[:100],
            prefix=key[:12],
            key_hash=token_hash(key),
            expires_at=timezone.now() + datetime.timedelta(days=lifetime),
        )
        security_event_record(
            kind=SecurityEventKind.TOKEN_CREATED,
            actor=actor,
            subject=actor,
            changes={"token": token.prefix, "expires_at": token.expires_at.isoformat()},
        )
    return token, key


def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's tokens (an administrator may revoke anyone's)."""
    if token.user_id != actor.pk and not actor.is_administrator:
        raise NotFound()
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            security_event_record(
                kind=SecurityEventKind.TOKEN_REVOKED,
                actor=actor,
                subject=token.user,
                changes={"token": token.prefix},
            )
    return token
