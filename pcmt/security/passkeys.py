"""Passkeys (WebAuthn) as a second factor beside the authenticator app: registration and
login ceremonies verified by py_webauthn, challenges kept in the session (single use, short
lived), every addition, removal and use recorded on the user's stream."""

import time
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    options_to_json_dict,
    parse_authentication_credential_json,
    parse_registration_credential_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from pcmt.accounts.models import User
from pcmt.core.errors import DomainError, NotFound
from pcmt.security.models import Passkey, SecurityEventKind
from pcmt.security.second_factor import _verified

# A ceremony is answered within this many seconds, or started again.
CHALLENGE_SECONDS = 300
REGISTRATION = "pcmt_passkey_registration"
AUTHENTICATION = "pcmt_passkey_authentication"
NAME_MAX_LENGTH = 64


def enabled() -> bool:
    """Passkeys need the site's domain and origin (unset in production until configured)."""
    return bool(settings.PCMT_WEBAUTHN_RP_ID and settings.PCMT_WEBAUTHN_ORIGIN)


def passkeys_of(user: Any) -> QuerySet[Passkey]:
    return Passkey.objects.filter(user=user).order_by("created_at", "pk")


def has_passkey(user: Any) -> bool:
    return enabled() and Passkey.objects.filter(user=user, confirmed=True).exists()


# --- challenges --------------------------------------------------------------------------


def _challenge_keep(session: SessionBase, key: str, challenge: bytes, user: Any) -> None:
    session[key] = {
        "challenge": bytes_to_base64url(challenge),
        "user": user.pk,
        "expires": time.time() + CHALLENGE_SECONDS,
    }


def _challenge_take(session: SessionBase, key: str, user: Any) -> bytes:
    """The challenge of the ceremony under way, removed at once: it answers one response."""
    kept = session.pop(key, None)
    if (
        not isinstance(kept, dict)
        or kept.get("user") != user.pk
        or float(kept.get("expires", 0)) < time.time()
    ):
        raise DomainError(
            "passkey_challenge_expired", _("The passkey request expired; please try again.")
        )
    return base64url_to_bytes(str(kept["challenge"]))


def _unavailable() -> DomainError:
    return DomainError("passkeys_unavailable", _("Passkeys are not configured on this server."))


# --- registration ------------------------------------------------------------------------


def registration_options(request: HttpRequest, user: User) -> dict[str, Any]:
    """Options for `navigator.credentials.create`; the user's own passkeys are excluded."""
    if not enabled():
        raise _unavailable()
    options = generate_registration_options(
        rp_id=settings.PCMT_WEBAUTHN_RP_ID,
        rp_name="PCMT",
        user_id=f"pcmt-user-{user.pk}".encode(),
        user_name=user.get_username(),
        user_display_name=user.get_full_name() or user.get_username(),
        timeout=CHALLENGE_SECONDS * 1000,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(p.credential_id))
            for p in passkeys_of(user)
        ],
    )
    _challenge_keep(request.session, REGISTRATION, options.challenge, user)
    return options_to_json_dict(options)


def _clean_name(name: str) -> str:
    name = " ".join(str(name).split())
    if not name:
        raise DomainError("passkey_name_required", _("Give the passkey a name."), "name")
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError(
            "passkey_name_too_long",
            _("The name is at most %(n)d characters.") % {"n": NAME_MAX_LENGTH},
            "name",
        )
    return name


