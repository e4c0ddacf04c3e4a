"""Periodic statistical reports (Circular 13/2022/TT-BCA): templates, reports, frozen versions.

A template is configuration an administrator edits: sections of rows, each row a named source
(`sources.py`) or the sum of other rows, and the deadline day of each level. A report is one
unit's figures for one period; each submission freezes them as a numbered `ReportVersion`.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pcmt.geo.models import AdminUnit

REPORT_STREAM = "report"


class PeriodKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SIX_MONTH = "six_month", _("Six-month")
    NINE_MONTH = "nine_month", _("Nine-month")
    YEARLY = "yearly", _("Yearly")
    AD_HOC = "ad_hoc", _("Ad hoc")


class ReportStatus(models.TextChoices):
    PREPARED = "prepared", _("Prepared")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")


class ReportAction(models.TextChoices):
    PREPARED = "report_prepared", _("Report prepared")
    SUBMITTED = "report_submitted", _("Report submitted")
    RETURNED = "report_returned", _("Report returned for correction")
    APPROVED = "report_approved", _("Report approved")


class ReportTemplate(models.Model):
    """What a report contains and when it is due; edited by administrators.

    `layout` is {"sections": [{"title": str, "rows": [{"code", "label", "source"} or
    {"code", "label", "sum": [row codes]}]}]}; it is checked by `templates.layout_check`.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    issuing_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    layout = models.JSONField(_("sections and rows"), default=dict)
    period_kinds = models.JSONField(_("periods"), default=list)
    # The day of the period's last month each level's report is due (TT 13/2022: 16, 18).
    commune_due_day = models.PositiveSmallIntegerField(_("commune report due on day"), default=16)
    province_due_day = models.PositiveSmallIntegerField(_("province report due on day"), default=18)
    ministry_due_day = models.PositiveSmallIntegerField(
        _("report to the Ministry (C04) due on day"), default=20
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(commune_due_day__gte=1, commune_due_day__lte=31)
                & Q(province_due_day__gte=1, province_due_day__lte=31)
                & Q(ministry_due_day__gte=1, ministry_due_day__lte=31),
                name="report_template_due_days",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Report(models.Model):
    """One unit's report (a commune's, or the province's summary) for one period."""

    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    period_kind = models.CharField(_("period"), max_length=20, choices=PeriodKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices)
    number = models.CharField(_("report number"), max_length=60, blank=True)
    signer = models.CharField(_("signed by"), max_length=120, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        ordering = ["-period_end", "unit__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "unit", "period_start", "period_end"],
                name="report_one_per_unit_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="report_period_order"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.template} — {self.unit} {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"
        )


class ReportVersion(models.Model):
    """A submission: the figures frozen at that moment; later record changes do not move it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    figures = models.JSONField(_("figures"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.report} — v{self.number}"
