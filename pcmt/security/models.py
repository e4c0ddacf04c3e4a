"""Privilege requests (four eyes), the security event record, security officers, API tokens,
passkeys."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, TimestampMixin

# The user attributes nobody changes for himself and a second administrator approves to grant.
PROTECTED_FIELDS = ("agency", "data_role", "is_staff", "is_superuser", "is_security_officer")


class SecurityOfficer(models.Model):
    """A user told of every privilege request and second-factor reset in his province."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security_officer"
    )
    since = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("security officer")
        verbose_name_plural = _("security officers")

    def __str__(self) -> str:
        return str(self.user)


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class PrivilegeRequest(models.Model):
    """A change of a user's protected attributes, applied only when a second administrator
    approves it. `changes` maps each attribute to [old, new] (an agency by its id)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="privilege_requests"
    )
    changes = models.JSONField(_("changes"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("privilege request")
        verbose_name_plural = _("privilege requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(user=F("requested_by")), name="privilege_request_not_for_oneself"
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("requested_by")),
                name="privilege_request_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("user")),
                name="privilege_request_not_decided_by_its_subject",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_by__isnull=True)
                | (~Q(status="pending") & Q(decided_by__isnull=False)),
                name="privilege_request_decided_iff_decider",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_status_display()}"


# Security events are written to the one event log, on the stream of the user concerned.
USER_STREAM = "user"


class SecurityEventKind(models.TextChoices):
    PRIVILEGE_REQUESTED = "privilege_requested", _("Privileges requested")
    PRIVILEGE_APPROVED = "privilege_approved", _("Privileges approved and applied")
    PRIVILEGE_REFUSED = "privilege_refused", _("Privileges refused")
    PRIVILEGE_REVOKED = "privilege_revoked", _("Privileges withdrawn")
    SECOND_FACTOR_ENROLLED = "2fa_enrolled", _("Second factor enrolled")
    SECOND_FACTOR_RESET = "2fa_reset", _("Second factor reset by an administrator")
    RECOVERY_CODES_RENEWED = "recovery_renewed", _("Recovery codes renewed")
    RECOVERY_CODE_USED = "recovery_used", _("Recovery code used")
    PASSKEY_ADDED = "passkey_added", _("Passkey added")
    PASSKEY_REMOVED = "passkey_removed", _("Passkey removed")
    PASSKEY_USED = "passkey_used", _("Passkey used to log in")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    SESSIONS_ENDED = "sessions_ended", _("Logged out everywhere")


class UserSessions(models.Model):
    """Sessions started before `valid_after` are over (logout everywhere, password change)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_limit"
    )
    valid_after = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user} {self.valid_after:%d/%m/%Y %H:%M}"


class ApiToken(models.Model):
    """A bearer token for the API: shown once, stored as its SHA-256, expires, revocable."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class PrivacyEventKind(models.TextChoices):
    """Events of personal-data protection: on the person's stream, or the user's."""

    EMERGENCY_OPENED = "emergency_opened", _("Emergency access opened (break-the-glass)")
    EMERGENCY_REFUSED = "emergency_refused", _("Emergency access not opened: no such record")
    EMERGENCY_REVIEWED = "emergency_reviewed", _("Emergency access reviewed")
    UNUSUAL_ACCESS_READ = "unusual_access_read", _("Unusual access list read")


class RevealReason(models.TextChoices):
    """Why an officer shows an ID number or phone in full (recorded with the read)."""

    IDENTITY_CHECK = "identity_check", _("Checking an identity document")
    CONTACT = "contact", _("Contacting or summoning the person")
    AGENCY_EXCHANGE = "agency_exchange", _("Exchange with another agency")
    RECORD_CORRECTION = "record_correction", _("Correcting the record")
    OTHER = "other", _("Other reason")


class EmergencyReason(models.TextChoices):
    ARREST = "arrest", _("Arrest or detention of the person")
    HEALTH = "health", _("Medical emergency (overdose, psychosis)")
    SAFETY = "safety", _("Threat to public safety")
    OTHER = "other", _("Other emergency")


class EmergencyAccess(models.Model):
    """Break-the-glass: a user reads one person outside his jurisdiction, read-only, for a
    limited time; his province's supervisors and security officers review every grant."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="emergency_accesses",
        verbose_name=_("user"),
    )
    person = models.ForeignKey(
        "persons.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=EmergencyReason.choices)
    detail = models.CharField(_("details"), max_length=300)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("review comment"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["user", "ends_at"], name="emergency_user_ends")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="emergency_ends_after_start"
            ),
            models.CheckConstraint(condition=~Q(detail=""), name="emergency_detail_required"),
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True, reviewed_at__isnull=True)
                | Q(reviewed_by__isnull=False, reviewed_at__isnull=False),
                name="emergency_reviewed_iff_reviewer",
            ),
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True) | ~Q(reviewed_by=F("user")),
                name="emergency_not_reviewed_by_its_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.person_id} {self.starts_at:%d/%m/%Y %H:%M}"


class Passkey(TimestampMixin, Device):
    """A WebAuthn credential of a user, a second factor beside the authenticator app; as a
    django-otp device it marks the session verified (`user.is_verified()`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passkeys"
    )
    # base64url of the raw credential id (up to 1023 bytes by the specification)
    credential_id = models.CharField(max_length=1400, unique=True)
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    transports = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("passkey")
        verbose_name_plural = _("passkeys")
        ordering = ["created_at", "pk"]


def is_security_officer(user: Any) -> bool:
    """An active user holding the security officer's role; asked once per request (the answer
    is kept on the user object, which lives as long as the request)."""
    pk = getattr(user, "pk", None)
    if pk is None or not getattr(user, "is_active", False):
        return False
    cached = getattr(user, "_pcmt_security_officer", None)
    if cached is None:
        cached = SecurityOfficer.objects.filter(user_id=pk).exists()
        user._pcmt_security_officer = cached
    return bool(cached)
