"""Places the police keep: drug hotspots, with their dated history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pcmt.core.text import _letter_key
from pcmt.geo.models import Located

HOTSPOT_STREAM = "hotspot"


def place_sort_key(name: str) -> str:
    """Letters first, then tones, as in a Vietnamese dictionary; digits only."""
    letters, tones = [], []
    for char in " ".join(name.split()):
        if char == " ":
            letters.append("00")
            continue
        rank, tone = _letter_key(char)
        letters.append(f"{rank:02d}")
        tones.append(str(tone))
    return "".join(letters)[:900] + "00" + "".join(tones)[:90]


class HotspotStatus(models.TextChoices):
    OPEN = "open", _("open")
    ELIMINATED = "eliminated", _("eliminated")
    RE_EMERGED = "re_emerged", _("re-emerged")


class HotspotSeverity(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary hotspot")
    SEVERE = "severe", _("severe hotspot")


class HotspotKind(models.TextChoices):
    SELLING = "selling", _("selling point")
    ORGANISED_USE = "organised_use", _("organised use")
    HARBOURING = "harbouring", _("harbouring use")
    GATHERING = "gathering", _("gathering place")
    ONLINE = "online", _("online / cyberspace")


class HotspotAction(models.TextChoices):
    CREATED = "hotspot_created", _("hotspot registered")
    ELIMINATED = "hotspot_eliminated", _("hotspot eliminated")
    RE_EMERGED = "hotspot_re_emerged", _("hotspot re-emerged")


class Hotspot(Located):
    """A point or gathering place of drug dealing or organised use, kept by its commune.

    `status` and the latest dates are the present; the history that counts as of a past day
    is in `HotspotSpell` (one row per period the hotspot was active).
    """

    name = models.CharField(_("name"), max_length=200)
    # Digits only: plain string order is Vietnamese alphabetical order of the name.
    name_sort = models.CharField(max_length=1000, editable=False, default="")
    kind = models.CharField(_("kind"), max_length=20, choices=HotspotKind.choices)
    severity = models.CharField(
        _("severity"),
        max_length=10,
        choices=HotspotSeverity.choices,
        default=HotspotSeverity.ORDINARY,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=HotspotStatus.choices, default=HotspotStatus.OPEN
    )
    discovered_on = models.DateField(_("discovered on"))
    eliminated_on = models.DateField(_("eliminated on"), null=True, blank=True)
    re_emerged_on = models.DateField(_("re-emerged on"), null=True, blank=True)
    business_name = models.CharField(_("linked business"), max_length=200, blank=True)
    source = models.CharField(_("source of detection"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(Located.Meta):
        verbose_name = _("hotspot")
        verbose_name_plural = _("hotspots")
        indexes = [models.Index(fields=["commune", "status"])]

    def __str__(self) -> str:
        return self.name


class HotspotSpell(models.Model):
    """One period a hotspot was active: from its discovery or re-emergence to its elimination.

    A hotspot is open on a day when one of its spells started on or before that day and had
    not ended by then (ended on a later day, or not yet).
    """

    hotspot = models.ForeignKey(Hotspot, on_delete=models.CASCADE, related_name="spells")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    severity = models.CharField(max_length=10, choices=HotspotSeverity.choices)
    re_emergence = models.BooleanField(default=False)

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="places_spell_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["hotspot"],
                condition=Q(ended_on__isnull=True),
                name="places_one_open_spell",
            ),
        ]
        indexes = [models.Index(fields=["started_on", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.hotspot_id}: {self.started_on} – {self.ended_on or ''}"
