"""Residents per commune (and per village or residential group) per year, with their source.

Rates per 1,000 residents divide by the figure in force on a date (`selectors.residents_on`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pcmt.geo.models import AdminUnit, Village

FIRST_YEAR = 2000
LAST_YEAR = 2100


class PopulationFigure(models.Model):
    """How many people lived in a commune (or one of its villages) in a year, per a source."""

    commune = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        related_name="population_figures",
        verbose_name=_("commune"),
    )
    # Empty: the figure is the whole commune's.
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        related_name="population_figures",
        null=True,
        blank=True,
        verbose_name=_("village / residential group"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    residents = models.PositiveIntegerField(_("residents"))
    # The day the figure describes (e.g. 31/12 of the year, or a census day).
    as_of = models.DateField(_("as of"))
    source = models.CharField(_("source"), max_length=200)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Raised by every change: a write names the version it read (no lost update).
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["commune__code", "village__name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year"],
                condition=Q(village__isnull=True),
                name="populationfigure_one_per_commune_year",
            ),
            models.UniqueConstraint(
                fields=["village", "year"],
                condition=Q(village__isnull=False),
                name="populationfigure_one_per_village_year",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="populationfigure_year_range",
            ),
            models.CheckConstraint(
                condition=Q(residents__gte=0), name="populationfigure_residents_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["commune", "as_of"], name="populationfigure_as_of")]

    def __str__(self) -> str:
        unit = self.village.name if self.village_id and self.village else str(self.commune)
        return f"{unit} {self.year}: {self.residents}"
