"""Support records on a person: services received, prison release, summonses and check-ins."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pcmt.casework.models import UserManagement
from pcmt.geo.models import AdminUnit
from pcmt.persons.models import Person
from pcmt.rules.deadlines import PRISON_RELEASE_CITATION


class ServiceType(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling")
    MEDICAL_TREATMENT = "medical_treatment", _("Medical treatment")
    REHAB = "rehab", _("Rehab")
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
    LOAN = "loan", _("Loan")
    JOB = "job", _("Job")
    REINTEGRATION = "reintegration", _("Reintegration support")
    OTHER = "other", _("Other")


class ServiceReceived(models.Model):
    """A service the person received from an organisation (health, social affairs, unions…)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="services")
    service_type = models.CharField(_("service"), max_length=30, choices=ServiceType.choices)
    received_on = models.DateField(_("received on"))
    provider = models.CharField(_("provided by"), max_length=200)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service received")
        verbose_name_plural = _("services received")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["person", "received_on"], name="service_person_day")]
        constraints = [
            models.CheckConstraint(condition=~Q(provider=""), name="service_provider_required"),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_type_display()} {self.received_on:%d/%m/%Y}"


class PrisonRelease(models.Model):
    """A drug offender released from prison, to be received by the commune of residence."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="prison_releases")
    released_on = models.DateField(_("released on"))
    facility = models.CharField(_("prison or detention facility"), max_length=200)
    judgment = models.CharField(_("judgment and offence"), max_length=300, blank=True)
    # The managing commune when the release was recorded: the commune that receives the person.
    return_commune = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("return commune"),
    )
    # Circular 10/2024/TT-BCA art. 8: the time limit counts from receiving the prison's notice
    # (often before the release); empty: the release date.
    notice_received_on = models.DateField(_("prison's notice received on"), null=True, blank=True)
    contact_due = models.DateField(_("residence verification due"))
    first_contact_on = models.DateField(_("first contact on"), null=True, blank=True)
    first_contact_note = models.CharField(_("first contact note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("prison release")
        verbose_name_plural = _("prison releases")
        ordering = ["-released_on", "-pk"]
        indexes = [
            models.Index(fields=["first_contact_on", "contact_due"], name="release_to_receive")
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(facility=""), name="release_facility_required"),
            models.CheckConstraint(
                condition=Q(notice_received_on__isnull=True, contact_due__gte=F("released_on"))
                | Q(notice_received_on__isnull=False, contact_due__gte=F("notice_received_on")),
                name="release_due_after_notice",
            ),
            models.CheckConstraint(
                condition=Q(first_contact_on__isnull=True)
                | Q(first_contact_on__gte=F("released_on")),
                name="release_contact_after_release",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(first_contact_on__isnull=True),
                name="release_one_awaiting_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.released_on:%d/%m/%Y}"

    @property
    def received(self) -> bool:
        return self.first_contact_on is not None

    @property
    def contact_due_citation(self) -> str:
        """The text that sets the verification time limit."""
        return PRISON_RELEASE_CITATION


class SummonsStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting attendance")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Did not attend")
    EXCUSED = "excused", _("Excused")


class Summons(models.Model):
    """A summons to appear at the commune police; the attendance is recorded once afterwards."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="summonses")
    management = models.ForeignKey(
        UserManagement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="summonses",
        verbose_name=_("user management"),
    )
    law_code = models.CharField(_("law applied"), max_length=30)
    issued_on = models.DateField(_("issued on"))
    appear_on = models.DateField(_("to appear on"))
    place = models.CharField(_("place"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=300)
    status = models.CharField(
        _("attendance"),
        max_length=10,
        choices=SummonsStatus.choices,
        default=SummonsStatus.PENDING,
    )
    attendance_on = models.DateField(_("attendance recorded for"), null=True, blank=True)
    attendance_note = models.CharField(_("attendance note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("summons")
        verbose_name_plural = _("summonses")
        ordering = ["-appear_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "appear_on"], name="summons_due"),
            models.Index(fields=["person", "appear_on"], name="summons_person_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(appear_on__gte=F("issued_on")), name="summons_appear_after_issue"
            ),
            models.CheckConstraint(
                condition=Q(status="pending", attendance_on__isnull=True)
                | ~Q(status="pending") & Q(attendance_on__gte=F("issued_on")),
                name="summons_attendance_when_decided",
            ),
            models.CheckConstraint(
                condition=~Q(place="") & ~Q(purpose=""), name="summons_place_purpose_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.appear_on:%d/%m/%Y}"


class CheckIn(models.Model):
    """The person reported to the commune police (kiểm diện) on a day."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="check_ins")
    checked_in_on = models.DateField(_("checked in on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-checked_in_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "checked_in_on"], name="check_in_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.checked_in_on:%d/%m/%Y}"
