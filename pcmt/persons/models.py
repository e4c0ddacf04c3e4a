"""The person registry: identity, residence and categories over time (events: pcmt.audit)."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pcmt.audit.models import Event, EventQuerySet
from pcmt.audit.reads import ReadRecorded
from pcmt.geo.models import AdminUnit, Village


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Category(models.TextChoices):
    DRUG_USER = "drug_user", _("Drug user")
    SUSPECTED_USER = "suspected_user", _("Suspected user")
    DEPENDENT = "dependent", _("Dependent person")
    SUBSTITUTION_THERAPY = "substitution_therapy", _("Substitution therapy (methadone)")
    POST_REHAB = "post_rehab", _("Post-rehab management")
    RELEASED_OFFENDER = "released_offender", _("Released drug offender")
    HIGH_RISK = "high_risk", _("High-risk person")
    PSYCHOSIS_RISK = "psychosis_risk", _("Psychosis risk (“ngáo đá”)")


class Person(ReadRecorded):
    """A person on record. The personal ID and phone are stored encrypted with a keyed hash."""

    READ_KIND = "person"

    full_name = models.CharField(_("full name"), max_length=120)
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)
    # The folded given name: its statistics tell the search which words cluster in the order.
    given_folded = models.CharField(max_length=60, blank=True, editable=False)
    # Folded name and aliases, space-padded, for the word search.
    search_text = models.CharField(max_length=600, editable=False)
    search_rest = models.CharField(max_length=600, blank=True, editable=False)
    sort_key = models.CharField(max_length=600, db_index=True, editable=False)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), db_index=True)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    id_number_encrypted = models.TextField(blank=True, editable=False)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    old_id_encrypted = models.TextField(blank=True, editable=False)
    old_id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    id_warning_override = models.TextField(
        _("reason for accepting ID warnings"),
        blank=True,
    )
    phone_encrypted = models.TextField(blank=True, editable=False)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    ethnicity = models.CharField(_("ethnicity"), max_length=60, blank=True)
    occupation = models.CharField(_("occupation"), max_length=120, blank=True)
    photo = models.FileField(_("photo"), upload_to="photos/%Y/%m/", blank=True)

    permanent_address = models.CharField(_("permanent address"), max_length=300, blank=True)
    permanent_commune = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune of permanent residence"),
    )
    permanent_village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("village of permanent residence"),
    )
    current_address = models.CharField(_("current address"), max_length=300, blank=True)
    current_commune = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("commune of current residence"),
    )
    current_village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("village of current residence"),
    )
    # The commune whose police manage the record; jurisdiction follows it.
    managing_commune = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        related_name="managed_persons",
        verbose_name=_("managing commune"),
    )
    managing_province = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # A record found to be the same person as another is merged into it: it is kept, with
    # its history and episodes, and the merge can be undone.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_records",
        verbose_name=_("merged into"),
        editable=False,
    )

    # Raised by every change of the record; a save from an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["sort_key", "pk"]
        indexes = [
            models.Index(fields=["managing_province", "sort_key"], name="person_province_sort"),
            models.Index(fields=["managing_commune", "sort_key"], name="person_commune_sort"),
            models.Index(fields=["name_folded", "birth_year"], name="person_name_birth"),
            models.Index(
                fields=["managing_province", "given_folded", "sort_key"],
                name="person_province_given",
            ),
            models.Index(
                fields=["managing_commune", "given_folded", "sort_key"],
                name="person_commune_given",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__gte=1900) & Q(birth_year__lte=2100),
                name="person_birth_year_range",
            ),
            models.CheckConstraint(
                condition=~Q(full_name=""),
                name="person_full_name_required",
            ),
            # One 12-digit personal ID, one person: only a merged record may share it.
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=~Q(id_number_hash="") & Q(merged_into__isnull=True),
                name="person_id_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        """A record is never deleted (its history and reads must outlive it): merge it."""
        raise PermissionError("persons are never deleted; merge the record instead")

    @property
    def events(self) -> "EventQuerySet":
        """This person's stream of the event log, oldest first (reads included)."""
        return Event.objects.of(PERSON_STREAM, self.pk)

    @property
    def birth_display(self) -> str:
        if self.birth_date:
            return self.birth_date.strftime("%d/%m/%Y")
        return str(self.birth_year)


