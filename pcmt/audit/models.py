"""One event log for every subject: who did what, when, from where, under which law.

Each subject has its stream (`stream` = the kind of subject, `subject_id` its id; no id for
a province-wide stream such as "security"). Rows are numbered per stream and chained by
hash (see chain.py); `StreamHead` holds each stream's last number and hash and is locked to
append, so appends to one stream are serialised. On PostgreSQL a trigger refuses UPDATE,
DELETE and TRUNCATE of events.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# A stream with no subject is stored in StreamHead under this id (unique keys ignore NULLs).
NO_SUBJECT = 0
# Reads of the audit log itself: a province-wide stream.
AUDIT_STREAM = "audit"


class AuditAction(models.TextChoices):
    READ = "audit_read", _("Audit log read")


AUDIT_READ_ACTION = AuditAction.READ.value


class StreamHead(models.Model):
    """The last row of a stream; locked with select_for_update to append."""

    stream = models.CharField(max_length=30)
    subject_id = models.BigIntegerField(default=NO_SUBJECT)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stream", "subject_id"], name="streamhead_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.stream}:{self.subject_id} #{self.seq}"


class EventQuerySet(models.QuerySet["Event"]):
    def of(self, stream: str, subject_id: int | None) -> "EventQuerySet":
        """One subject's stream, oldest first."""
        return self.filter(stream=stream, subject_id=subject_id).order_by("seq")


class Event(models.Model):
    """One thing that happened to a subject, appended in the transaction of the change."""

    stream = models.CharField(_("stream"), max_length=30)
    subject_id = models.BigIntegerField(_("subject"), null=True, blank=True)
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=40)
    # {"field": [old, new]}; secret values appear masked.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # Old values that must be kept but not shown: encrypted JSON (pcmt.core.crypto).
    sealed = models.TextField(blank=True)
    law = models.CharField(_("law in force"), max_length=40, blank=True)
    # {"channel": ui|api|task|command, "ip": ..., "request_id": ...}
    origin = models.JSONField(_("origin"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["stream", "subject_id", "seq"]
        indexes = [
            models.Index(fields=["actor", "at"], name="event_actor_at"),
            models.Index(fields=["action", "at"], name="event_action_at"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["stream", "subject_id", "seq"],
                condition=Q(subject_id__isnull=False),
                name="event_subject_seq_unique",
            ),
            models.UniqueConstraint(
                fields=["stream", "seq"],
                condition=Q(subject_id__isnull=True),
                name="event_stream_seq_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stream}:{self.subject_id} #{self.seq} {self.action}"

    @property
    def channel(self) -> str:
        origin: dict[str, Any] = self.origin or {}
        return str(origin.get("channel", ""))


class Purpose(models.TextChoices):
    """Why a request read personal data."""

    VIEW = "view", _("Viewing")
    CHANGE = "change", _("Recording a change")
    SEARCH = "search", _("Search")
    ID_LOOKUP = "id_lookup", _("Look-up by ID number")
    EXPORT = "export", _("Export")
    REVEAL = "reveal", _("Revealing a masked number")
    EMERGENCY = "emergency", _("Emergency access")


class Access(models.Model):
    """One answered request that carried personal data: who, when, which route, why.

    The subjects read are its `AccessSubject` rows. Rows are only ever added (on PostgreSQL a
    trigger refuses UPDATE, DELETE and TRUNCATE, as for events).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("time"), db_index=True)
    route = models.CharField(_("route"), max_length=80)
    method = models.CharField(max_length=8)
    status = models.PositiveSmallIntegerField(default=200)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    channel = models.CharField(_("channel"), max_length=10, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    count = models.PositiveIntegerField(_("records read"), default=0)

    class Meta:
        verbose_name = _("access")
        verbose_name_plural = _("accesses")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "at"], name="access_user_at")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.route} {self.at:%Y-%m-%d %H:%M}"


class AccessSubject(models.Model):
    """One record read in an access: a person, or a row of a list sent by an agency."""

    access = models.ForeignKey(Access, on_delete=models.PROTECT, related_name="subjects")
    kind = models.CharField(max_length=20)
    subject_id = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["kind", "subject_id"], name="access_subject")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject_id}"
