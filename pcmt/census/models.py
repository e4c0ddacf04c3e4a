"""Review rounds (rà soát, thống kê): a cut-off date, the agencies that report, their lists.

Each participating agency submits lists (an uploaded file or an extract of the registry as of
the cut-off date); every row is kept with its original cells, its normalised fields and the
reasons it was refused or flagged. Linking rows across agencies builds on `SubmissionRow`.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.models import Agency
from pcmt.audit.reads import ReadRecorded
from pcmt.geo.models import AdminUnit
from pcmt.persons.models import Category


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Round(models.Model):
    """A count of the persons in some categories of one province, as of a cut-off date."""

    name = models.CharField(_("name"), max_length=200)
    cutoff_date = models.DateField(_("cut-off date"))
    province = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    # Empty: the whole province.
    communes = models.ManyToManyField(
        AdminUnit, blank=True, related_name="+", verbose_name=_("communes")
    )
    # Values of pcmt.persons.models.Category.
    categories = models.JSONField(_("categories counted"), default=list)
    deadline = models.DateField(_("deadline for lists"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["-cutoff_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("cutoff_date")), name="round_deadline_after_cutoff"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="round_name_required"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def category_labels(self) -> list[str]:
        return [str(Category(c).label) for c in self.categories if c in Category.values]


class AgencyStatus(models.TextChoices):
    NOT_SUBMITTED = "not_submitted", _("Not submitted")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")


class RoundAgency(models.Model):
    """An agency taking part in a round, and where its list stands."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participants")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=AgencyStatus.choices,
        default=AgencyStatus.NOT_SUBMITTED,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("participating agency")
        verbose_name_plural = _("participating agencies")
        ordering = ["agency__unit__code", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "agency"], name="roundagency_unique"),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(note=""), name="roundagency_return_has_note"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.agency}"


# The kind of background job that reads and checks an uploaded list (pcmt.census.jobs).
IMPORT_JOB_KIND = "census_import"


class SubmissionKind(models.TextChoices):
    UPLOAD = "upload", _("Uploaded list")
    REGISTRY_EXTRACT = "registry_extract", _("Extract of the registry")


class SubmissionStatus(models.TextChoices):
    STORED = "stored", _("Stored")
    # All-or-nothing import with bad rows: only the bad rows are kept, for the report.
    REJECTED = "rejected", _("Refused (all or nothing)")


class Submission(models.Model):
    """One list an agency gave for a round. The original file stays in private storage."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="submissions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=SubmissionKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=SubmissionStatus.choices)
    # The agency's latest stored list; earlier ones stay for the record.
    is_current = models.BooleanField(_("current list"), default=False)
    # Relative to the private storage root (pcmt.census.files); empty for registry extracts.
    file_path = models.CharField(max_length=300, blank=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, editable=False)
    headers = models.JSONField(default=list, blank=True)
    header_row = models.PositiveIntegerField(default=1)
    # {field: column index}, the mapping the rows were read with.
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    all_or_nothing = models.BooleanField(_("all or nothing"), default=False)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    invalid_rows = models.PositiveIntegerField(_("rows refused"), default=0)
    warning_rows = models.PositiveIntegerField(_("rows with warnings"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("submitted list")
        verbose_name_plural = _("submitted lists")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            # The same file twice for the same agency and outcome creates nothing new.
            models.UniqueConstraint(
                fields=["round", "agency", "sha256", "status"], name="submission_same_file_once"
            ),
            models.UniqueConstraint(
                fields=["round", "agency"],
                condition=Q(is_current=True),
                name="submission_one_current",
            ),
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(status="stored"),
                name="submission_current_is_stored",
            ),
            models.CheckConstraint(
                condition=Q(total_rows=F("valid_rows") + F("invalid_rows")),
                name="submission_counts_add_up",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name or self.get_kind_display()


class SubmissionRow(ReadRecorded):
    """One row of a list: the cells as written, the fields as read, and what was wrong."""

    READ_KIND = "list_row"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField(_("row"))
    # Original cells as text; the ID number and phone cells are kept encrypted, not here.
    cells = models.JSONField(default=list)
    record_id = models.CharField(_("record id"), max_length=60, blank=True)
    full_name = models.CharField(_("full name"), max_length=120, blank=True)
    name_folded = models.CharField(max_length=120, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(_("sex"), max_length=6, blank=True)
    # The number as read (digits only), even when refused; the hash only when it is valid.
    id_number_encrypted = models.TextField(blank=True, editable=False)
    id_number_hash = models.CharField(max_length=64, blank=True, editable=False)
    phone_encrypted = models.TextField(blank=True, editable=False)
    phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    address = models.CharField(_("address"), max_length=300, blank=True)
    commune = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    # pcmt.geo.address.ReasonCode, or "registry" for extracts.
    address_reason = models.CharField(max_length=30, blank=True)
    category = models.CharField(_("category"), max_length=30, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # [{"code": ..., "message": ...}]
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    valid = models.BooleanField(default=False)
    has_warnings = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("list row")
        verbose_name_plural = _("list rows")
        ordering = ["submission", "row_number"]
        indexes = [
            models.Index(fields=["submission", "valid", "row_number"], name="row_submission_valid"),
            models.Index(fields=["id_number_hash"], name="row_id_hash"),
            models.Index(fields=["name_folded", "birth_year"], name="row_name_birth"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["submission", "row_number"], name="row_unique_number"),
            models.CheckConstraint(
                condition=Q(birth_month__isnull=True)
                | Q(birth_month__gte=1) & Q(birth_month__lte=12),
                name="row_birth_month_range",
            ),
            models.CheckConstraint(
                condition=Q(birth_day__isnull=True) | Q(birth_day__gte=1) & Q(birth_day__lte=31),
                name="row_birth_day_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}:{self.row_number}"

    @property
    def birth_display(self) -> str:
        if self.birth_year is None:
            return ""
        if self.birth_day and self.birth_month:
            return f"{self.birth_day:02d}/{self.birth_month:02d}/{self.birth_year}"
        return str(self.birth_year)