class PersonAlias(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("alias"), max_length=120)
    name_folded = models.CharField(max_length=120, editable=False)

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(fields=["person", "name_folded"], name="alias_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class CategoryPeriod(models.Model):
    """A person belonged to a category from `start_date` to `end_date` (open when empty)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="category_periods")
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("category period")
        verbose_name_plural = _("category periods")
        ordering = ["start_date", "pk"]
        indexes = [
            models.Index(fields=["category", "end_date", "person"], name="category_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="categoryperiod_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["person", "category"],
                condition=Q(end_date__isnull=True),
                name="categoryperiod_one_open_per_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.start_date:%d/%m/%Y}"


class NameWord(models.Model):
    """The vocabulary of folded name words; the typo-tolerant search expands against it."""

    word = models.CharField(max_length=60, unique=True)

    def __str__(self) -> str:
        return self.word


class EventAction(models.TextChoices):
    CREATED = "created", _("Record created")
    UPDATED = "updated", _("Record changed")
    CATEGORY_ADDED = "category_added", _("Category added")
    CATEGORY_ENDED = "category_ended", _("Category ended")
    ALIAS_ADDED = "alias_added", _("Alias added")
    ALIAS_REMOVED = "alias_removed", _("Alias removed")
    DRUG_TEST = "drug_test", _("Drug test recorded")
    MANAGEMENT_OPENED = "management_opened", _("User management to decide")
    MANAGEMENT_DECIDED = "management_decided", _("User-management decision issued")
    MANAGEMENT_ENDED = "management_ended", _("User management ended")
    DETERMINATION_REQUIRED = "determination_required", _("Addiction determination required")
    DETERMINATION_REQUESTED = "determination_requested", _("Addiction determination requested")
    DETERMINATION_DONE = "determination_done", _("Addiction determined")
    THERAPY_STARTED = "therapy_started", _("Substitution therapy started")
    THERAPY_STOPPED = "therapy_stopped", _("Substitution therapy stopped")
    REHAB_OPENED = "rehab_opened", _("Rehab registered")
    REHAB_DOSSIER = "rehab_dossier", _("Compulsory-rehab dossier changed")
    REHAB_COURT = "rehab_court", _("Court decision on compulsory rehab")
    REHAB_ADMITTED = "rehab_admitted", _("Admitted to rehab")
    REHAB_TRANSFERRED = "rehab_transferred", _("Transferred to another rehab facility")
    REHAB_ESCAPED = "rehab_escaped", _("Left rehab without permission")
    REHAB_RETURNED = "rehab_returned", _("Returned to rehab")
    REHAB_ENDED = "rehab_ended", _("Rehab ended")
    POST_REHAB_OPENED = "post_rehab_opened", _("Post-rehab management started")
    POST_REHAB_ENDED = "post_rehab_ended", _("Post-rehab management ended")
    PRISON_RELEASED = "prison_released", _("Released from prison")
    MOVE_REPORTED = "move_reported", _("Move of residence reported")
    MOVE_NOTIFIED = "move_notified", _("Receiving commune notified of a move")
    MOVE_ACCEPTED = "move_accepted", _("Record taken over by the new commune")
    MOVE_CANCELLED = "move_cancelled", _("Move of residence cancelled")
    SERVICE_RECEIVED = "service_received", _("Service received")
    SUMMONS_ISSUED = "summons_issued", _("Summons issued")
    ATTENDANCE = "attendance", _("Attendance recorded")
    DOCUMENT_ISSUED = "document_issued", _("Document generated")
    ATTACHMENT_ADDED = "attachment_added", _("Scan attached")
    ATTACHMENT_REMOVED = "attachment_removed", _("Scan removed")
    MERGED = "merged", _("Records merged (same person)")
    MERGE_UNDONE = "merge_undone", _("Merge of records undone")
    READ = "read", _("Record read")


# A person's events are the stream ("person", person id) of the event log (pcmt.audit).
PERSON_STREAM = "person"
READ_ACTION = EventAction.READ.value


class AccessChannel(models.TextChoices):
    """How a personal record was read; the channel of its "read" event."""

    WEB = "ui", _("Web")
    API = "api", _("API")
