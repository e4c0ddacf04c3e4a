"""Outreach (tuyên truyền): each commune's schools and industrial zones, and the activities
held for them, for residential groups and villages, or online."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pcmt.geo.models import AdminUnit, Village

OUTREACH_STREAM = "outreach_activity"
OUTREACH_TARGET_STREAM = "outreach_target"


class SchoolLevel(models.TextChoices):
    LOWER_SECONDARY = "lower_secondary", _("lower secondary school")
    UPPER_SECONDARY = "upper_secondary", _("upper secondary school")
    VOCATIONAL = "vocational", _("vocational school")
    UNIVERSITY = "university", _("university or college")


class Topic(models.TextChoices):
    CYBERSPACE = "cyberspace", _("drugs in cyberspace")
    E_CIGARETTES = "e_cigarettes", _("e-cigarettes")
    LAUGHING_GAS = "laughing_gas", _("laughing gas (N2O)")
    SYNTHETIC_DRUGS = "synthetic_drugs", _("synthetic drugs")
    DRUG_LAW = "drug_law", _("the law on drug prevention")
    HARMS = "harms", _("harms of drugs")


class OnlineChannel(models.TextChoices):
    FACEBOOK = "facebook", _("Facebook page")
    ZALO = "zalo", _("Zalo group")


class OutreachAction(models.TextChoices):
    SCHOOL_ADDED = "school_added", _("school added")
    ZONE_ADDED = "industrial_zone_added", _("industrial zone added")
    ACTIVITY_RECORDED = "outreach_recorded", _("outreach activity recorded")
    SCHOOL_CHANGED = "school_changed", _("school changed")
    ZONE_CHANGED = "industrial_zone_changed", _("industrial zone changed")
    ACTIVITY_CHANGED = "outreach_changed", _("outreach activity changed")


class School(models.Model):
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False)
    level = models.CharField(_("level"), max_length=20, choices=SchoolLevel.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("school")
        constraints = [
            models.UniqueConstraint(fields=["commune", "name_folded"], name="school_unique_name"),
            models.CheckConstraint(
                condition=Q(level__in=SchoolLevel.values), name="school_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IndustrialZone(models.Model):
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("industrial zone")
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "name_folded"], name="industrial_zone_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OutreachActivity(models.Model):
    """One activity held on a day by an organising unit, in the commune that records it."""

    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date held"))
    organiser = models.CharField(_("organising unit"), max_length=200)
    schools = models.ManyToManyField(School, blank=True, related_name="activities")
    villages = models.ManyToManyField(Village, blank=True, related_name="outreach_activities")
    industrial_zones = models.ManyToManyField(IndustrialZone, blank=True, related_name="activities")
    channel = models.CharField(
        _("online channel"), max_length=20, choices=OnlineChannel.choices, blank=True
    )
    channel_name = models.CharField(_("channel name"), max_length=200, blank=True)
    channel_reach = models.PositiveIntegerField(_("online reach"), null=True, blank=True)
    audience = models.PositiveIntegerField(_("audience"))
    topics = models.JSONField(_("topics"), default=list)
    materials = models.TextField(_("materials"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outreach activity")
        indexes = [models.Index(fields=["commune", "held_on"], name="outreach_commune_day")]
        constraints = [
            # A reach belongs to a channel; a channel is named.
            models.CheckConstraint(
                condition=Q(channel="", channel_reach__isnull=True, channel_name="")
                | (~Q(channel="") & ~Q(channel_name="")),
                name="outreach_channel_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organiser} {self.held_on:%d/%m/%Y}"
