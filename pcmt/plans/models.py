"""Plans with their targets and tasks: data, not code (the plans of the seeds load as templates).

A plan (number, date, issuing body, period) is for a unit: the province or one commune. Its
targets name an indicator of the registry (`indicators.py`) by key, the unit it is measured
for (the province, one commune, or each commune), a period, a comparison and a value. Its
tasks are assigned to agencies with a deadline, a status and progress notes.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pcmt.accounts.models import Agency
from pcmt.audit.reads import ReadRecorded
from pcmt.geo.models import AdminUnit

PLAN_STREAM = "plan"


class PlanAction(models.TextChoices):
    """What a plan's and a cause record's events say was done."""

    PLAN_CREATED = "plan_created", _("plan created")
    PLAN_COPIED = "plan_copied", _("plan copied to the next year")
    TARGET_ADDED = "target_added", _("target added")
    TARGET_REMOVED = "target_removed", _("target removed")
    TASK_ADDED = "task_added", _("task assigned")
    TASK_PROGRESS = "task_progress", _("task progress noted")
    CAUSE_RECORDED = "cause_recorded", _("causes of the new case recorded")
    CAUSE_CHANGED = "cause_changed", _("causes of the new case corrected")


class Plan(models.Model):
    number = models.CharField(_("number"), max_length=60)
    issued_on = models.DateField(_("issued on"))
    issuer = models.CharField(_("issuing body"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    # The seed plan a ready template was loaded from (its key), empty for the users' own plans.
    template_key = models.CharField(max_length=40, blank=True, editable=False)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("copied from plan"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-period_start", "number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="plan_period_ordered"
            ),
            models.UniqueConstraint(
                fields=["unit", "template_key", "period_start"],
                condition=~Q(template_key=""),
                name="plan_template_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"


class TargetUnit(models.TextChoices):
    PROVINCE = "province", _("the province")
    COMMUNE = "commune", _("one commune")
    EACH_COMMUNE = "each_commune", _("each commune")


class Comparison(models.TextChoices):
    AT_LEAST = "gte", _("at least (≥)")
    AT_MOST = "lte", _("at most (≤)")
    CHANGE_AT_MOST = "change_lte", _("change vs the previous period at most (%)")
    CHANGE_AT_LEAST = "change_gte", _("change vs the previous period at least (%)")


AT_LEAST_KINDS = (Comparison.AT_LEAST, Comparison.CHANGE_AT_LEAST)


class Target(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("indicator"), max_length=40)
    applies_to = models.CharField(
        _("measured for"), max_length=15, choices=TargetUnit.choices, default=TargetUnit.PROVINCE
    )
    commune = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    comparison = models.CharField(_("comparison"), max_length=12, choices=Comparison.choices)
    value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    wording = models.CharField(_("wording in the plan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="target_period_ordered"
            ),
            models.CheckConstraint(
                condition=(Q(applies_to="commune") & Q(commune__isnull=False))
                | (~Q(applies_to="commune") & Q(commune__isnull=True)),
                name="target_commune_iff_one_commune",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.number}: {self.indicator} {self.comparison} {self.value}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_TASK_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)


class PlanTask(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=300)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible agency"),
    )
    # The agency as the plan names it, when it has no account in the system.
    agency_name = models.CharField(_("responsible agency (as named)"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="plantask_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False) | ~Q(agency_name=""),
                name="plantask_has_agency",
            ),
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False)
                | (~Q(status="done") & Q(done_on__isnull=True)),
                name="plantask_done_on_iff_done",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def responsible(self) -> str:
        return self.agency.name if self.agency else self.agency_name


class TaskNote(models.Model):
    """A progress note on a task; notes are added, never edited."""

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField(_("date"))
    text = models.CharField(_("progress"), max_length=500)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self) -> str:
        return self.text


# --- causes of new cases (Plan 174) ---------------------------------------------------------

CAUSE_STREAM = "new_case_cause"


class CauseReason(models.Model):
    """A reason that led a person to use drugs: the configurable list officers choose from."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("still on the list"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("reason for drug use")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Substance(models.TextChoices):
    METHAMPHETAMINE = "methamphetamine", _("methamphetamine (crystal)")
    ECSTASY = "ecstasy", _("ecstasy (MDMA)")
    HEROIN = "heroin", _("heroin")
    CANNABIS = "cannabis", _("cannabis")
    KETAMINE = "ketamine", _("ketamine")
    LAUGHING_GAS = "laughing_gas", _("laughing gas (N2O)")
    E_CIGARETTE = "e_cigarette", _("drugs in e-cigarettes")
    OTHER = "other", _("other substance")


class Workplace(models.TextChoices):
    NONE = "", _("none of these")
    INDUSTRIAL_ZONE = "industrial_zone", _("industrial zone")
    SCHOOL = "school", _("school")
    CONSTRUCTION_SITE = "construction_site", _("construction site")


class NewCaseCause(ReadRecorded):
    """What led a newly detected person to drugs, recorded once per person and corrected."""

    READ_KIND = "new_case_cause"
    READ_PERSONS = ("person_id",)

    person = models.OneToOneField(
        "persons.Person", on_delete=models.CASCADE, related_name="new_case_cause"
    )
    detected_on = models.DateField(_("date detected"))
    age_at_first_use = models.PositiveSmallIntegerField(
        _("age at first use"), null=True, blank=True
    )
    first_substance = models.CharField(
        _("first substance"), max_length=20, choices=Substance.choices, blank=True
    )
    reasons = models.ManyToManyField(CauseReason, blank=True, related_name="+")
    circumstances = models.TextField(_("circumstances"), blank=True)
    workplace = models.CharField(
        _("workplace"), max_length=20, choices=Workplace.choices, blank=True
    )
    industrial_zone = models.ForeignKey(
        "outreach.IndustrialZone", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    school = models.ForeignKey(
        "outreach.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    construction_site = models.CharField(_("construction site"), max_length=200, blank=True)
    origin_province = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province of origin"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("causes of a new case")
        indexes = [models.Index(fields=["detected_on"], name="cause_detected_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_at_first_use__isnull=True)
                | Q(age_at_first_use__gte=5, age_at_first_use__lte=100),
                name="cause_age_range",
            ),
            # The workplace names its place, and only its own kind of place.
            models.CheckConstraint(
                condition=Q(workplace="", industrial_zone__isnull=True, school__isnull=True)
                | Q(workplace="industrial_zone", industrial_zone__isnull=False, school__isnull=True)
                | Q(workplace="school", school__isnull=False, industrial_zone__isnull=True)
                | Q(
                    workplace="construction_site",
                    industrial_zone__isnull=True,
                    school__isnull=True,
                ),
                name="cause_workplace_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.detected_on:%d/%m/%Y}"