def passkey_register(
    request: HttpRequest, *, user: User, name: str, credential: dict[str, Any]
) -> Passkey:
    """Verify the browser's answer to the registration challenge and keep the credential."""
    if not enabled():
        raise _unavailable()
    name = _clean_name(name)
    challenge = _challenge_take(request.session, REGISTRATION, user)
    try:
        parsed = parse_registration_credential_json(credential)
        verified = verify_registration_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=settings.PCMT_WEBAUTHN_RP_ID,
            expected_origin=settings.PCMT_WEBAUTHN_ORIGIN,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise DomainError(
            "passkey_invalid", _("The passkey could not be verified; please try again.")
        ) from error
    credential_id = bytes_to_base64url(verified.credential_id)
    if Passkey.objects.filter(credential_id=credential_id).exists():
        raise DomainError("passkey_exists", _("This passkey is already registered."))
    from pcmt.security.services import security_event_record

    with transaction.atomic():
        passkey = Passkey.objects.create(
            user=user,
            name=name,
            confirmed=True,
            credential_id=credential_id,
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
            transports=[str(t.value) for t in (parsed.response.transports or [])],
        )
        security_event_record(
            kind=SecurityEventKind.PASSKEY_ADDED,
            actor=user,
            subject=user,
            changes={"passkey": passkey.pk, "name": name},
        )
    return passkey


def passkey_remove(*, actor: User, passkey: Passkey) -> None:
    """The user removes one of his own passkeys."""
    from pcmt.security.services import security_event_record

    if passkey.user_id != actor.pk:
        raise NotFound
    with transaction.atomic():
        changes = {"passkey": passkey.pk, "name": passkey.name}
        passkey.delete()
        security_event_record(
            kind=SecurityEventKind.PASSKEY_REMOVED, actor=actor, subject=actor, changes=changes
        )


def passkeys_remove_all(user: User) -> int:
    """Part of an administrator's second-factor reset (recorded there)."""
    removed: int = Passkey.objects.filter(user=user).delete()[0]
    return removed


# --- login -------------------------------------------------------------------------------


def authentication_options(request: HttpRequest, user: User) -> dict[str, Any]:
    """Options for `navigator.credentials.get`, limited to the user's passkeys."""
    allowed = [
        PublicKeyCredentialDescriptor(id=base64url_to_bytes(p.credential_id))
        for p in passkeys_of(user).filter(confirmed=True)
    ]
    if not enabled() or not allowed:
        raise DomainError("passkey_none", _("No passkey is registered for this account."))
    options = generate_authentication_options(
        rp_id=settings.PCMT_WEBAUTHN_RP_ID,
        timeout=CHALLENGE_SECONDS * 1000,
        allow_credentials=allowed,
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    _challenge_keep(request.session, AUTHENTICATION, options.challenge, user)
    return options_to_json_dict(options)


def passkey_authenticate(
    request: HttpRequest, *, user: User, credential: dict[str, Any]
) -> Passkey:
    """Verify the signed challenge with one of the user's passkeys; the session is then
    verified as after an authenticator code."""
    from pcmt.security.services import security_event_record

    refused = DomainError("passkey_refused", _("The passkey was not accepted."))
    challenge = _challenge_take(request.session, AUTHENTICATION, user)
    try:
        parsed = parse_authentication_credential_json(credential)
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise refused from error
    with transaction.atomic():
        passkey = (
            Passkey.objects.select_for_update()
            .filter(user=user, confirmed=True, credential_id=bytes_to_base64url(parsed.raw_id))
            .first()
        )
        if passkey is None:
            raise refused
        try:
            verified = verify_authentication_response(
                credential=parsed,
                expected_challenge=challenge,
                expected_rp_id=settings.PCMT_WEBAUTHN_RP_ID,
                expected_origin=settings.PCMT_WEBAUTHN_ORIGIN,
                credential_public_key=bytes(passkey.public_key),
                credential_current_sign_count=passkey.sign_count,
            )
        except (WebAuthnException, ValueError, KeyError, TypeError) as error:
            raise refused from error
        passkey.sign_count = verified.new_sign_count
        passkey.last_used_at = timezone.now()
        passkey.save(update_fields=["sign_count", "last_used_at"])
        security_event_record(
            kind=SecurityEventKind.PASSKEY_USED,
            actor=user,
            subject=user,
            changes={"passkey": passkey.pk, "name": passkey.name},
        )
    _verified(request, passkey)
    return passkey
