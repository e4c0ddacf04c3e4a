"""Agencies, users and their roles, and the login audit."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pcmt.geo.models import AdminUnit


class AgencyKind(models.TextChoices):
    COMMUNE_POLICE = "commune_police", _("Commune police")
    PROVINCIAL_DRUG_UNIT = "provincial_drug_unit", _("Provincial police drug unit (PC04)")
    REHAB_FACILITY = "rehab_facility", _("Rehab facility")
    HEALTH_DEPARTMENT = "health_department", _("Health department")
    METHADONE_CLINIC = "methadone_clinic", _("Methadone clinic")
    SOCIAL_SERVICES = "social_services", _("Social services")
    STEERING_COMMITTEE = "steering_committee", _("Steering committee")
    # The Ministry's drug police department: its reach is the country, whatever its seat.
    NATIONAL_DRUG_DEPARTMENT = (
        "national_drug_department",
        _("Ministry drug police department (C04)"),
    )


# Agencies whose jurisdiction is the whole country (their `unit` is only their seat).
NATIONAL_KINDS = frozenset({AgencyKind.NATIONAL_DRUG_DEPARTMENT})


class Agency(models.Model):
    """An agency sits at a unit; its users reach the units under that unit (a national
    agency's users reach the country)."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=AgencyKind.choices)
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="agencies")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["unit__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="agency_unique_name_per_unit"),
        ]

    def __str__(self) -> str:
        return self.name


class DataRole(models.TextChoices):
    NONE = "none", _("No access to data")
    OFFICER = "officer", _("Officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    ANALYST = "analyst", _("Analyst")


class User(AbstractUser):
    """A user of an agency. `is_staff` makes an administrator (users and configuration)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    data_role = models.CharField(
        _("data role"), max_length=20, choices=DataRole.choices, default=DataRole.NONE
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(data_role="none") | Q(agency__isnull=False),
                name="user_data_role_needs_agency",
            ),
        ]

    def get_full_name(self) -> str:
        """Vietnamese order: surname and middle name (last_name), then the given name."""
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def is_administrator(self) -> bool:
        return self.is_staff or self.is_superuser


class LoginEventKind(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGOUT = "logout", _("Logged out")
    FAILED = "failed", _("Failed login")


class LoginEvent(models.Model):
    """Every login, logout and failed login."""

    kind = models.CharField(_("kind"), max_length=10, choices=LoginEventKind.choices)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="login_events"
    )
    username = models.CharField(_("username"), max_length=150)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("login event")
        verbose_name_plural = _("login events")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} {self.kind} {self.at:%d/%m/%Y %H:%M}"
