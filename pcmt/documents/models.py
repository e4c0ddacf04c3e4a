"""Scans attached to a person's episodes: decisions, court decisions, medical results, papers.

The file lives outside the web root under a random name; the row keeps what the officer
uploaded (name, size, checksum, type) and who removed it, when and why. Removing hides the
scan but keeps the file.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pcmt.persons.models import Person


class AttachmentKind(models.TextChoices):
    DECISION = "decision", _("Decision")
    COURT_DECISION = "court_decision", _("Court decision")
    MEDICAL_RESULT = "medical_result", _("Medical result")
    DOSSIER_DOCUMENT = "dossier_document", _("Dossier document")
    IDENTITY_PAPER = "identity_paper", _("Identity paper")
    OTHER = "other", _("Other")


class ScanType(models.TextChoices):
    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"


class Attachment(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attachments")
    # The episode: one of the models registered with `register_attachable`.
    episode_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    episode_id = models.PositiveBigIntegerField()
    episode = GenericForeignKey("episode_type", "episode_id")
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(_("file type"), max_length=20, choices=ScanType.choices)
    # The name under the private root: a random id, never the uploaded name.
    storage_name = models.CharField(max_length=100, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    removed_reason = models.CharField(_("reason for removal"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [
            models.Index(fields=["person", "removed_at"], name="attachment_person"),
            models.Index(fields=["episode_type", "episode_id"], name="attachment_episode"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=ScanType.values), name="attachment_scan_type"
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty"),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True, removed_by__isnull=True, removed_reason="")
                | Q(removed_at__isnull=False, removed_by__isnull=False) & ~Q(removed_reason=""),
                name="attachment_removal_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None
