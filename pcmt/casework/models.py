"""Episodes on a person: drug tests and the user-management measure (more episodes follow)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pcmt.persons.models import Person
from pcmt.rules.deadlines import MANAGEMENT_DECISION_CITATIONS, MANAGEMENT_PERIOD_CITATIONS


class TestResult(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEGATIVE = "negative", _("Negative")


class TestGrounds(models.TextChoices):
    """Why the person was tested (suspicion grounds)."""

    SIGNS_OF_USE = "signs_of_use", _("Signs of drug use")
    FOUND_AT_SCENE = "found_at_scene", _("Found where drugs were being used")
    REPORTED = "reported", _("Reported by family or residents")
    UNDER_MANAGEMENT = "under_management", _("Check during management or post-rehab")
    TRAFFIC_OR_OTHER_CASE = "traffic_or_other_case", _("During a traffic check or another case")
    VOLUNTARY = "voluntary", _("Asked for by the person")
    OTHER = "other", _("Other grounds")


class DrugTest(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="drug_tests")
    tested_on = models.DateField(_("test date"))
    place = models.CharField(_("place"), max_length=200)
    substances = models.CharField(
        _("substances found"),
        max_length=200,
        blank=True,
        help_text=_("For example: methamphetamine, ketamine, heroin."),
    )
    result = models.CharField(_("result"), max_length=10, choices=TestResult.choices)
    tested_by = models.CharField(_("tested by"), max_length=200)
    # The day the commune received the positive result; the chairman's time limit counts from
    # it (Law 73/2021 art. 23, Decree 105/2021/NĐ-CP). Empty: the test date.
    result_received_on = models.DateField(_("result received on"), null=True, blank=True)
    grounds = models.CharField(
        _("grounds for testing"), max_length=30, choices=TestGrounds.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("drug test")
        verbose_name_plural = _("drug tests")
        ordering = ["-tested_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result_received_on__isnull=True)
                | Q(result_received_on__gte=F("tested_on")),
                name="drug_test_result_after_test",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tested_on:%d/%m/%Y} {self.get_result_display()}"


class ManagementStatus(models.TextChoices):
    AWAITING_DECISION = "awaiting_decision", _("Awaiting the chairman's decision")
    ACTIVE = "active", _("Under management")
    ENDED = "ended", _("Ended")


class ManagementEndReason(models.TextChoices):
    PERIOD_SERVED = "period_served", _("Period served")
    DEPENDENCE_DETERMINED = "dependence_determined", _("Dependence determined")
    COMMUNE_EDUCATION = "commune_education", _("Education at the commune")
    COMPULSORY_EDUCATION = "compulsory_education", _("Compulsory education institution")
    REFORM_SCHOOL = "reform_school", _("Reform school")
    PRISON = "prison", _("Prison")
    DEATH = "death", _("Death")
    DECLARED_MISSING = "declared_missing", _("Declared missing")


class UserManagement(models.Model):
    """The one-year preventive measure: positive test → chairman's decision → period → end."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="managements")
    positive_test = models.ForeignKey(DrugTest, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=ManagementStatus.choices)
    law_code = models.CharField(_("law applied"), max_length=30)
    decision_due = models.DateField(_("decision due"))
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    signer = models.CharField(_("signed by"), max_length=120, blank=True)
    period_end = models.DateField(_("management until"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=30, choices=ManagementEndReason.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("user management")
        verbose_name_plural = _("user managements")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "decision_due"], name="management_due"),
            # The worklist's periods ending soon.
            models.Index(fields=["status", "period_end"], name="management_ending"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=~Q(status="ended"), name="management_one_open"
            ),
            models.CheckConstraint(
                condition=Q(status="awaiting_decision", decision_date__isnull=True)
                | Q(
                    status__in=["active", "ended"],
                    decision_date__isnull=False,
                    period_end__isnull=False,
                ),
                name="management_decided_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(status="ended", ended_on__isnull=False) & ~Q(end_reason="")
                | ~Q(status="ended") & Q(ended_on__isnull=True),
                name="management_end_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_end__gt=F("decision_date")),
                name="management_period_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_status_display()}"

    @property
    def decision_due_citation(self) -> str:
        """The text that sets the chairman's time limit."""
        return MANAGEMENT_DECISION_CITATIONS.get(self.law_code, "")

    @property
    def period_end_citation(self) -> str:
        """The text that sets the length of the management."""
        return MANAGEMENT_PERIOD_CITATIONS.get(self.law_code, "") if self.period_end else ""


class DeterminationTrigger(models.TextChoices):
    REUSE_DURING_MANAGEMENT = "reuse_during_management", _("Re-use during user management")
    NO_STABLE_RESIDENCE = "no_stable_residence", _("No stable residence")
    USE_DURING_COMMUNE_EDUCATION = (
        "use_during_commune_education",
        _("Use during education at the commune"),
    )
    USE_WITHIN_YEAR_AFTER_COMMUNE_EDUCATION = (
        "use_within_year_after_commune_education",
        _("Use within a year after education at the commune"),
    )
    USE_DURING_POST_REHAB = "use_during_post_rehab", _("Use during post-rehab management")
    VOLUNTARY_REQUEST = "voluntary_request", _("The person's own request")


class DeterminationStatus(models.TextChoices):
    REQUIRED = "required", _("Required")
    REQUESTED = "requested", _("Requested from a medical facility")
    DETERMINED = "determined", _("Determined")


class DeterminationResult(models.TextChoices):
    DEPENDENT = "dependent", _("Dependent")
    NOT_DEPENDENT = "not_dependent", _("Not dependent")


class AddictionDetermination(models.Model):
    """Determination of addiction by a qualified medical facility (Decree 109/2021/NĐ-CP)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="determinations")
    trigger = models.CharField(
        _("why required"), max_length=50, choices=DeterminationTrigger.choices
    )
    status = models.CharField(_("status"), max_length=20, choices=DeterminationStatus.choices)
    law_code = models.CharField(_("law applied"), max_length=30)
    required_on = models.DateField(_("required since"))
    facility = models.CharField(_("medical facility"), max_length=200, blank=True)
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    determined_on = models.DateField(_("determined on"), null=True, blank=True)
    result = models.CharField(
        _("result"), max_length=20, choices=DeterminationResult.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("addiction determination")
        verbose_name_plural = _("addiction determinations")
        ordering = ["-required_on", "-pk"]
        # The worklist's open determinations, oldest first.
        indexes = [models.Index(fields=["status", "required_on"], name="determination_open")]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=~Q(status="determined"), name="determination_one_open"
            ),
            models.CheckConstraint(
                condition=Q(status="required", requested_on__isnull=True)
                | Q(status__in=["requested", "determined"], requested_on__isnull=False)
                & ~Q(facility=""),
                name="determination_request_has_facility",
            ),
            models.CheckConstraint(
                condition=Q(status="determined", determined_on__isnull=False) & ~Q(result="")
                | ~Q(status="determined") & Q(result=""),
                name="determination_result_when_determined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_status_display()}"


class TherapyStopReason(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    LEFT = "left", _("Left the programme")
    EXPELLED = "expelled", _("Removed from the programme")
    MOVED = "moved", _("Moved to another clinic or area")
    PRISON = "prison", _("Prison or compulsory rehab")
    DEATH = "death", _("Death")


class SubstitutionTherapy(models.Model):
    """Opioid substitution (methadone) at a clinic run by health services."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="therapies")
    clinic = models.CharField(_("clinic"), max_length=200)
    started_on = models.DateField(_("started on"))
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    stop_reason = models.CharField(
        _("reason for stopping"), max_length=20, choices=TherapyStopReason.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("substitution therapy")
        verbose_name_plural = _("substitution therapies")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(stopped_on__isnull=True), name="therapy_one_open"
            ),
            models.CheckConstraint(
                condition=Q(stopped_on__isnull=True, stop_reason="")
                | Q(stopped_on__gte=F("started_on")) & ~Q(stop_reason=""),
                name="therapy_stop_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.clinic}"
