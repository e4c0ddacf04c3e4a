"""The second factor: a TOTP authenticator (django-otp) and single-use recovery codes."""

import base64
from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pcmt.security.models import SecurityEventKind

RECOVERY_DEVICE = "recovery"


def has_device(user: Any) -> bool:
    """An enrolled (confirmed) authenticator."""
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def pending_device(user: Any) -> TOTPDevice:
    """The authenticator being enrolled: its secret stays the same until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="PCMT", confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


def qr_svg(device: TOTPDevice) -> str:
    """The provisioning URI as an inline SVG drawn on the server (no image file, no CDN)."""
    svg: str = segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)
    return svg


def _verified(request: HttpRequest, device: Any) -> None:
    """Mark the session verified and give it a new key (no fixation across the two steps)."""
    otp_login(request, device)
    request.session.cycle_key()


def verify(request: HttpRequest, user: Any, token: str) -> bool:
    """Check a code on the user's devices (throttled by django-otp); a recovery code is used
    up and recorded."""
    from pcmt.security.services import security_event_record

    device = match_token(user, token.strip().replace(" ", ""))
    if device is None:
        return False
    _verified(request, device)
    if isinstance(device, StaticDevice):
        security_event_record(kind=SecurityEventKind.RECOVERY_CODE_USED, actor=user, subject=user)
    return True


def confirm(request: HttpRequest, user: Any, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the new authenticator with one code; returns the recovery codes, shown once."""
    from pcmt.security.services import security_event_record

    with transaction.atomic():
        if not device.verify_token(token.strip().replace(" ", "")):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_renew(user, record=False)
        security_event_record(
            kind=SecurityEventKind.SECOND_FACTOR_ENROLLED, actor=user, subject=user
        )
    _verified(request, device)
    return codes


def recovery_codes_renew(user: Any, *, record: bool = True) -> list[str]:
    """Replace the user's recovery codes by new ones, shown once; each works once."""
    from pcmt.security.services import security_event_record

    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(settings.PCMT_RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        if record:
            security_event_record(
                kind=SecurityEventKind.RECOVERY_CODES_RENEWED, actor=user, subject=user
            )
    return codes
